import { msg } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, LOCALES, type Lang } from '../i18n/languages';
import type { BusinessCalendar } from '../calendar/business-calendar';
import { SLA_PROJECTION, type SlaCase, type SlaService } from '../sla/sla-service';
import type { SlaClock } from '../sla/sla-clock';
import { formatBusinessDuration } from '../sla/format-duration';
import { OPEN_STATUSES, PRIORITIES, type Priority } from '../tickets/ticket-status';
import type { ChartPoint } from './chart';
import { NO_SCHOOL, Ticket } from '../tickets/ticket.model';
import { readRollups } from '../tickets/case-rollups';

/** Where the digest and `stats` read cases from: the roll-ups, or (baseline, before they are built) the tickets. */
export type CaseSource = 'rollups' | 'tickets';
type DigestRow = SlaCase & { resolvedAt?: Date; closedAt?: Date };

/** One case as a digest line. */
export interface CaseLine {
  key: string;
  title: string;
  priority: string;
  school?: string;
  assigneeId?: string;
  /** School days that opened since the case was reported. */
  ageSchoolDays: number;
}

export interface SlaLine extends CaseLine {
  /** "response 1 h 20 min late", "resolution 80% used, due Tue 10:00". */
  detail: string;
}

/** A section from another feature (CCB votes, deployments): its count and its top lines. */
export interface ExtraSection {
  heading: string;
  count: number;
  lines: string[];
}

/** A provider of an extra section; returns undefined when the feature has nothing to show. */
export type DigestSource = (now: Date) => Promise<ExtraSection | undefined>;

export interface Counted<T> {
  count: number;
  top: T[];
}

export interface DigestFigures {
  at: Date;
  /** Start of "new and resolved since": the previous digest (or 24 h ago). */
  since: Date;
  open: { total: number; byPriority: Record<Priority, number>; bySchool: Array<{ school: string; count: number }> };
  newSince: number;
  resolvedSince: number;
  oldest: CaseLine[];
  unassigned: Counted<CaseLine>;
  breached: Counted<SlaLine>;
  nearBreach: Counted<SlaLine>;
  extras: ExtraSection[];
  /** Open incidents at the end of each of the last N local days (today: now). */
  chart: ChartPoint[];
}

export interface GatherOptions {
  now: Date;
  since: Date;
  topItems: number;
  chartDays: number;
  calendar: BusinessCalendar;
  sla: SlaService;
  sources?: readonly DigestSource[];
  /** Default: the roll-ups. */
  from?: CaseSource;
  /** The language of the SLA details (the organisation's). */
  lang?: Lang;
}

/** The digest's one query: open cases, cases reported since `since`, cases ended since the earlier of the two dates. */
export function digestQuery(since: Date, chartStart: Date) {
  const windowStart = new Date(Math.min(since.getTime(), chartStart.getTime()));
  return {
    $or: [
      { status: { $in: [...OPEN_STATUSES] } },
      { createdAt: { $gte: since } },
      { resolvedAt: { $gte: windowStart } },
      { closedAt: { $gte: chartStart } },
    ],
  };
}

/** The rows `digestQuery` matches, oldest first: from the tickets, or from the roll-ups and filtered the same way. */
async function digestRows(since: Date, chartStart: Date, from: CaseSource): Promise<DigestRow[]> {
  if (from === 'tickets')
    return Ticket.find(digestQuery(since, chartStart), { ...SLA_PROJECTION, resolvedAt: 1, closedAt: 1 })
      .sort({ createdAt: 1, number: 1 })
      .lean<DigestRow[]>();
  const windowStart = new Date(Math.min(since.getTime(), chartStart.getTime()));
  // The open rows and the ended rows filed since the window's start: every case not open that was
  // reported, resolved or closed since then is filed there (`filedAt`), none of the week's reported.
  const rows = await readRollups({ endedFrom: windowStart });
  const atOrAfter = (d: Date | undefined, t: Date) => d !== undefined && new Date(d) >= t;
  return rows.filter(
    (r) =>
      (OPEN_STATUSES as readonly string[]).includes(r.status) ||
      atOrAfter(r.createdAt, since) ||
      atOrAfter(r.resolvedAt, windowStart) ||
      atOrAfter(r.closedAt, chartStart),
  ) as unknown as DigestRow[];
}

/**
 * Everything the digest shows: the open cases, the cases reported since the last digest, and those
 * resolved or closed within the chart window or since the last digest, read from the roll-ups
 * (src/tickets/case-rollups.ts: the open cases and the weeks needed, not the whole history).
 * From the tickets (the baseline) it is one query: each branch of the `$or` has its index
 * (status, createdAt, resolvedAt, closedAt), so MongoDB answers with index scans; FerretDB 1.x
 * scans the collection. Counting and SLA clocks run over the result in memory.
 */
