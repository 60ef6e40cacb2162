/**
 * Group commit of inserts (src/db/group-insert.ts) on the real database: claims made at the same time share one
 * `insertMany`, and each caller still hears only about its own document — the one winner of every key, whoever else
 * was in the batch.
 */
import fc from 'fast-check';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { isDuplicateKey } from '../../../src/core/duplicate-key';
import { Claim, claimOnce, claimOwner } from '../../../src/db/claim-once';
import { GroupInsert } from '../../../src/db/group-insert';
import { commandsDuring } from '../../support/command-monitor';
import { cuttingProxy } from '../../support/cutting-proxy';
import { withTestMongoose } from '../../support/db';
import { modelSeed } from '../../support/model-seed';

withTestMongoose('groupinsert', { monitorCommands: true });

test('40 claims made at once go out in a few inserts, not 40, and all are won', async () => {
  // Would catch claimOnce back on one insert per claim (a round trip and, on FerretDB, a transaction each).
  let won: boolean[] = [];
  const sent = await commandsDuring(async () => {
    won = await Promise.all(Array.from({ length: 40 }, (_, i) => claimOnce(`gi:many:${i}`, `o${i}`)));
  });
  expect(won.every(Boolean)).toBe(true);
  const inserts = sent.filter((e) => e.commandName === 'insert');
  expect(inserts.length).toBeLessThanOrEqual(3);
  expect(inserts.reduce((n, e) => n + (e.command.documents as unknown[]).length, 0)).toBe(40);
  expect(await Claim.countDocuments({ _id: /^gi:many:/u })).toBe(40);
});

test('a lone claim leaves at once, as one insert', async () => {
  const sent = await commandsDuring(() => claimOnce('gi:lone', 'me'));
  expect(sent.map((e) => `${e.commandName} ${(e.command.documents as unknown[] | undefined)?.length}`)).toEqual([
    'insert 1',
  ]);
});

test('a batch with duplicates: each key has one winner, the stored owner is that winner, the rest lose', async () => {
  // Would catch a batch's per-document answers mapped to the wrong callers (by position), or a whole batch failed
  // or won for one duplicate.
  const seed = modelSeed('group-insert');
  let round = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ key: fc.integer({ min: 0, max: 7 }), owner: fc.integer({ min: 0, max: 9 }) }), {
        minLength: 1,
        maxLength: 30,
      }),
      fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 3 }),
      async (claims, taken) => {
        const prefix = `gi:model:${++round}:`;
        for (const k of new Set(taken)) expect(await claimOnce(`${prefix}${k}`, 'before')).toBe(true);
        const results = await Promise.all(claims.map((c, i) => claimOnce(`${prefix}${c.key}`, `o${c.owner}-${i}`)));
        for (const key of new Set(claims.map((c) => c.key))) {
          const winners = claims.map((c, i) => ({ c, i, won: results[i] })).filter((x) => x.c.key === key && x.won);
          const stored = await claimOwner(`${prefix}${key}`);
          if (taken.includes(key)) {
            expect(winners).toEqual([]);
            expect(stored).toBe('before');
          } else {
            expect(winners).toHaveLength(1);
            expect(stored).toBe(`o${winners[0].c.owner}-${winners[0].i}`);
          }
        }
      },
    ),
    { seed, numRuns: 25 },
  );
});

test('a refused insert is thrown as insertOne throws it (a duplicate key is one); its neighbours are inserted', async () => {
  const group = new GroupInsert(() => mongoose.connection.db!.collection('group_insert_test'));
  await group.insert({ _id: 'taken' });
  const results = await Promise.allSettled([
    group.insert({ _id: 'n1' }),
    group.insert({ _id: 'taken' }),
    group.insert({ _id: 'n2' }),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(isDuplicateKey((results[1] as PromiseRejectedResult).reason)).toBe(true);
  const ids = (await mongoose.connection.db!.collection('group_insert_test').find().toArray()).map((d) => d._id);
  expect(ids.sort()).toEqual(['n1', 'n2', 'taken']);
});

// A stand-in error: the cutting proxy below checks what the real driver throws.
test('a command that fails as a whole (the network) fails every insert of its batch, and the next batch goes out', async () => {
  let failNext = true;
  const real = () => mongoose.connection.db!.collection('group_insert_net');
  const group = new GroupInsert(() => {
    if (!failNext) return real();
    failNext = false;
    const err = Object.assign(new Error('connection 4 to 127.0.0.1 closed'), { name: 'MongoNetworkError' });
    return { insertMany: () => Promise.reject(err), insertOne: () => Promise.reject(err) } as never;
  });
  const first = await Promise.allSettled([group.insert({ _id: 'a' }), group.insert({ _id: 'b' })]);
  expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  expect((first[0] as PromiseRejectedResult).reason.message).toContain('closed');
  await Promise.all([group.insert({ _id: 'a' }), group.insert({ _id: 'b' })]);
  expect(await real().countDocuments()).toBe(2);
});

test.each(['before', 'after'] as const)(
  'the connection cut %s the server gets a batch: every insert of it fails (the driver error, not "inserted")',
  async (when) => {
    // Would catch per-document answers taken from an error with no write errors: the driver wraps a network error
    // of insertMany in MongoBulkWriteError with `writeErrors: []`, and each insert of the batch was answered
    // "inserted", stored or not (in CI a reporter was told "Logged as INC-…" for a case lost in a database restart).
    const proxy = await cuttingProxy({ host: mongoose.connection.host, port: mongoose.connection.port });
    const uri = proxy.through(
      `mongodb://${mongoose.connection.host}:${mongoose.connection.port}/${mongoose.connection.name}`,
    );
    const client = new MongoClient(uri, { retryWrites: false, serverSelectionTimeoutMS: 5000 });
    try {
      const collection = client.db().collection<{ _id: string }>('group_insert_cut');
      await collection.insertOne({ _id: `warm-${when}` });
      const group = new GroupInsert(() => collection as never);
      proxy.arm(when, 'group_insert_cut');
      const ids = ['a', 'b', 'c'].map((x) => `${when}-${x}`);
      const answers = await Promise.allSettled(ids.map((_id) => group.insert({ _id })));
      expect(answers.map((a) => a.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(isDuplicateKey((answers[0] as PromiseRejectedResult).reason)).toBe(false);
      // Cut before: nothing stored. Cut after: all stored, and still each was told it failed (not known to be in).
      const stored = await mongoose.connection
        .db!.collection<{ _id: string }>('group_insert_cut')
        .countDocuments({ _id: { $in: ids } });
      expect(stored).toBe(when === 'before' ? 0 : 3);
    } finally {
      await client.close(true);
      await proxy.close();
    }
  },
);

test('a batch stuck in an outage does not hold back the inserts behind it for longer than holdMs', async () => {
  // Would catch head-of-line blocking: with one batch in flight at a time, every claim of the process waited for
  // the stuck one (seconds, until the driver gave up on it), though the database answered the new ones at once.
  const real = () => mongoose.connection.db!.collection('group_insert_stuck');
  let stuck = true;
  const group = new GroupInsert(
    () => {
      if (!stuck) return real();
      stuck = false;
      return { insertOne: () => new Promise(() => undefined), insertMany: () => new Promise(() => undefined) } as never;
    },
    { holdMs: 20 },
  );
  void group.insert({ _id: 'lost-in-the-outage' });
  await new Promise((r) => setImmediate(r));
  const t0 = performance.now();
  await Promise.all([group.insert({ _id: 'x' }), group.insert({ _id: 'y' })]);
  expect(performance.now() - t0).toBeLessThan(1000);
  expect(await real().countDocuments()).toBe(2);
});
