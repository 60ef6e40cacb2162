/**
 * `rfc audit` for a reader of Norwegian (`language: nb`): the verdict on the chain, the dates of the entries, the
 * `sealed`/broken marks and where and why a record breaks are Norwegian; the entries themselves (the record: kind,
 * states, reasons) stay as recorded. Would catch a verdict built in English (audit-chain.ts), a break reason or a
 * signature failure that bypasses the catalog, or an entry date written the English way.
 */
import mongoose from 'mongoose';
import type { ObjectId } from 'mongodb';
import { auditEntryId, entryHash } from '../../../src/changes/audit-chain';
import type { AuditEntry } from '../../../src/changes/change-audit.model';
import { ManualClock } from '../../../src/core/clock';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { FIXTURE_CONFIG, startTestBot, TestBot } from '../../support/test-bot';

let bot: TestBot;
const clock = new ManualClock('2026-11-23T09:00:00Z');
const text = TestBot.text;

const raw = () =>
  mongoose.connection.db!.collection<{ _id: string | ObjectId } & Record<string, unknown>>('change_audit');

beforeAll(async () => {
  const config = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as { people: Array<Record<string, unknown>> };
  const people = config.people.map((p) => (p.id === 'rolf' ? { ...p, language: 'nb' } : p));
  bot = await startTestBot({ clock, config: { people } });
});
afterAll(async () => {
  await bot?.stop();
});

async function change(title: string): Promise<string> {
  const key = /RFC-\d+/u.exec(text(await bot.say('rolf', `/rfc new ${title}`, { channel: '#changes' })))![0];
  clock.advance(60_000);
  await bot.say('rolf', `/rfc edit ${key} risk=low`, { channel: '#changes' });
  clock.advance(60_000);
  await bot.say('rolf', `/rfc edit ${key} targets=classroom-pcs`, { channel: '#changes' });
  return key;
}

const audit = async (who: string, key: string) => text(await bot.say(who, `/rfc audit ${key}`, { channel: '#ccb' }));

test('an intact record: the verdict, the entry dates and the head line in Norwegian', async () => {
  const key = await change('Ny LibreOffice');
  const fingerprint = (await bot.services.changes.signer())!.fingerprint!;
  const shown = (await audit('rolf', key)).split('\n');
  expect(shown[0]).toBe(
    `Historikken til ${key} (3 oppføringer): verifisert (3 oppføringer, signert av ${fingerprint})`,
  );
  expect(shown[1]).toBe('#1 23.11.2026 10:00 Rolf Eide: created draft — Ny LibreOffice');
  expect(shown[2]).toBe('#2 23.11.2026 10:01 Rolf Eide: edited risk');
  expect(shown[4]).toMatch(/^Siste: oppføring 3, [0-9a-f]{64}$/u);
  // The reply says its reader's language, so an adapter writes its own words in it (Slack's card overflow).
  const sent = await bot.say('rolf', `/rfc audit ${key}`, { channel: '#ccb' });
  expect(sent.filter((s) => s.action === 'post').map((s) => s.msg.lang)).toEqual(['nb']);
  // The same record for an English reader.
  expect((await audit('maria', key)).split('\n')[0]).toBe(
    `${key} record (3 entries): verified (3 entries, signed by ${fingerprint})`,
  );
});

test('a changed entry and a re-hashed (forged) one: where and why, in Norwegian, the row marked', async () => {
  const changed = await change('Endret oppføring');
  await raw().updateOne({ _id: auditEntryId(changed, 2) }, { $set: { data: { fields: ['need'] } } });
  const shown = (await audit('rolf', changed)).split('\n');
  expect(shown[0]).toBe(
    `Historikken til ${changed} (3 oppføringer): BRUTT ved oppføring 2 (endret: innholdet stemmer ikke med hasjen)`,
  );
  expect(shown[2]).toBe('#2 23.11.2026 10:03 Rolf Eide: edited need   <- BRUTT');

  const forged = await change('Forfalsket oppføring');
  const e = (await raw().findOne({ _id: auditEntryId(forged, 2) }))! as unknown as AuditEntry;
  const rewritten = { ...e, data: { fields: ['need'] } };
  await raw().updateOne({ _id: e._id }, { $set: { data: rewritten.data, hash: entryHash(rewritten) } });
  expect((await audit('rolf', forged)).split('\n')[0]).toBe(
    `Historikken til ${forged} (3 oppføringer): BRUTT ved oppføring 2 (forfalsket: signaturen kan ikke verifiseres)`,
  );
  expect((await audit('maria', forged)).split('\n')[0]).toBe(
    `${forged} record (3 entries): BROKEN at entry 2 (forged: its signature does not verify)`,
  );
});