export async function gatherDigest(o: GatherOptions): Promise<DigestFigures> {
  const { now, since, calendar, sla, topItems } = o;
  const chartStart = calendar
    .local(now)
    .startOf('day')
    .minus({ days: o.chartDays - 1 })
    .toJSDate();
  const [rows, extras] = await Promise.all([
    digestRows(since, chartStart, o.from ?? 'rollups'),
    Promise.all((o.sources ?? []).map((s) => s(now).catch(() => undefined))),
  ]);
  const isOpen = (t: SlaCase) => (OPEN_STATUSES as readonly string[]).includes(t.status);
  const within = (d: Date | undefined, from: Date) =>
    d !== undefined && d !== null && new Date(d) >= from && new Date(d) <= now;
  const open = rows.filter(isOpen);
  const newSince = rows.filter((t) => within(t.createdAt, since)).length;
  const resolvedSince = rows.filter((t) => within(t.resolvedAt, since)).length;
  // A reopened case is open (its old resolvedAt does not end it on the chart).
  const ended = rows.filter((t) => !isOpen(t) && (within(t.resolvedAt, chartStart) || within(t.closedAt, chartStart)));

  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
  const schools = new Map<string, number>();
  const line = (t: SlaCase): CaseLine => ({
    key: t.key,
    title: t.title,
    priority: t.priority,
    ...(t.school ? { school: t.school } : {}),
    ...(t.assigneeId ? { assigneeId: t.assigneeId } : {}),
    ageSchoolDays: calendar.schoolDaysBetween(new Date(t.createdAt), now),
  });
  const unassigned: SlaCase[] = [];
  const breached: Array<{ t: SlaCase; c: SlaClock }> = [];
  const near: Array<{ t: SlaCase; c: SlaClock }> = [];
  for (const t of open) {
    byPriority[t.priority as Priority] = (byPriority[t.priority as Priority] ?? 0) + 1;
    const school = t.school || NO_SCHOOL;
    schools.set(school, (schools.get(school) ?? 0) + 1);
    if (!t.assigneeId) unassigned.push(t);
    const a = sla.assess(t, now);
    const clocks = [a.response, a.resolution].filter((c) => c.state !== 'stopped');
    const worst = clocks.sort((x, y) => y.share - x.share)[0];
    if (!worst) continue;
    if (worst.breached) breached.push({ t, c: worst });
    else if (worst.share >= sla.warnAt) near.push({ t, c: worst });
  }
  const slaLine = ({ t, c }: { t: SlaCase; c: SlaClock }): SlaLine => ({
    ...line(t),
    detail: slaDetail(c, calendar, o.lang),
  });
  const byUrgency = (x: { c: SlaClock }, y: { c: SlaClock }) => y.c.share - x.c.share;

  return {
    at: now,
    since,
    open: {
      total: open.length,
      byPriority,
      bySchool: [...schools]
        .map(([school, count]) => ({ school, count }))
        .sort((a, b) => b.count - a.count || a.school.localeCompare(b.school)),
    },
    newSince,
    resolvedSince,
    // The rows are sorted by createdAt, oldest first.
    oldest: open.slice(0, topItems).map(line),
    unassigned: { count: unassigned.length, top: unassigned.slice(0, topItems).map(line) },
    breached: { count: breached.length, top: breached.sort(byUrgency).slice(0, topItems).map(slaLine) },
    nearBreach: { count: near.length, top: near.sort(byUrgency).slice(0, topItems).map(slaLine) },
    extras: extras.filter((e): e is ExtraSection => Boolean(e && e.count > 0)),
    chart: openPerDay(open, ended, calendar, now, o.chartDays),
  };
}

function slaDetail(c: SlaClock, calendar: BusinessCalendar, lang?: Lang): string {
  const kind = msg(lang, `digest.sla.${c.kind}`);
  if (c.breached)
    return msg(lang, 'digest.sla.over', {
      kind,
      target: formatBusinessDuration(c.targetMs, lang),
      over: formatBusinessDuration(c.elapsedMs - c.targetMs, lang),
    });
  const at = c.dueAt && calendar.local(c.dueAt).setLocale(LOCALES[lang ?? DEFAULT_LANGUAGE]);
  const due = at
    ? msg(lang, 'digest.sla.due', { at: at.toFormat(msg(lang, 'digest.fmt.since')) })
    : msg(lang, 'digest.sla.paused');
  return msg(lang, 'digest.sla.used', { kind, percent: Math.floor(c.share * 100), due });
}

/** Open incidents at the end of each local day (a case is open from createdAt until resolvedAt or closedAt). */
export function openPerDay(
  open: ReadonlyArray<{ createdAt: Date }>,
  ended: ReadonlyArray<{ createdAt: Date; resolvedAt?: Date | null; closedAt?: Date | null }>,
  calendar: BusinessCalendar,
  now: Date,
  days: number,
): ChartPoint[] {
  const today = calendar.local(now).startOf('day');
  const points: ChartPoint[] = [];
  const spans = [
    ...open.map((t) => [new Date(t.createdAt).getTime(), Infinity] as const),
    ...ended.map(
      (t) => [new Date(t.createdAt).getTime(), new Date(t.resolvedAt ?? t.closedAt ?? now).getTime()] as const,
    ),
  ];
  for (let i = days - 1; i >= 0; i--) {
    const day = today.minus({ days: i });
    const at = Math.min(now.getTime(), day.plus({ days: 1 }).toMillis() - 1);
    let count = 0;
    for (const [from, to] of spans) if (from <= at && at < to) count++;
    points.push({ date: day.toISODate() as string, open: count });
  }
  return points;
}
