/**
 * Processes starting at once on an empty database each mark the roll-ups built (nothing to build):
 * of simultaneous upserts of one `_id`, one inserts and the others may fail on the duplicate key.
 * What would break: a process exiting at start with "E11000 duplicate key … rollup_state" (seen
 * once in the two-process Matrix test).
 */
import { ROLLUP_STATE } from '../../../src/tickets/case-rollups';
import { ensureRollups, rollupsBuilt } from '../../../src/tickets/rollup-build';
import { withTestMongoose } from '../../support/db';
import mongoose from 'mongoose';

withTestMongoose('rollupstart');

test('eight starts at once on an empty database all succeed, and the roll-ups are marked built', async () => {
  const now = new Date('2026-11-30T08:00:00Z');
  for (let round = 0; round < 5; round++) {
    await mongoose.connection.db!.dropCollection(ROLLUP_STATE).catch(() => undefined);
    const starts = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => ensureRollups(now, `p${i}`)));
    expect(
      starts.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason)),
    ).toEqual([]);
    expect(await rollupsBuilt()).toBe(true);
  }
});
