/**
 * One-time steps across processes (src/db/claim-step.ts), on the real database: one claimant; a
 * claim left by a dead process is taken over once it is stale, by exactly one taker; a taker that
 * died before doing the step is replaced the same way.
 */
import { claimStep, STALE_STEP_MS } from '../../../src/db/claim-step';
import { withTestMongoose } from '../../support/db';

withTestMongoose('claimstep');

const at = (ms: number) => new Date(Date.UTC(2026, 10, 23, 8) + ms);

test('one claimant at a time; a fresh claim is not taken over', async () => {
  const results = await Promise.all(['a', 'b', 'c'].map((owner) => claimStep('step-1', owner, at(0))));
  expect(results.filter(Boolean)).toHaveLength(1);
  expect(await claimStep('step-1', 'd', at(STALE_STEP_MS - 1000))).toBe(false);
});

test('a stale claim is taken over by exactly one of several takers', async () => {
  expect(await claimStep('step-2', 'dead', at(0))).toBe(true);
  const later = at(STALE_STEP_MS + 1000);
  const takers = await Promise.all(['x', 'y', 'z'].map((owner) => claimStep('step-2', owner, later)));
  expect(takers.filter(Boolean)).toHaveLength(1);
});

test('a taker that died too is replaced once its takeover is stale, and so on, a few times at most', async () => {
  expect(await claimStep('step-3', 'dead-1', at(0))).toBe(true);
  expect(await claimStep('step-3', 'dead-2', at(STALE_STEP_MS + 1000))).toBe(true); // first takeover, then dies
  expect(await claimStep('step-3', 'early', at(STALE_STEP_MS + 2000))).toBe(false); // that takeover is fresh
  expect(await claimStep('step-3', 'dead-3', at(2 * STALE_STEP_MS + 2000))).toBe(true); // second takeover
  expect(await claimStep('step-3', 'dead-4', at(3 * STALE_STEP_MS + 3000))).toBe(true); // third
  expect(await claimStep('step-3', 'late', at(4 * STALE_STEP_MS + 4000))).toBe(false); // and no more
});
