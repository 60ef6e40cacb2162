/**
 * The database-backed token buckets (src/db/rate-tokens.ts) on the test database: a bucket of 5 per
 * 10 minutes gives 5 at once and one more per 2 minutes; several processes sharing the database
 * (here: separate RateTokens, each with its own memory) together never get more than the bucket
 * holds, also racing; a token given back can be taken again; count 0 is no limit.
 */
import mongoose from 'mongoose';
import { Claim } from '../../../src/db/claim-once';
import { RateTokens } from '../../../src/db/rate-tokens';
import { withTestMongoose } from '../../support/db';

withTestMongoose();

const FIVE_PER_TEN_MINUTES = { count: 5, periodMs: 10 * 60_000 };
const T0 = new Date('2026-11-23T09:00:00Z'); // a slot boundary: 09:00 is a multiple of 2 minutes
const at = (ms: number) => new Date(T0.getTime() + ms);

test('a quiet bucket gives its five at once, then one every two minutes, and says when', async () => {
  const tokens = new RateTokens('p1');
  const takes = [];
  for (let i = 0; i < 7; i++) takes.push(await tokens.take('reports-person:anna', FIVE_PER_TEN_MINUTES, at(1000)));
  expect(takes.map((t) => t.ok)).toEqual([true, true, true, true, true, false, false]);
  expect(takes[5]).toMatchObject({ ok: false, freeAt: at(120_000) });
  expect((await tokens.take('reports-person:anna', FIVE_PER_TEN_MINUTES, at(119_999))).ok).toBe(false);
  expect((await tokens.take('reports-person:anna', FIVE_PER_TEN_MINUTES, at(120_000))).ok).toBe(true);
  expect((await tokens.take('reports-person:anna', FIVE_PER_TEN_MINUTES, at(121_000))).ok).toBe(false);
  // Another bucket is another bucket.
  expect((await tokens.take('reports-person:bjorn', FIVE_PER_TEN_MINUTES, at(121_000))).ok).toBe(true);
  // Quiet for 10 minutes: full again.
  const later = [];
  for (let i = 0; i < 6; i++)
    later.push((await tokens.take('reports-person:anna', FIVE_PER_TEN_MINUTES, at(20 * 60_000))).ok);
  expect(later).toEqual([true, true, true, true, true, false]);
});

test('three processes racing on one bucket get five tokens in all, not five each', async () => {
  const processes = [new RateTokens('p1'), new RateTokens('p2'), new RateTokens('p3')];
  const results = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      processes[i % 3].take('reports-origin:matrix:evil.example', FIVE_PER_TEN_MINUTES, at(5000)),
    ),
  );
  expect(results.filter((r) => r.ok)).toHaveLength(5);
  // What was decided is in the database: five claims, one per slot.
  const claims = await Claim.find({ _id: { $regex: '^rate:reports-origin:matrix:evil\\.example:' } }).lean();
  expect(claims).toHaveLength(5);
  // Each process, now knowing the bucket is empty, answers without asking the database again.
  const ops: string[] = [];
  mongoose.set('debug', (coll: string) => void ops.push(coll));
  try {
    for (const p of processes)
      expect((await p.take('reports-origin:matrix:evil.example', FIVE_PER_TEN_MINUTES, at(6000))).ok).toBe(false);
  } finally {
    mongoose.set('debug', false);
  }
  expect(ops).toEqual([]);
});

test('a token given back can be taken again, by another process too', async () => {
  const a = new RateTokens('p1');
  const b = new RateTokens('p2');
  const taken = [];
  for (let i = 0; i < 5; i++) taken.push(await a.take('reports-person:ingrid', FIVE_PER_TEN_MINUTES, at(1000)));
  expect((await b.take('reports-person:ingrid', FIVE_PER_TEN_MINUTES, at(1000))).ok).toBe(false);
  const last = taken[4];
  expect(last.ok).toBe(true);
  await a.giveBack('reports-person:ingrid', FIVE_PER_TEN_MINUTES, last.ok ? last.slot : undefined);
  // b remembered every slot as taken; a fresh process (or b after its window) finds the free one.
  expect((await new RateTokens('p3').take('reports-person:ingrid', FIVE_PER_TEN_MINUTES, at(1000))).ok).toBe(true);
  expect((await a.take('reports-person:ingrid', FIVE_PER_TEN_MINUTES, at(1000))).ok).toBe(false);
});

test('count 0 is no limit and writes nothing', async () => {
  const tokens = new RateTokens('p1');
  const before = await Claim.countDocuments();
  for (let i = 0; i < 50; i++)
    expect((await tokens.take('reports-person:oscar', { count: 0, periodMs: 60_000 }, at(0))).ok).toBe(true);
  expect(await Claim.countDocuments()).toBe(before);
});
