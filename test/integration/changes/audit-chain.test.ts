/**
 * The change audit as a hash chain you can verify. Rows are changed, removed, reordered and
 * inserted in `change_audit` directly with the driver (past the model's append-only guards), as
 * someone with database access would; `rfc audit`, `opsdesk audit verify` (the real CLI in a child
 * process) and `rfc export` must each name the break. A forged decision with a copied signature is
 * caught by the signature; 20 concurrent appends from two service instances form one chain; an
 * intact export verifies with gpg and with the offline recipe of docs/change-management.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectId } from 'mongodb';
import mongoose from 'mongoose';
import { auditEntryId, entryHash } from '../../../src/changes/audit-chain';
import { ChangeAudit, type AuditEntry } from '../../../src/changes/change-audit.model';
import { ChangeService } from '../../../src/changes/change-service';
import { Rfc } from '../../../src/changes/rfc.model';
import { Ballot } from '../../../src/votes/ballot.model';
import { CliProcess } from '../../support/cli-process';
import { FIXTURE_CONFIG, startTestBot, TestBot } from '../../support/test-bot';

jest.setTimeout(120_000);

let bot: TestBot;
let dir: string;
const text = TestBot.text;
const FIELDS =
  'need="exam templates crash" description="install 25.8" risk=low targets=classroom-pcs testPlan="pilot room 12" ' +
  'backoutPlan="reinstall 24.2" --window "2026-12-01 16:00..2026-12-01 20:00"';

/** The collection itself, past the model's append-only guards. */
const raw = () =>
  mongoose.connection.db!.collection<{ _id: string | ObjectId } & Record<string, unknown>>('change_audit');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsdesk-audit-chain-'));
  bot = await startTestBot({ config: { changes: { exportDir: join(dir, 'exports') } } });
});
afterAll(async () => {
  await bot?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A change approved by the CCB through the chat: created, edited, submitted, four votes, the decision. */
async function approvedChange(title: string): Promise<string> {
  const out = await bot.say('rolf', `/rfc new ${title}`, { channel: '#changes' });
  const key = /Created (RFC-\d+)/.exec(text(out))![1];
  await bot.say('rolf', `/rfc edit ${key} ${FIELDS}`, { channel: '#changes' });
  await bot.say('rolf', `/rfc submit ${key}`, { channel: '#changes' });
  const card = (await Ballot.findOne({ rfcKey: key, open: true }).lean())!.cards[0];
  for (const who of ['carl', 'cecilie', 'chris', 'maria']) await bot.react(who, card, 'white_check_mark');
  expect((await Rfc.findOne({ key }).lean())?.state).toBe('approved');
  return key;
}

async function entry(key: string, seq: number): Promise<AuditEntry> {
  return (await raw().findOne({ _id: auditEntryId(key, seq) }))! as unknown as AuditEntry;
}

async function audit(key: string): Promise<string> {
  return text(await bot.say('maria', `/rfc audit ${key}`, { channel: '#ccb' }));
}

async function exportOf(key: string): Promise<string> {
  return text(await bot.say('maria', `/rfc export ${key}`, { channel: '#ccb' }));
}

/** `opsdesk audit verify` as a separate process on this database. */
async function verifyCli(): Promise<{ code: number | null; out: string }> {
  const cli = CliProcess.start({
    args: ['audit', 'verify', '--config', FIXTURE_CONFIG],
    env: { ...process.env, MONGODB_URI: bot.mongoUri, LOG_LEVEL: 'warn' },
  });
  const code = await cli.waitExit(60_000);
  return { code, out: cli.stdout };
}

const keys: Record<'intact' | 'changed' | 'removed' | 'reordered' | 'rewritten' | 'inserted' | 'forged', string> =
  {} as never;

test(
  'an intact record: rfc audit says verified with the signing key, the CLI exits 0, the export verifies with gpg ' +
    'and offline',
  async () => {
    keys.intact = await approvedChange('Intact record');
    const fingerprint = (await bot.services.changes.signer())!.fingerprint!;
    const shown = await audit(keys.intact);
    expect(shown).toMatch(
      new RegExp(`^${keys.intact} record \\((\\d+) entries\\): verified \\(\\1 entries, signed by ${fingerprint}\\)`),
    );
    expect(shown).not.toContain('[signed]');
    expect(shown).toMatch(/#1 .* Rolf Eide: created/);
    expect(shown).toMatch(/Head: entry \d+, [0-9a-f]{64}/);

    const cli = await verifyCli();
    expect(cli.out).toContain(`${keys.intact}: verified (`);
    expect(cli.out).toMatch(/1 of 1 change records verify\./);
    expect(cli.code).toBe(0);

    expect(await exportOf(keys.intact)).toMatch(/gpg --verify/);
    const file = join(dir, 'exports', `${keys.intact}.json`);
    const record = JSON.parse(await readFile(file, 'utf8'));
    expect(record.format).toBe('opsdesk-change-record/2');
    expect(record.auditChain.verdict).toMatch(/^verified/);
    expect(record.audit.map((e: { seq: number }) => e.seq)).toEqual(record.audit.map((_: unknown, i: number) => i + 1));

    // The offline recipe of docs/change-management.md, as written there.
    const docs = await readFile(join(__dirname, '..', '..', '..', 'docs', 'change-management.md'), 'utf8');
    const recipe = /### Verify a record offline[\s\S]*?```js\n([\s\S]*?)```/u.exec(docs)![1];
    await writeFile(join(dir, 'verify-chain.js'), recipe);
    const chainDir = await mkdtemp(join(dir, 'chain-'));
    const offline = spawnSync(process.execPath, [join(dir, 'verify-chain.js'), file, chainDir], { encoding: 'utf8' });
    expect(offline.stdout).toBe(`chain ok: ${record.audit.length} entries, head ${record.auditChain.head.hash}\n`);
    expect(offline.status).toBe(0);

    const gnupg = await mkdtemp(join(tmpdir(), 'opsdesk-gnupg-'));
    try {
      const env = { ...process.env, GNUPGHOME: gnupg };
      execFileSync('gpg', ['--batch', '--import', process.env.OPSDESK_TEST_SIGNING_PUBLIC_KEY!], {
        env,
        stdio: 'pipe',
      });
      const whole = spawnSync('gpg', ['--batch', '--verify', `${file}.asc`, file], { env, encoding: 'utf8' });
      expect(whole.stderr).toMatch(/Good signature from "opsdesk tests <opsdesk@tests.invalid>"/);
      const n = record.audit.length;
      const last = spawnSync(
        'gpg',
        ['--batch', '--verify', join(chainDir, `${n}.hash.asc`), join(chainDir, `${n}.hash`)],
        { env, encoding: 'utf8' },
      );
      expect(last.stderr).toMatch(/Good signature/);
      expect(last.status).toBe(0);
    } finally {
      await rm(gnupg, { recursive: true, force: true });
    }

    // The recipe fails on a changed export (a reason edited and the file's signature ignored).
    record.audit[2].reason = 'edited afterwards';
    await writeFile(file, JSON.stringify(record));
    const bad = spawnSync(process.execPath, [join(dir, 'verify-chain.js'), file], { encoding: 'utf8' });
    expect(bad.stdout).toBe('BROKEN at entry 3 (changed)\n');
    expect(bad.status).toBe(1);
  },
);

test('a changed entry: hash mismatch at that entry', async () => {
  keys.changed = await approvedChange('Changed entry');
  await raw().updateOne({ _id: auditEntryId(keys.changed, 3) }, { $set: { reason: 'nobody objected' } });
  expect(await audit(keys.changed)).toMatch(
    new RegExp(
      `^${keys.changed} record \\(\\d+ entries\\): BROKEN at entry 3 \\(changed: its content does not match its ` +
        `hash\\)`,
    ),
  );
  expect(await audit(keys.changed)).toMatch(/#3 .*<- BROKEN/);
});

test('a removed entry: a gap in the sequence', async () => {
  keys.removed = await approvedChange('Removed entry');
  // Entry 6 is the second of the four votes.
  await raw().deleteOne({ _id: auditEntryId(keys.removed, 6) });
  expect(await audit(keys.removed)).toContain('BROKEN at entry 6 (removed: entry 6 is missing)');
});

test('reordered entries: each hash recomputed, the previous-hash link gives it away', async () => {
  keys.reordered = await approvedChange('Reordered entries');
  const [e4, e5] = [await entry(keys.reordered, 4), await entry(keys.reordered, 5)];
  await raw().deleteMany({ _id: { $in: [e4._id, e5._id] } });
  // Swapped: entry 5's content becomes entry 4 and the other way round, each with a valid own hash.
  const moved = (e: AuditEntry, seq: number) => {
    const doc = { ...e, _id: auditEntryId(keys.reordered, seq), seq };
    return { ...doc, hash: entryHash(doc) };
  };
  await raw().insertMany([moved(e5, 4), moved(e4, 5)] as never);
  expect(await audit(keys.reordered)).toContain(
    'BROKEN at entry 4 (reordered: its previous hash is not the hash of entry 3 (moved or inserted))',
  );
});

test('a consistent rewrite (every later hash and link recomputed): the signatures give it away', async () => {
  keys.rewritten = await approvedChange('Rewritten tail');
  const rows = (await raw().find({ rfcKey: keys.rewritten }).sort({ seq: 1 }).toArray()) as unknown as AuditEntry[];
  let prev = rows[2].hash!;
  for (const e of rows.slice(3)) {
    const doc = { ...e, prevHash: prev, ...(e.seq === 4 ? { actorName: 'Someone Else' } : {}) };
    doc.hash = entryHash(doc);
    prev = doc.hash;
    await raw().replaceOne({ _id: e._id }, doc as never);
  }
  expect(await audit(keys.rewritten)).toContain('BROKEN at entry 4 (forged: its signature does not verify)');
});

test('an inserted row outside the chain, as the old log would have shown it', async () => {
  keys.inserted = await approvedChange('Inserted row');
  const insertedId = new ObjectId();
  await raw().insertOne({
    _id: insertedId,
    rfcKey: keys.inserted,
    at: new Date(),
    actorId: 'maria',
    actorName: 'Maria Vik',
    kind: 'override',
    to: 'approved',
    reason: 'approved by phone',
  });
  expect(await audit(keys.inserted)).toContain(
    `BROKEN at row ${String(insertedId)} (inserted: it is not in the chain and no seal lists it)`,
  );
});

test('a forged decision appended with a valid hash and a signature copied from a real one', async () => {
  keys.forged = await approvedChange('Forged decision');
  const rows = (await raw().find({ rfcKey: keys.forged }).sort({ seq: 1 }).toArray()) as unknown as AuditEntry[];
  const head = rows[rows.length - 1];
  const real = rows.find((r) => r.kind === 'decision')!;
  expect(real.signature).toMatch(/^-----BEGIN PGP SIGNATURE-----/);
  const seq = head.seq! + 1;
  const forged: AuditEntry = {
    _id: auditEntryId(keys.forged, seq),
    rfcKey: keys.forged,
    seq,
    prevHash: head.hash,
    at: new Date(),
    actorId: 'opsdesk',
    actorName: 'opsdesk',
    kind: 'decision',
    to: 'approved',
    reason: 'release vote approved',
  };
  forged.hash = entryHash(forged);
  forged.signature = real.signature;
  await raw().insertOne(forged as never);
  expect(await audit(keys.forged)).toContain(`BROKEN at entry ${seq} (forged: its signature does not verify)`);
  // Without the copied signature, it is forged too.
  await raw().updateOne({ _id: forged._id }, { $unset: { signature: '' } });
  expect(await audit(keys.forged)).toContain(`BROKEN at entry ${seq} (forged: it has no signature)`);
});

test('every broken record blocks its export, naming the break', async () => {
  const breaks: Record<string, RegExp> = {
    [keys.changed]: /BROKEN at entry 3 \(changed/,
    [keys.removed]: /BROKEN at entry 6 \(removed/,
    [keys.reordered]: /BROKEN at entry 4 \(reordered/,
    [keys.rewritten]: /BROKEN at entry 4 \(forged/,
    [keys.inserted]: /BROKEN at row [0-9a-f]{24} \(inserted/,
    [keys.forged]: /BROKEN at entry \d+ \(forged/,
  };
  for (const [key, brk] of Object.entries(breaks)) {
    const out = await exportOf(key);
    expect(out).toMatch(new RegExp(`^${key}'s record is ${brk.source}.*so opsdesk will not sign an export of it\\.`));
    expect(out).toContain(`rfc audit ${key}`);
    await expect(readFile(join(dir, 'exports', `${key}.json`))).rejects.toThrow(/ENOENT/);
  }
});

test('opsdesk audit verify prints one line per RFC and exits 1 while any is broken', async () => {
  const { code, out } = await verifyCli();
  const lines = out.trim().split('\n');
  expect(lines).toEqual([
    expect.stringMatching(new RegExp(`^${keys.intact}: verified \\(\\d+ entries, signed by [0-9A-F]{40}\\)$`)),
    expect.stringMatching(
      new RegExp(`^${keys.changed}: BROKEN at entry 3 \\(changed: its content does not match its hash\\)$`),
    ),
    `${keys.removed}: BROKEN at entry 6 (removed: entry 6 is missing)`,
    `${keys.reordered}: BROKEN at entry 4 (reordered: its previous hash is not the hash of entry 3 (moved or ` +
      `inserted))`,
    `${keys.rewritten}: BROKEN at entry 4 (forged: its signature does not verify)`,
    expect.stringMatching(
      new RegExp(
        `^${keys.inserted}: BROKEN at row [0-9a-f]{24} \\(inserted: it is not in the chain and no seal lists it\\)$`,
      ),
    ),
    expect.stringMatching(new RegExp(`^${keys.forged}: BROKEN at entry \\d+ \\(forged: it has no signature\\)$`)),
    '1 of 7 change records verify; 6 broken.',
  ]);
  expect(code).toBe(1);
});

test('20 concurrent appends to one change from two service instances form one unbroken chain', async () => {
  const s = bot.services;
  const deps = { config: s.config, clock: s.clock, outbound: s.outbound, people: s.people, log: s.log, jobs: s.jobs };
  // Two instances: each its own head cache and queue, as two bot processes have.
  const [a, b] = [new ChangeService(deps), new ChangeService(deps)];
  const rfc = await a.create({
    person: s.people.get('rolf')!,
    title: 'Concurrent appends',
    conversation: { platform: 'test', channel: '#changes' },
  });
  await b.record({ rfcKey: rfc.key, actorId: 'rolf', kind: 'note', reason: 'b has seen the head' });
  const insert = jest.spyOn(ChangeAudit.collection, 'insertOne');
  try {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).record({ rfcKey: rfc.key, actorId: 'carl', kind: 'note', reason: `append ${i}` }),
      ),
    );
    // The two instances raced for the same entry numbers: some inserts lost and were redone on the new head.
    const lost = (await Promise.allSettled(insert.mock.results.map((r) => r.value))).filter(
      (r) => r.status === 'rejected' && (r.reason as { code?: number }).code === 11000,
    );
    expect(lost.length).toBeGreaterThan(0);
  } finally {
    insert.mockRestore();
  }
  const record = await bot.services.changes.auditRecord(rfc.key);
  expect(record.check).toMatchObject({ ok: true, entries: 22 });
  expect(record.entries.map((e) => e.seq)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
  expect(
    record.entries
      .slice(2)
      .map((e) => e.reason)
      .sort(),
  ).toEqual(Array.from({ length: 20 }, (_, i) => `append ${i}`).sort());

  // A third instance (a process that has not seen this change) finds the head by _id lookups only,
  // about 2·log2(22) of them, and appends with one insert: no scan of the collection on the hot path.
  const c = new ChangeService(deps);
  const find = jest.spyOn(ChangeAudit, 'find');
  const byId = jest.spyOn(ChangeAudit, 'findById');
  const inserts = jest.spyOn(ChangeAudit.collection, 'insertOne');
  try {
    const appended = await c.record({ rfcKey: rfc.key, actorId: 'carl', kind: 'note', reason: 'third process' });
    expect(appended.seq).toBe(23);
    expect(find).not.toHaveBeenCalled();
    expect(inserts).toHaveBeenCalledTimes(1);
    expect(byId.mock.calls.length).toBeLessThanOrEqual(12);
    // Its next append needs no lookup at all: the head is cached.
    byId.mockClear();
    await c.record({ rfcKey: rfc.key, actorId: 'carl', kind: 'note', reason: 'third process again' });
    expect(byId).not.toHaveBeenCalled();
  } finally {
    find.mockRestore();
    byId.mockRestore();
    inserts.mockRestore();
  }
  expect((await bot.services.changes.auditRecord(rfc.key)).check).toMatchObject({ ok: true, entries: 24 });
});
