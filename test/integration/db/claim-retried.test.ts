/**
 * A one-shot claim whose insert a database restart cuts off (test/support/cutting-proxy.ts, between the bot's driver
 * and the real database): before the server got it, or after it stored it and its answer was lost.
 * `claimOnceRetried` tries again and tells its caller the truth: won when the stored claim is this call's, lost when
 * another's. Would catch a claim held with nobody acting on it (the cut-off insert stored, its caller told it failed,
 * and every later claim of the key refused: a deployment start stuck in `starting`), and a call told it won a key
 * another holds.
 */
import fc from 'fast-check';
import mongoose from 'mongoose';
import { claimOnce, claimOnceRetried, claimOwner } from '../../../src/db/claim-once';
import { cuttingProxy, type CuttingProxy } from '../../support/cutting-proxy';
import { testDbUri } from '../../support/db';
import { modelSeed } from '../../support/model-seed';

let proxy: CuttingProxy;

beforeAll(async () => {
  const direct = testDbUri('claimretry');
  const u = new URL(direct);
  proxy = await cuttingProxy({ host: u.hostname, port: Number(u.port) });
  await mongoose.connect(proxy.through(direct), { serverSelectionTimeoutMS: 10_000 });
});
afterAll(async () => {
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
  await proxy?.close();
});

test.each(['before', 'after'] as const)(
  'a claim cut off %s the database gets it: won, and held by it',
  async (when) => {
    const key = `deploy-start:cut-${when}`;
    proxy.arm(when, key);
    expect(await claimOnceRetried(key, `runner-${when}`)).toBe(true);
    expect(proxy.cuts).toBeGreaterThan(0);
    expect(await claimOwner(key)).toBe(`runner-${when}`);
  },
);

test('a plain claimOnce cut off after the database stored it fails its caller (why the retried one exists)', async () => {
  const key = 'deploy-start:plain-after';
  proxy.arm('after', key);
  await expect(claimOnce(key, 'runner-plain')).rejects.toThrow();
  expect(await claimOwner(key)).toBe('runner-plain');
  expect(await claimOnce(key, 'runner-plain-again')).toBe(false);
});

test('random claims by random runners, some cut off before or after: one winner per key, the one it holds', async () => {
  const seed = modelSeed('claim-retried');
  let round = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          key: fc.integer({ min: 0, max: 2 }),
          cut: fc.constantFrom('none', 'none', 'before', 'after'),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      async (steps) => {
        const prefix = `deploy-start:model-${++round}-`;
        const won: boolean[] = [];
        for (const [i, s] of steps.entries()) {
          if (s.cut !== 'none') proxy.arm(s.cut, `${prefix}${s.key}`);
          won.push(await claimOnceRetried(`${prefix}${s.key}`, `runner-${round}-${i}`));
        }
        for (const key of new Set(steps.map((s) => s.key))) {
          const winners = steps.map((s, i) => i).filter((i) => steps[i].key === key && won[i]);
          expect({ key, winners: winners.length }).toEqual({ key, winners: 1 });
          expect(await claimOwner(`${prefix}${key}`)).toBe(`runner-${round}-${winners[0]}`);
        }
      },
    ),
    { seed, numRuns: 8 },
  );
}, 60_000);
