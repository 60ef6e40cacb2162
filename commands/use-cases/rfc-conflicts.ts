import type { Services } from '../services';
import type { PlannedChange } from '../../src/changes/change-conflicts';
import { CONFLICT_FIX } from '../../src/changes/render-conflicts';
import { msgCount } from '../../src/i18n/catalog';
import { OpsdeskError } from '../../src/core/errors';
import { sayIn } from '../../src/i18n/refusal';
import type { Lang } from '../../src/i18n/languages';

/**
 * The planning check at submit, schedule and `/deploy` (dry run too): the conflicts `subject` would have with other
 * planned changes (shared hosts, overlapping windows) and freezes, as lines for people. With
 * `changes.policy.blockConflicts` a conflict refuses, naming each, before anything changes.
 */
export async function planningCheck(
  services: Pick<Services, 'changes'>,
  subject: PlannedChange,
  lang?: Lang,
): Promise<string[]> {
  const c = services.changes.conflicts;
  const found = await c.find(subject);
  const lines = c.lines(found, lang);
  if (lines.length && c.blocking) {
    // The lines are sentences of their own: the refusal is written in the reader's language here.
    const message = msgCount(lang, 'conflict.blocked', lines.length, {
      key: subject.key,
      lines: lines.map((x) => `• ${x}`).join('\n'),
    });
    throw new OpsdeskError('PRECONDITION', message, { fix: sayIn(lang, CONFLICT_FIX) });
  }
  return lines;
}
