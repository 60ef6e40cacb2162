import type { Services } from '../services';
import { preconditionFailed } from '../../src/core/errors';
import type { PlannedChange } from '../../src/changes/change-conflicts';
import { CONFLICT_FIX } from '../../src/changes/render-conflicts';

/**
 * The planning check at submit, schedule and `/deploy` (dry run too): the conflicts `subject` would have with other
 * planned changes (shared hosts, overlapping windows) and freezes, as lines for people. With
 * `changes.policy.blockConflicts` a conflict refuses, naming each, before anything changes.
 */
export async function planningCheck(services: Pick<Services, 'changes'>, subject: PlannedChange): Promise<string[]> {
  const c = services.changes.conflicts;
  const lines = c.lines(await c.find(subject));
  if (lines.length && c.blocking)
    throw preconditionFailed(
      `${subject.key} conflicts with ${lines.length === 1 ? 'another plan' : `${lines.length} other plans`} ` +
        `(changes.policy.blockConflicts):\n${lines.map((l) => `• ${l}`).join('\n')}`,
      CONFLICT_FIX,
    );
  return lines;
}
