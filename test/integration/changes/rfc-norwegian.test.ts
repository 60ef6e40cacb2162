/**
 * The change process for a requester who reads Norwegian (`language: nb`) in an organisation whose language is
 * English: Rolf proposes a change, answers the dialogue, submits it, gets the board's result and reads `rfc show`,
 * all in Norwegian, with dates in the Norwegian form; the CCB card in #ccb stays in the organisation's language.
 * It would catch an rfc answer, a field label or question, a policy refusal or the vote result that bypasses the
 * catalog (the stop-list finds English words in what Rolf received), and a Norwegian sentence leaking to an English
 * reader.
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { ManualClock } from '../../../src/core/clock';
import { Rfc } from '../../../src/changes/rfc.model';
import type { MessageRef } from '../../../src/chat/conversation-ref';
import { FIXTURE_CONFIG, startTestBot, TestBot } from '../../support/test-bot';

let bot: TestBot;
const clock = new ManualClock('2026-11-23T09:00:00Z');
const text = TestBot.text;

/** English words that have no business in a Norwegian message (keys, field names and commands aside). */
const ENGLISH =
  /\b(the|is|are|was|has|have|you|your|still|missing|created|draft|queued|vote closes|approved|requested|type|answer|here|works|too|noted|receipt)\b/iu;

beforeAll(async () => {
  const raw = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as { people: Array<Record<string, unknown>> };
  const people = raw.people.map((p) => (p.id === 'rolf' ? { ...p, language: 'nb' } : p));
  bot = await startTestBot({ clock, config: { people } });
});
afterAll(async () => {
  await bot?.stop();
});

const ANSWERS = [
  'Lærerne trenger nye LibreOffice til eksamensmalene',
  'Installer LibreOffice 25.8 fra skolens pakkebrønn på alle klasseromsmaskiner',
  'medium',
  'classroom-pcs',
  '2026-12-01 16:00..2026-12-01 20:00',
  'Pilot i rom 12 i en uke',
  'Installer 24.2 igjen fra hurtigbufferen med tilbakeføringsskriptet',
];

function lastCard(): { ref: MessageRef; text: string } {
  const posts = bot.sent.filter((s) => s.action === 'post' && s.to?.channel === '#ccb' && s.msg.card?.kind === 'rfc');
  const p = posts[posts.length - 1];
  const edits = bot.sent.filter((s) => s.action === 'edit' && s.ref.messageId === p.ref.messageId);
  return { ref: p.ref, text: (edits.length ? edits[edits.length - 1] : p).msg.text };
}

