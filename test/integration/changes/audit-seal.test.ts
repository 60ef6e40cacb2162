/**
 * Audit rows written before the hash chain (an ObjectId id, no seq) are sealed once, at the first
 * start with a key: one signed `note` per change lists them in stored order with their hashes.
 * After that a sealed row changed, removed or joined by a new unchained row breaks the record, and
 * a decision from before the chain whose signature was copied from another (the forgery that
 * `[signed]` used to show as signed) is caught.
 */
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { legacyCanonicalEntry } from '../../../src/changes/audit-chain';
import type { AuditEntry } from '../../../src/changes/change-audit.model';
import { loadBotSigner } from '../../../src/signing/bot-key';
import { dropTestDb, testDbUri } from '../../support/db';
import { startTestBot, testConfig, TestBot } from '../../support/test-bot';

let bot: TestBot;
let client: MongoClient;
let db: Db;
const uri = testDbUri('seal');
const text = TestBot.text;
const t = (minute: number) => new Date(Date.UTC(2025, 10, 3, 9, minute));
const legacy = (rfcKey: string, minute: number, row: Partial<Omit<AuditEntry, '_id'>>) => ({
  _id: new ObjectId(),
  rfcKey,
  at: t(minute),
  actorId: 'rolf',
  actorName: 'Rolf Eide',
  ...row,
});
let old901: Array<Record<string, unknown>>;

beforeAll(async () => {
  client = await new MongoClient(uri).connect();
  db = client.db();
  const signer = (await loadBotSigner(testConfig().changes.signing, process.env))!;
  const rfc = (number: number) => ({
    number,
    key: `RFC-${number}`,
    title: `Old change ${number}`,
    type: 'normal',
    state: 'approved',
    stateSeq: 2,
    requesterId: 'rolf',
    requesterName: 'Rolf Eide',
    board: 'ccb',
    conversation: { platform: 'test', channel: '#changes' },
    createdAt: t(0),
    updatedAt: t(9),
  });
  await db.collection('rfcs').insertMany([rfc(901), rfc(902)]);
  const decision = legacy('RFC-901', 9, {
    actorId: 'opsdesk',
    actorName: 'opsdesk',
    kind: 'decision',
    to: 'approved',
    reason: 'closed early',
    data: { approve: ['carl', 'cecilie', 'chris'], quorum: 3 },
  });
  decision.signature = await signer.sign(legacyCanonicalEntry(decision as unknown as AuditEntry));
  old901 = [
    legacy('RFC-901', 0, { kind: 'created', to: 'draft', reason: 'Old change 901' }),
    legacy('RFC-901', 1, { kind: 'transition', from: 'draft', to: 'proposed', reason: 'submitted' }),
    legacy('RFC-901', 5, {
      actorId: 'carl',
      actorName: 'Carl Aas',
      kind: 'vote',
      data: { choice: 'approve', reaction: '+1' },
    }),
    legacy('RFC-901', 8, {
      actorId: 'opsdesk',
      actorName: 'opsdesk',
      kind: 'transition',
      from: 'proposed',
      to: 'approved',
      reason: 'approval vote approved',
    }),
    decision,
  ];
  const forged = {
    ...legacy('RFC-902', 8, {
      actorId: 'opsdesk',
      actorName: 'opsdesk',
      kind: 'decision',
      to: 'approved',
      reason: 'closed early',
      data: { approve: ['carl', 'cecilie', 'chris'], quorum: 3 },
    }),
    signature: decision.signature,
  };
  // Stored out of time order: the seal orders them by time, then id.
  await db.collection('change_audit').insertMany([...old901].reverse());
  await db
    .collection('change_audit')
    .insertMany([
      legacy('RFC-902', 0, { kind: 'created', to: 'draft' }),
      legacy('RFC-902', 1, { kind: 'transition', from: 'draft', to: 'proposed' }),
      forged,
    ]);
  bot = await startTestBot({ mongoUri: uri });
});
afterAll(async () => {
  await bot?.stop();
  await client?.close();
  await dropTestDb(uri);
});

async function audit(key: string): Promise<string> {
  return text(await bot.say('maria', `/rfc audit ${key}`, { channel: '#ccb' }));
}

test('the first start seals each change: one signed note listing its old rows in stored order', async () => {
  const note = await db.collection('change_audit').findOne({ _id: 'RFC-901#0001' as never });
  expect(note).toMatchObject({
    seq: 1,
    kind: 'note',
    actorId: 'opsdesk',
    reason: expect.stringMatching(/^sealed 5 entries recorded before the audit chain, as stored at /),
  });
  expect((note!.data as { sealed: Array<{ id: string }> }).sealed.map((s) => s.id)).toEqual(
    old901.map((r) => String(r._id)),
  );
  expect(note!.signature).toMatch(/^-----BEGIN PGP SIGNATURE-----/);
  const fingerprint = (await bot.services.changes.signer())!.fingerprint!;
  const shown = await audit('RFC-901');
  expect(shown).toContain(
    `RFC-901 record (6 entries): verified (6 entries, 5 of them sealed from before the chain, signed by ` +
      `${fingerprint})`,
  );
  expect(shown).toMatch(
    /sealed .* Rolf Eide: created draft[\s\S]*sealed .* opsdesk: decision approved — closed early\n#1 .* opsdesk: note — sealed 5 entries/,
  );
});

test('a decision from before the chain with a signature copied from another is caught', async () => {
  expect(await audit('RFC-902')).toContain(
    'BROKEN at sealed entry 3 of 3 (forged: its decision signature does not verify)',
  );
  await expect(bot.say('maria', '/rfc export RFC-902', { channel: '#ccb' }).then(text)).resolves.toMatch(
    /^RFC-902's record is BROKEN at sealed entry 3 of 3 \(forged/,
  );
});

test('new entries continue the sealed chain; the seal is not made twice', async () => {
  await bot.services.changes.record({
    rfcKey: 'RFC-901',
    actorId: 'rolf',
    kind: 'note',
    reason: 'reviewed after the upgrade',
  });
  expect(await bot.services.changes.sealLegacyAudit()).toBe(0);
  expect(
    await db.collection('change_audit').countDocuments({ rfcKey: 'RFC-901', kind: 'note', reason: /^sealed/ }),
  ).toBe(1);
  expect(await audit('RFC-901')).toContain('RFC-901 record (7 entries): verified (7 entries, 5 of them sealed');
});

test('a sealed row changed, removed, or a new row outside the chain: the record is broken', async () => {
  const rows = db.collection('change_audit');
  const vote = old901[2];
  await rows.updateOne({ _id: vote._id as ObjectId }, { $set: { 'data.choice': 'reject' } });
  expect(await audit('RFC-901')).toContain('BROKEN at sealed entry 3 of 5 (changed: ');
  await rows.deleteOne({ _id: vote._id as ObjectId });
  expect(await audit('RFC-901')).toContain(
    `BROKEN at sealed entry 3 of 5 (removed: row ${String(vote._id)} is missing)`,
  );
  await rows.insertOne(vote);
  expect(await audit('RFC-901')).toMatch(/verified \(7 entries/);
  const stray = legacy('RFC-901', 6, {
    actorId: 'chris',
    actorName: 'Chris Moe',
    kind: 'vote',
    data: { choice: 'approve', reaction: '+1' },
  });
  await rows.insertOne(stray);
  expect(await audit('RFC-901')).toContain(
    `BROKEN at row ${String(stray._id)} (inserted: it is not in the chain and no seal lists it)`,
  );
});
