/**
 * An organisation whose default language is Norwegian Bokmål (`organisation.language: nb`): the
 * operator Oscar triages the teacher's case (list, show, assign, an internal note, a refusal) and
 * reads Norwegian throughout, with dates in the Norwegian form and the organisation's time zone.
 * Petra has `language: en` and still reads English (the person's language beats the organisation's).
 * Each test would catch an operator-facing sentence that bypasses the catalog: the stop-list below
 * finds English words in what Oscar received.
 */
import { FIXTURE_CONFIG, startTestBot, TestBot } from '../../support/test-bot';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';

let bot: TestBot;
const text = TestBot.text;

/** What `who` got back in their own DM for typing `typed` (not the notices it sent to others). */
async function ask(who: string, typed: string): Promise<string> {
  return text((await bot.say(who, typed)).filter((s) => s.to?.channel === `dm:${who}`));
}

/** English words that have no business in a Norwegian message (names, keys and commands aside). */
const ENGLISH =
  /\b(the|is|are|was|has|have|you|your|cases?|assigned|unassigned|history|reported|added|internal|note|priority|category|school|reporter|opened|ago|missing)\b/iu;

beforeAll(async () => {
  const raw = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as { people: Array<Record<string, unknown>> };
  const people = raw.people.map((p) => (p.id === 'petra' ? { ...p, language: 'en' } : p));
  bot = await startTestBot({ config: { organisation: { language: 'nb' }, people } });
});

afterAll(async () => {
  await bot?.stop();
});

test('an operator triages a case in Norwegian: list, show, assign, an internal note', async () => {
  const receipt = await bot.say('anna', 'skriveren på rom 12 skriver ikke ut');
  const key = /\*(INC-\d+)\*/u.exec(text(receipt))![1];

  const list = await ask('oscar', '/ticket list');
  expect(list).toMatch(
    new RegExp(`^1 sak:\\n${key} \\[P3\\] ny \\(ingen ansvarlig\\) · utskrift · nordby · 0 min · `, 'u'),
  );
  expect(await ask('oscar', '/ticket list unassigned')).toMatch(/^1 sak:/u);

  expect(await ask('oscar', `/ticket assign ${key} me`)).toBe(`${key} er tildelt deg (tildelt).`);
  expect(await ask('oscar', `/ticket assign ${key} petra`)).toBe(`${key} er tildelt Petra Holm (tildelt).`);
  expect(text(bot.dmsTo('petra'))).toContain(
    `Oscar Nilsen assigned ${key} to you: skriveren på rom 12 skriver ikke ut`,
  );
  expect(await ask('oscar', `/ticket assign ${key} me`)).toBe(`${key} er tildelt deg (tildelt).`);

  const note = await ask('oscar', `/ticket note ${key} @ingrid kan du sjekke papirskuffen?`);
  expect(note).toBe(`Internt notat lagt til i ${key}; sendt til Ingrid Lie. Den som meldte saken, ser det ikke.`);
  expect(text(bot.dmsTo('ingrid'))).toContain(
    `Oscar Nilsen om ${key} (skriveren på rom 12 skriver ikke ut), *internt notat*`,
  );

  const show = (await bot.say('oscar', `/ticket show ${key}`)).filter((s) => s.to?.channel === 'dm:oscar');
  const shown = text(show);
  expect(shown).toMatch(
    /Status: tildelt · Prioritet: P3 · Kategori: utskrift · Skole: nordby · Meldt av: Anna Berg · Ansvarlig: Oscar Nilsen · Opprettet: \d\d\.\d\d\.\d{4} \d\d:\d\d \(for 0 min siden\)/u,
  );
  expect(shown).toContain('Historikk:\n  1. ');
  expect(shown).toMatch(/ {2}1\. \d\d\.\d\d\.\d{4} \d\d:\d\d {2}Anna Berg meldte saken\n/u);
  expect(shown).toContain('Oscar Nilsen tildelte saken til Oscar Nilsen');
  expect(shown).toContain('Oscar Nilsen: ny → tildelt');
  expect(shown).toContain('[internt] Oscar Nilsen: @ingrid kan du sjekke papirskuffen?');
  expect(show[0].msg.card?.status).toBe('TILDELT');

  expect(await ask('oscar', `/ticket assign ${key}`)).toBe(
    'PERSON mangler.\nBruk: /ticket assign CASE PERSON\nEksempel: /ticket assign INC-1042 me',
  );
  expect(await ask('oscar', '/ticket show nummer-to')).toBe(
    'CASE: forventet et saksnummer som INC-1042.\nBruk: /ticket show CASE\nEksempel: /ticket show INC-1042',
  );
  expect(await ask('oscar', '/ticket lsit')).toMatch(/^`\/ticket lsit` er ikke en ticket-kommando\./u);
  expect(await ask('oscar', '/tikcet list')).toBe(
    'Jeg kjenner ikke kommandoen `/tikcet`. Mente du `/ticket`?\nSkriv `/help` for å se kommandoene.',
  );

  const toOscar = [list, note, shown]
    .join('\n')
    .replace(/skriveren på rom 12 skriver ikke ut|INC-\d+|\/ticket \w+/gu, '');
  expect(toOscar).not.toMatch(ENGLISH);
});