/** Names, keys, commands, field names, state names (typed in commands) and the typed answers: not the bot's words. */
const strip = (s: string) =>
  s
    .replace(/`[^`]*`/gu, '')
    .replace(/RFC-\d+|Rolf \w+|classroom-pcs|Europe\/Oslo|LibreOffice[^\n.:]*/gu, '')
    .replace(/\b(need|description|risk|targets|window|testPlan|backoutPlan|medium|normal|low|high)\b/gu, '')
    .replace(/\[APPROVED\]|\b(approval|approved|reviewed|proposed|built|withdrawn|cancelled)\b/gu, '');

test('a requester with language nb proposes, answers, submits, gets the result and reads rfc show in Norwegian', async () => {
  const said: string[] = [];
  const created = text(
    await bot.say('rolf', '/rfc new Oppgrader LibreOffice til 25.8', { channel: '#changes', messageId: 'nb-1' }),
  );
  said.push(created);
  const key = /Opprettet (RFC-\d+)/u.exec(created)![1];
  expect(created).toBe(
    `Opprettet ${key} (normal, utkast): Oppgrader LibreOffice til 25.8.\n` +
      `${key}, behov (7 mangler fortsatt: need, description, risk, targets, window, testPlan, backoutPlan): ` +
      'Hvorfor trengs den: hvilken nytte gir den for skolen eller teknisk?\n' +
      `_Svar her; \`cancel\` stopper spørsmålene, \`/rfc edit ${key} need=…\` virker også._`,
  );
  // Submitting early is refused in Norwegian, naming what is missing.
  const early = text(await bot.say('rolf', `/rfc submit ${key}`, { channel: '#changes' }));
  said.push(early);
  expect(early).toMatch(/need, description, risk, targets, window, testPlan, backoutPlan/u);

  said.push(text(await bot.say('rolf', ANSWERS[0], { channel: '#changes', thread: 'nb-1' })));
  expect(said[said.length - 1]).toMatch(/^Notert: behov\.\n.*beskrivelse \(6 mangler fortsatt/u);
  said.push(text(await bot.say('rolf', ANSWERS[1], { channel: '#changes', thread: 'nb-1' })));
  const badRisk = text(await bot.say('rolf', 'ekstrem', { channel: '#changes', thread: 'nb-1' }));
  said.push(badRisk);
  expect(badRisk).toBe(
    'Risiko må være en av: low, medium, high (ikke «ekstrem»). Hvor risikabel er den? (low, medium, high)',
  );
  for (const a of ANSWERS.slice(2)) said.push(text(await bot.say('rolf', a, { channel: '#changes', thread: 'nb-1' })));
  expect(said[said.length - 1]).toBe(
    `Notert: tilbakeføringsplan.\n${key} har alt CCB trenger. Skriv \`/rfc submit ${key}\` for å sende den til CCB.`,
  );

  const submitted = await bot.say('rolf', `/rfc submit ${key}`, { channel: '#changes' });
  const receipt = text(submitted.filter((s) => s.to?.channel !== '#ccb'));
  said.push(receipt);
  expect(receipt).toMatch(
    new RegExp(
      `^Kvittering: ${key} står i kø hos CCB \\(6 medlemmer, beslutningsdyktig ved 3\\)\\. Avstemningen avsluttes ` +
        '\\d\\d\\.\\d\\d\\.2026 \\d\\d:\\d\\d eller så snart utfallet er sikkert; jeg sier fra til deg om beslutningen\\.',
      'u',
    ),
  );
  // The card is read by the whole board in its channel: the organisation's language (English here).
  expect(lastCard().text).toMatch(new RegExp(`${key} Oppgrader LibreOffice til 25.8 \\[VOTING: APPROVAL\\]`, 'u'));

  // The requester's own reaction is refused by the change policy (four eyes), privately and in Norwegian.
  const own = await bot.react('rolf', lastCard().ref, '+1');
  expect(own.map((s) => s.msg.text)).toEqual([
    `Reaksjonen din på kortet for ${key} teller ikke. Du bestilte ${key}, så du kan ikke stemme over den: ` +
      'fire øyne-prinsippet, noen andre enn bestilleren avgjør. De andre medlemmene i styret stemmer over den.',
  ]);

  const before = bot.dmsTo('rolf').length;
  for (const who of ['carl', 'cecilie', 'maria', 'camilla']) await bot.react(who, lastCard().ref, '+1');
  expect((await Rfc.findOne({ key }).lean())?.state).toBe('approved');
  const result = text(bot.dmsTo('rolf').slice(before));
  said.push(result);
  expect(result).toContain(`CCBs godkjenningsavstemning om ${key} er avsluttet: *godkjent*`);

  const show = await bot.say('rolf', `/rfc show ${key}`, { channel: '#changes' });
  const shown = text(show);
  said.push(shown);
  expect(shown).toContain(`${key} Oppgrader LibreOffice til 25.8 [APPROVED] (normal, bestilt av Rolf`);
  expect(shown).toContain('Risiko: medium');
  expect(shown).toContain('Tidsvindu: 2026-12-01 16:00..2026-12-01 20:00 (Europe/Oslo)');
  expect(shown).toContain('Tilbakeføringsplan: Installer 24.2 igjen');
  expect(shown).toMatch(/Godkjent \(approval\): av .+, sjekksum [0-9a-f]{12}/u);
  expect(shown).toContain(`Skriv \`rfc audit ${key}\` for historikken.`);
  expect(show[0].msg.card?.fields?.map((f) => f.label)).toEqual(['Type', 'Bestilt av']);

  // A step refused by the lifecycle, in Norwegian.
  const refused = text(await bot.say('rolf', `/rfc review ${key} gikk fint`, { channel: '#changes' }));
  said.push(refused);
  expect(refused).toContain(`${key} er approved; den kan ikke bli reviewed. Fra approved kan den bli:`);
  expect(refused).toContain(`Skriv \`rfc show ${key}\` for å se hvor den står.`);

  expect(strip(said.join('\n'))).not.toMatch(ENGLISH);
});

test('change orders in Norwegian: created, refused, shown with the target date in the Norwegian form', async () => {
  const created = text(
    await bot.say('rolf', '/order new Flytting av eksamensserveren --external-id CO-2001 --target-date 2026-12-10'),
  );
  const id = /endringsordren (CO-\d+)/u.exec(created)![1];
  expect(created).toBe(
    `Opprettet endringsordren ${id} (CO-2001): Flytting av eksamensserveren, frist 10.12.2026 23:59. ` +
      `Legg til endringene: \`order add ${id} RFC-…\`.`,
  );
  expect(text(await bot.say('rolf', `/order add ${id} RFC-999`))).toContain('RFC-999 er ikke en RFC jeg kjenner til.');
  expect(text(await bot.say('rolf', `/order add ${id} RFC-1`))).toBe(`${id} samler nå RFC-1.`);
  expect(text(await bot.say('rolf', `/order show ${id}`))).toMatch(
    new RegExp(
      `^${id} \\(CO-2001\\) Flytting av eksamensserveren: 1 endring: 1 approved; frist 10\\.12\\.2026 23:59\n• RFC-1 `,
      'u',
    ),
  );
});

test('an English reader of the same process still reads English', async () => {
  const out = text(await bot.say('oscar', '/rfc list all', { channel: '#changes' }));
  expect(out).toMatch(/^1 change:\nRFC-\d+ \[approved\] Oppgrader LibreOffice til 25.8 — normal, Rolf/u);
});
