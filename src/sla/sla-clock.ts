import type { BusinessCalendar } from '../calendar/business-calendar';
import type { Priority } from '../tickets/ticket-status';

/** The fields of a ticket the SLA clocks read. */
export interface SlaTicket {
  priority: string;
  status: string;
  createdAt: Date;
  firstResponseAt?: Date | null;
  events?: ReadonlyArray<{ at: Date; kind: string; to?: string | null }> | null;
}

export interface SlaTargets {
  /** Business hours to the first answer from the service desk. */
  response: number;
  /** Business hours to resolution. */
  resolution: number;
}

export type SlaKind = 'response' | 'resolution';

export interface SlaClock {
  kind: SlaKind;
  targetMs: number;
  /** Business ms the clock has run (paused while waiting on the reporter). */
  elapsedMs: number;
  /** elapsed / target. */
  share: number;
  /** 'running' counts now, 'paused' waits on the reporter, 'stopped' is answered/resolved. */
  state: 'running' | 'paused' | 'stopped';
  breached: boolean;
  /** When the target is (or was) reached if the clock keeps running from now; none when stopped or paused. */
  dueAt?: Date;
}

export interface SlaAssessment {
  response: SlaClock;
  resolution: SlaClock;
}

/** Statuses in which the clocks run. 'waiting-on-reporter' pauses them; resolved and closed stop them. */
const RUNNING = new Set(['new', 'assigned', 'in-progress', 'escalated']);
const H = 3_600_000;

/**
 * The intervals in which the SLA clock ran between `createdAt` and `until`, from the ticket's
 * status events (append-only and ordered): a case starts 'new'; each status event sets the state.
 */
export function runningIntervals(t: SlaTicket, until: Date): Array<[Date, Date]> {
  const out: Array<[Date, Date]> = [];
  let state = 'new';
  let since = new Date(t.createdAt);
  const changes = (t.events ?? [])
    .filter((e) => e.kind === 'status' && e.to)
    .sort((a, b) => +new Date(a.at) - +new Date(b.at));
  for (const e of changes) {
    const at = new Date(e.at);
    if (at >= until) break;
    if (RUNNING.has(state) && at > since) out.push([since, at]);
    if (at > since) since = at;
    state = String(e.to);
  }
  if (RUNNING.has(state) && until > since) out.push([since, until]);
  return out;
}

function statusAt(t: SlaTicket, at: Date): string {
  let state = 'new';
  for (const e of t.events ?? []) if (e.kind === 'status' && e.to && new Date(e.at) <= at) state = String(e.to);
  return state;
}

function clock(
  kind: SlaKind,
  t: SlaTicket,
  targetHours: number,
  end: Date,
  stopped: boolean,
  now: Date,
  cal: BusinessCalendar,
): SlaClock {
  const targetMs = Math.round(targetHours * H);
  const elapsedMs = runningIntervals(t, end).reduce((sum, [a, b]) => sum + cal.businessMsBetween(a, b), 0);
  const paused = !stopped && !RUNNING.has(statusAt(t, now));
  const state = stopped ? 'stopped' : paused ? 'paused' : 'running';
  const clockShare = targetMs > 0 ? elapsedMs / targetMs : 1;
  const dueAt =
    state === 'running'
      ? elapsedMs >= targetMs
        ? undefined
        : cal.addBusinessTime(now, targetMs - elapsedMs)
      : undefined;
  return {
    kind,
    targetMs,
    elapsedMs,
    share: clockShare,
    state,
    breached: elapsedMs >= targetMs,
    ...(dueAt ? { dueAt } : {}),
  };
}

/** Both SLA clocks of a ticket at `now`, measured in business time on the calendar. */
export function assessSla(
  t: SlaTicket,
  targets: Record<Priority, SlaTargets>,
  now: Date,
  cal: BusinessCalendar,
): SlaAssessment {
  const target = targets[t.priority as Priority] ?? targets.P3;
  const responded = t.firstResponseAt ? new Date(t.firstResponseAt) : undefined;
  const respondedBy = responded && responded < now ? responded : now;
  const open = RUNNING.has(t.status) || t.status === 'waiting-on-reporter';
  return {
    response: clock('response', t, target.response, respondedBy, Boolean(responded && responded <= now), now, cal),
    resolution: clock('resolution', t, target.resolution, now, !open, now, cal),
  };
}