test('the digest in an organisation whose language is Norwegian is Norwegian, dates in Norwegian', async () => {
  // A case without a school (Oscar has none): its group in "by school" is said in Norwegian too.
  expect(text(await bot.say('oscar', 'nettet er nede på lærerværelset'))).toMatch(/INC-\d+/u);
  const [posted] = await bot.say('petra', '/digest now --no-chart', { channel: '#operators' });
  const { text: fallback, card } = posted.msg;
  // Petra reads English herself, but the digest is posted in a channel: the organisation's language.
  expect(fallback).toMatch(
    /^\*Nordby and Sandvik schools: dagsoversikt (mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) \d+\. (januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)\*\n\d+ åpne \(/u,
  );
  expect(fallback).toMatch(
    /nye og \d+ løst siden (man|tir|ons|tor|fre|lør|søn)\.? \d\d:\d\d; \d+ over SLA, \d+ nær, \d+ uten ansvarlig\.$/u,
  );
  expect(card?.fields?.map((f) => f.label)).toEqual([
    'Åpne',
    expect.stringMatching(/^Nye siden /u),
    expect.stringMatching(/^Løst siden /u),
    'SLA brutt',
    'Uten ansvarlig',
  ]);
  expect(card?.sections?.map((s) => s.heading)).toEqual(
    expect.arrayContaining(['Åpne saker', expect.stringMatching(/^Eldste åpne \(\d+\)$/u)]),
  );
  const lines = (card?.sections ?? []).flatMap((s) => [s.heading ?? '', ...s.lines]).join('\n');
  expect(lines).toMatch(/Etter prioritet: P1 \d+ · P2 \d+/u);
  expect(lines).toMatch(/ · \d+ skoledag(er)? · /u);
  expect(lines).toMatch(/Etter skole: .*\(ingen skole\) 1/u);
  const words = [fallback, lines]
    .join('\n')
    .replace(/Nordby and Sandvik schools|skriveren på rom 12 skriver ikke ut/gu, '');
  expect(words).not.toMatch(ENGLISH);
});

test("a known error's workaround is offered in Norwegian, and the answer is Norwegian", async () => {
  const first = text(await bot.say('anna', 'projektoren i rom 4 viser ikke bilde'));
  const firstKey = /INC-\d+/u.exec(first)![0];
  const made = text(
    await bot.say(
      'oscar',
      `/problem new projektoren i rom 4 mister signalet --workaround "velg HDMI 2 på fjernkontrollen" --link ${firstKey}`,
    ),
  );
  const prb = /PRB-\d+/u.exec(made)![0];
  expect(made).toBe(
    `Registrerte ${prb}: projektoren i rom 4 mister signalet (kjent feil; omvei: velg HDMI 2 på fjernkontrollen).\n` +
      `Knyttet til: ${firstKey}.`,
  );
  const out = await bot.say('bjorn', 'ikke noe bilde fra projektoren i rom 4');
  const receipt = out.find((s) => /Registrert som/u.test(s.msg.text))!;
  const key = /INC-\d+/u.exec(receipt.msg.text)![0];
  expect(receipt.msg.text).toContain(
    `Dette ligner på ${prb} (kjent feil): velg HDMI 2 på fjernkontrollen\n_(den har ordene `,
  );
  expect(receipt.msg.text).toContain('*Hjalp det?* Svar med ett trykk: ✅ *Ja, fikset* eller ❌ *Nei*');
  expect(receipt.msg.actions!.map((a) => a.label)).toEqual(['Ja, fikset', 'Nei']);
  const fixed = await bot.react('bjorn', receipt.ref, '✅');
  expect(text(fixed)).toContain(`Flott! ${key} er lukket, løst med omveien fra ${prb}.`);
  expect(text(fixed)).toContain('_Besvart ✅ ja av Bjørn Dahl._');
  expect(await ask('oscar', '/problem show')).toBe(
    `Problemer som ikke er løst ennå:\n${prb} [kjent feil] projektoren i rom 4 mister signalet · 2 saker`,
  );
  expect(await ask('oscar', '/problem fix PRB-999 byttet lampe')).toBe(
    'PRB-999 finnes ikke.\nSkriv `problem show` for å se problemene.',
  );
});

test('statistics in Norwegian, and a period refused in Norwegian', async () => {
  const stats = (await bot.say('oscar', '/stats 7d')).find((s) => s.to?.channel === 'dm:oscar')!;
  expect(stats.msg.text).toMatch(/^\*Statistikk: siste 7 dager\* — \d+ saker\n/u);
  expect(stats.msg.text).toMatch(/Saker: Etter kategori: [^\n]*utskrift \d/u);
  expect(stats.msg.text).toContain('Tider (i skoletiden): Median til første svar: ');
  expect(stats.msg.card?.fields?.map((f) => f.label)).toEqual([
    'Saker',
    'Median første svar',
    'Median løsning',
    'Andel gjenåpnet',
  ]);
  expect(stats.msg.text.replace(/`[^`]*`/gu, '')).not.toMatch(ENGLISH);
  expect(await ask('oscar', '/stats 0d')).toBe(
    '«0d» er en tom periode: ta med minst én dag.\n' +
      'Bruk en periode som `7d`, `4w`, `week`, `month`, `2026-03`, `2026` eller `2026-01-01..2026-03-31`.',
  );
  expect(await ask('oscar', '/stats month')).toMatch(
    /^\*Statistikk: (januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember) \d{4}\*/u,
  );
});

test('deployment freezes in Norwegian: none, a refused freeze, one set and listed, lifted', async () => {
  expect(await ask('anna', '/deploy freezes')).toBe('Ingen fryser.');
  expect(await ask('rolf', '/deploy freeze nordby')).toMatch(
    /^Skriv `until DATE` etter gruppen\.\nBruk: \/deploy freeze /u,
  );
  expect(await ask('rolf', '/deploy freeze nordby until 2099-06-12 eksamensuke')).toMatch(/^Frys satt: /u);
  expect(await ask('anna', '/deploy freezes')).toMatch(
    /^nordby: \d\d\.\d\d\.\d{4} \d\d:\d\d – 12\.06\.2099 23:59, av Rolf Eide \(\w+\): eksamensuke$/u,
  );
  expect(await ask('rolf', '/deploy unfreeze nordby')).toBe(
    'nordby er ikke lenger fryst (1 frys avsluttet av Rolf Eide).',
  );
});
