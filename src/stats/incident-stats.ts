import type { BusinessCalendar } from '../calendar/business-calendar';
import { NO_SCHOOL, Ticket } from '../tickets/ticket.model';
import { readRollups } from '../tickets/case-rollups';
import { median } from './median';
import { previousPeriod, type StatsPeriod } from './period';

export interface KeyCount {
  key: string;
  count: number;
}

export interface RecurringCategory {
  category: string;
  count: number;
  /** Cases in the period of equal length before. */
  previous: number;
  /** Cases not linked to a problem record: candidates for `problem new`. */
  unlinked: number;
  /** The school with most cases of this category, and its count. */
  topSchool?: KeyCount;
}

export interface IncidentStats {
  period: StatsPeriod;
  total: number;
  byCategory: KeyCount[];
  bySchool: KeyCount[];
  byPriority: KeyCount[];
  /** Median business ms from report to the first answer by staff, over cases answered. */
  firstResponse: { median?: number; cases: number };
  /** Median business ms from report to resolution, over cases resolved. */
  resolution: { median?: number; cases: number };
  /** Cases reopened at least once, of the cases resolved at least once. */
  reopen: { reopened: number; resolved: number; rate?: number };
  /** Cases the reporter said a known error's workaround (offered on the receipt) fixed. */
  deflected: number;
  /** Categories with at least `recurringMin` cases, most first. */
  recurring: RecurringCategory[];
}

interface StatsRow {
  category: string;
  school?: string;
  priority: string;
  createdAt: Date;
  firstResponseAt?: Date;
  resolvedAt?: Date;
  reopenCount?: number;
  problemKey?: string;
  deflectedBy?: string;
}

interface CategoryCount {
  _id: string;
  count: number;
}

function counted(map: Map<string, number>): KeyCount[] {
  return [...map]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/**
 * Incident figures for cases reported in the period: one indexed range query (createdAt) with a
 * projection of the fields counted, and one grouped count for the period before. Times are
 * business hours on the organisation's calendar (the clock of the SLA targets).
 */
export async function incidentStats(
  period: StatsPeriod,
  calendar: BusinessCalendar,
  recurringMin: number,
  from: 'rollups' | 'tickets' = 'rollups',
): Promise<IncidentStats> {
  const before = previousPeriod(period);
  const [rows, previous] = await (from === 'rollups' ? fromRollups(period, before) : fromTickets(period, before));
  return countStats(period, calendar, recurringMin, rows, previous);
}

/** The rows of the period and the counts per category of the period before, from the roll-ups. */
async function fromRollups(period: StatsPeriod, before: StatsPeriod): Promise<[StatsRow[], CategoryCount[]]> {
  const all = await readRollups({ createdFrom: before.from, createdTo: period.to });
  const within = (r: StatsRow, p: StatsPeriod) => r.createdAt >= p.from && r.createdAt < p.to;
  const previous = new Map<string, number>();
  for (const r of all) if (within(r, before)) bump(previous, r.category);
  return [all.filter((r) => within(r, period)), [...previous].map(([_id, count]) => ({ _id, count }))];
}

/** The same from the tickets: a range query and a grouped count (the baseline; before the roll-ups are built). */
function fromTickets(period: StatsPeriod, before: StatsPeriod): Promise<[StatsRow[], CategoryCount[]]> {
  return Promise.all([
    Ticket.find(
      { createdAt: { $gte: period.from, $lt: period.to } },
      {
        _id: 0,
        category: 1,
        school: 1,
        priority: 1,
        createdAt: 1,
        firstResponseAt: 1,
        resolvedAt: 1,
        reopenCount: 1,
        problemKey: 1,
        deflectedBy: 1,
      },
    ).lean<StatsRow[]>(),
    Ticket.aggregate<CategoryCount>([
      { $match: { createdAt: { $gte: before.from, $lt: before.to } } },
      { $group: { _id: '$category', count: { $sum: 1 } } },
    ]),
  ]);
}

function countStats(
  period: StatsPeriod,
  calendar: BusinessCalendar,
  recurringMin: number,
  rows: StatsRow[],
  previous: CategoryCount[],
): IncidentStats {
  const byCategory = new Map<string, number>();
  const bySchool = new Map<string, number>();
  const byPriority = new Map<string, number>();
  const unlinked = new Map<string, number>();
  const categorySchool = new Map<string, Map<string, number>>();
  const response: number[] = [];
  const resolution: number[] = [];
  let reopened = 0;
  let resolvedOnce = 0;
  let deflected = 0;
  for (const r of rows) {
    if (r.deflectedBy) deflected++;
    bump(byCategory, r.category);
    bump(bySchool, r.school || NO_SCHOOL);
    bump(byPriority, r.priority);
    if (!r.problemKey) bump(unlinked, r.category);
    if (r.school) {
      const m = categorySchool.get(r.category) ?? new Map<string, number>();
      bump(m, r.school);
      categorySchool.set(r.category, m);
    }
    const created = new Date(r.createdAt);
    if (r.firstResponseAt) response.push(calendar.businessMsBetween(created, new Date(r.firstResponseAt)));
    if (r.resolvedAt) resolution.push(calendar.businessMsBetween(created, new Date(r.resolvedAt)));
    if ((r.reopenCount ?? 0) > 0) reopened++;
    if (r.resolvedAt || (r.reopenCount ?? 0) > 0) resolvedOnce++;
  }
  const prev = new Map(previous.map((p) => [String(p._id), p.count]));
  const categories = counted(byCategory);
  return {
    period,
    total: rows.length,
    byCategory: categories,
    bySchool: counted(bySchool),
    byPriority: counted(byPriority).sort((a, b) => a.key.localeCompare(b.key)),
    firstResponse: { median: median(response), cases: response.length },
    resolution: { median: median(resolution), cases: resolution.length },
    reopen: { reopened, resolved: resolvedOnce, ...(resolvedOnce ? { rate: reopened / resolvedOnce } : {}) },
    deflected,
    recurring: categories
      .filter((c) => c.count >= recurringMin)
      .map((c) => {
        const top = counted(categorySchool.get(c.key) ?? new Map())[0];
        return {
          category: c.key,
          count: c.count,
          previous: prev.get(c.key) ?? 0,
          unlinked: unlinked.get(c.key) ?? 0,
          ...(top ? { topSchool: top } : {}),
        };
      }),
  };
}
