import { formatLocal } from '../core/format-time';
import type { ScheduledStartDoc } from './scheduled-start.model';

type Start = Pick<ScheduledStartDoc, 'rfcKey' | 'at' | 'when' | 'byName'>;

const when = (s: Start, tz: string) =>
  `${formatLocal(s.at, tz)}${s.when === 'window' ? " (the approved window's opening)" : ''}`;

/** The reply to `/deploy RFC at …`. */
export function scheduledNote(s: Start, tz: string): string {
  return (
    `${s.rfcKey} starts at ${when(s, tz)}, scheduled by ${s.byName}. Every precondition (approval, window, freezes, ` +
    `targets, start condition, pilot) is checked again then. \`deploy cancel ${s.rfcKey}\` cancels it.`
  );
}

/** `rfc show`: the pending start. */
export function scheduledLine(s: Start, tz: string): string {
  return `Scheduled start: ${when(s, tz)}, by ${s.byName}; \`deploy cancel ${s.rfcKey}\` cancels it.`;
}

/** Said in the channel when the start fires and the preconditions hold (the progress message follows). */
export function scheduledStartedNote(s: Start, tz: string): string {
  const scheduled = `The start of ${s.rfcKey} scheduled for ${when(s, tz)} by ${s.byName}`;
  return `${scheduled}: every precondition holds; it starts now.`;
}

/** Said in the channel when the start fires and a precondition fails: nothing ran. */
export function scheduledRefusedNote(s: Start, tz: string, reason: string, fix?: string): string {
  return (
    `The start of ${s.rfcKey} scheduled for ${when(s, tz)} by ${s.byName} is refused: ${reason.replace(/\.?$/u, '.')}` +
    ` Nothing ran.${fix ? ` ${fix}` : ''}`
  );
}

/** The reply to `/deploy cancel RFC` when it cancelled a scheduled start. */
export function scheduledCancelledNote(s: Start, tz: string, by: string): string {
  return `The start of ${s.rfcKey} scheduled for ${when(s, tz)} is cancelled by ${by}; nothing ran.`;
}
