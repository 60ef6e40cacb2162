import { formatLocalIn, msg } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import type { ScheduledStartDoc } from './scheduled-start.model';

type Start = Pick<ScheduledStartDoc, 'rfcKey' | 'at' | 'when' | 'byName'>;

const when = (s: Start, tz: string, lang?: Lang) =>
  msg(lang, s.when === 'window' ? 'at.whenWindow' : 'at.when', { time: formatLocalIn(lang, s.at, tz) });

/** The reply to `/deploy RFC at …`. */
export function scheduledNote(s: Start, tz: string, lang?: Lang): string {
  return msg(lang, 'at.scheduled', { key: s.rfcKey, when: when(s, tz, lang), name: s.byName });
}

/** `rfc show`: the pending start. */
export function scheduledLine(s: Start, tz: string, lang?: Lang): string {
  return msg(lang, 'at.line', { key: s.rfcKey, when: when(s, tz, lang), name: s.byName });
}

/** Said in the channel when the start fires and the preconditions hold (the progress message follows). */
export function scheduledStartedNote(s: Start, tz: string, lang?: Lang): string {
  return msg(lang, 'at.started', { key: s.rfcKey, when: when(s, tz, lang), name: s.byName });
}

/** Said in the channel when the start fires and a precondition fails: nothing ran. */
export function scheduledRefusedNote(s: Start, tz: string, reason: string, fix?: string, lang?: Lang): string {
  return msg(lang, 'at.refused', {
    key: s.rfcKey,
    when: when(s, tz, lang),
    name: s.byName,
    reason: reason.replace(/\.?$/u, '.'),
    fix: fix ? ` ${fix}` : '',
  });
}

/** The reply to `/deploy cancel RFC` when it cancelled a scheduled start. */
export function scheduledCancelledNote(s: Start, tz: string, by: string, lang?: Lang): string {
  return msg(lang, 'at.cancelled', { key: s.rfcKey, when: when(s, tz, lang), by });
}
