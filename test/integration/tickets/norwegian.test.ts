/**
 * The seed's printer case entirely in Norwegian: Anna has `language: nb` and writes "skriveren på
 * rom 12 skriver ikke ut". The case is classified as printing (Norwegian keywords), and every
 * message she receives, from the receipt to the thanks for her confirmation, is Norwegian (the
 * exact list is asserted, so an English sentence or a missing notice fails). The operators still
 * get English (they have no language set and the organisation's default is English).
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { FIXTURE_CONFIG, startTestBot, TestBot } from '../../support/test-bot';
import { Ticket } from '../../../src/tickets/ticket.model';

let bot: TestBot;

beforeAll(async () => {
  const raw = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as { people: Array<Record<string, unknown>> };
  const people = raw.people.map((p) => (p.id === 'anna' ? { ...p, language: 'nb' } : p));
  bot = await startTestBot({ config: { people } });
});

afterAll(async () => {
  await bot?.stop();
});

const text = TestBot.text;

test('the printer case in Norwegian: classified as printing, every message to the teacher in Norwegian', async () => {
  const receipt = await bot.say('anna', 'skriveren på rom 12 skriver ikke ut');
  const t = await Ticket.findOne({ reporterId: 'anna' }).lean();
  expect(t?.category).toBe('printing');
  const key = t!.key;
  expect(text(receipt)).toBe(
    `Registrert som *${key}* (utskrift, P3 normal). Brukerstøtten svarer deg her.\n` +
      `Vil du legge til noe, svar i denne tråden eller skriv en melding som begynner med ${key}.`,
  );
  expect(receipt[0].msg.card?.fields).toEqual([
    { label: 'Kategori', value: 'utskrift' },
    { label: 'Prioritet', value: 'P3 normal' },
  ]);

  const assigned = await bot.say('oscar', `/ticket assign ${key} me`);
  expect(text(assigned)).toMatch(new RegExp(`${key} is assigned to you`, 'u'));
  await bot.say('oscar', `/ticket comment ${key} @ingrid kan du sjekke papirskuffen på skriveren i rom 12?`);
  await bot.say('ingrid', `${key} papirskuffen er full og toneren er grei, men skriveren viser ingen jobber`);
  await bot.say('oscar', `/ticket escalate ${key} petra utskriftskøen på serveren henger`);
  await bot.say('petra', `/ticket resolve ${key} startet utskriftstjenesten på nytt og tømte køen for rom 12`);
  await bot.say('anna', `${key} takk, nå skriver den igjen`);
  await bot.say('anna', `/ticket confirm ${key} det virker igjen, takk`);

  const hint = `_Svar i denne tråden eller skriv \`${key} …\` for å legge til detaljer._`;
  expect(bot.dmsTo('anna').map((s) => s.msg.text)).toEqual([
    receipt[0].msg.text,
    `${key} er nå *tildelt* Oscar Nilsen.\n${hint}`,
    `Oscar Nilsen om ${key}: @ingrid kan du sjekke papirskuffen på skriveren i rom 12?\n${hint}`,
    `Ingrid Lie om ${key}: ${key} papirskuffen er full og toneren er grei, men skriveren viser ingen jobber\n${hint}`,
    `${key} er nå *eskalert* til Petra Holm: utskriftskøen på serveren henger\n${hint}`,
    `${key} er nå *løst*: startet utskriftstjenesten på nytt og tømte køen for rom 12\n` +
      '*Fikset?* Svar med ett trykk: ✅ *Ja, fikset* eller ❌ *Fortsatt feil* (knappen, eller den reaksjonen på ' +
      'denne meldingen).\n' +
      `Eller skriv \`ticket confirm ${key}\`, eller \`ticket reopen ${key} HVA SOM ER GALT\`; et svar i denne tråden ` +
      'som sier hva som fortsatt er galt, gjenåpner den også.\n' +
      `Svarer ingen, lukkes ${key} av seg selv etter 5 skoledager.`,
    `Lagt til i ${key}. Så bra at det virker! Trykk ✅ *Ja, fikset* på spørsmålet over for å lukke saken.`,
    `Takk! ${key} er lukket.`,
  ]);
  // And the operator who worked on it still reads English.
  expect(text(bot.dmsTo('petra'))).toMatch(new RegExp(`Anna Berg confirmed the fix of ${key}; it is closed\\.`, 'u'));
});

test('Norwegian refusals: a case she cannot see, a message that is too long', async () => {
  expect(text(await bot.say('anna', '/ticket show INC-99999'))).toBe(
    'INC-99999 er ikke en sak du har tilgang til.\nSkriv `ticket list` for å se sakene dine.',
  );
  expect(text(await bot.say('anna', '/ticket assign INC-1 me'))).toBe(
    '`ticket assign` er for: operator, admin. Du er: reporter.\nSpør en administrator hvis du trenger den rollen.',
  );
  expect(text(await bot.say('anna', '/ ticket list'))).toBe(
    '`/` er ikke en kommando — skriv /help. Mente du `/ticket` (uten mellomrom etter /)?\n' +
      'Ingenting ble registrert. For å melde et problem, skriv det uten / først.',
  );
  const open = await bot.say('anna', 'projektoren i rom 3 viser ikke bilde');
  const key = /\*(INC-\d+)\*/u.exec(text(open))![1];
  expect(text(await bot.say('anna', `/ticket confirm ${key}`))).toBe(`${key} er ny; bare en løst sak kan bekreftes.`);
  expect(text(await bot.say('anna', `/ticket reopen ${key} den er fortsatt svart`))).toBe(
    `${key} er fortsatt åpen (ny).`,
  );

  const unseen = await bot.say('anna', 'INC-99999 skriveren er fortsatt ødelagt');
  expect(text(unseen)).toBe(
    'INC-99999 er ikke en sak du har tilgang til, så meldingen din ble ikke lagt til.\n' +
      'Er det et nytt problem, send meldingen på nytt uten «INC-99999», så registrerer jeg en ny sak. ' +
      '`ticket list` viser sakene dine.',
  );
  const long = await bot.say('anna', 'skriveren '.repeat(2000));
  expect(text(long)).toMatch(/^Meldingen din er \d+ tegn lang; jeg tar imot meldinger på opptil \d+ tegn\.\n/u);
});

test('help for a teacher in Norwegian', async () => {
  const help = text(await bot.say('anna', '/help'));
  expect(help).toMatch(/^\*opsdesk\* — IT-brukerstøtten for skolene\.\nSkriv til meg i en direktemelding/u);
  expect(help).toMatch(/\/ticket — Saker: list, show/u);
  expect(help).not.toMatch(/\/stats/u);
  expect(text(await bot.say('anna', '/help all'))).toMatch(/\/stats — .*\(ikke for din rolle\)/u);
  const ticket = text(await bot.say('anna', '/help ticket'));
  expect(ticket).toContain(
    '/ticket confirm CASE [NOTE] — Bekreft at en løst sak du har meldt, er i orden; saken lukkes.',
  );
  expect(ticket).toMatch(/\nEksempler:\n/u);
});
