import { isOpen, type TicketStatus } from './ticket-status';
import type { TicketDoc } from './ticket.model';

/**
 * One case as the digest, `stats` and the SLA check read it: its roll-up row. A pure function of
 * the ticket (`caseRow`), so writing it twice, or from two processes, writes the same thing.
 * `v` (the number of entries in the case's history, which every write of a case adds to) orders
 * two rows of one case: the higher one is its newer state.
 */
export interface CaseRow {
  /** The ticket's `_id` as hex. */
  _id: string;
  v: number;
  number: number;
  key: string;
  title: string;
  priority: string;
  status: string;
  category: string;
  school?: string;
  assigneeId?: string;
  createdAt: Date;
  firstResponseAt?: Date;
  resolvedAt?: Date;
  closedAt?: Date;
  reopenCount: number;
  problemKey?: string;
  deflectedBy?: string;
  /** Open cases only: what the SLA clocks read (the status entries of the history, and where it was reported). */
  conversation?: TicketDoc['conversation'];
  events?: Array<{ at: Date; kind: string; to?: string }>;
}

/** The fields of a ticket a row is made of (a projection for reading tickets to rebuild rows). */
export const CASE_ROW_FIELDS = {
  number: 1,
  key: 1,
  title: 1,
  priority: 1,
  status: 1,
  category: 1,
  school: 1,
  assigneeId: 1,
  createdAt: 1,
  firstResponseAt: 1,
  resolvedAt: 1,
  closedAt: 1,
  reopenCount: 1,
  problemKey: 1,
  deflectedBy: 1,
  conversation: 1,
  'events.at': 1,
  'events.kind': 1,
  'events.to': 1,
} as const;

export type RowSource = Pick<
  TicketDoc,
  | '_id'
  | 'number'
  | 'key'
  | 'title'
  | 'priority'
  | 'status'
  | 'category'
  | 'school'
  | 'assigneeId'
  | 'createdAt'
  | 'firstResponseAt'
  | 'resolvedAt'
  | 'closedAt'
  | 'reopenCount'
  | 'problemKey'
  | 'deflectedBy'
  | 'conversation'
> & { events?: ReadonlyArray<{ at: Date; kind: string; to?: string | null }> | null };

const date = (d: Date | null | undefined) => (d ? new Date(d) : undefined);

/** The roll-up row of a case. */
export function caseRow(t: RowSource): CaseRow {
  const open = rowIsOpen(t);
  const row: CaseRow = {
    _id: String(t._id),
    v: t.events?.length ?? 0,
    number: t.number,
    key: t.key,
    title: t.title,
    priority: t.priority,
    status: t.status,
    category: t.category,
    createdAt: new Date(t.createdAt),
    reopenCount: t.reopenCount ?? 0,
  };
  const optional: Partial<CaseRow> = {
    school: t.school ?? undefined,
    assigneeId: t.assigneeId ?? undefined,
    firstResponseAt: date(t.firstResponseAt),
    resolvedAt: date(t.resolvedAt),
    closedAt: date(t.closedAt),
    problemKey: t.problemKey ?? undefined,
    deflectedBy: t.deflectedBy ?? undefined,
  };
  for (const [k, val] of Object.entries(optional))
    if (val !== undefined && val !== '') Object.assign(row, { [k]: val });
  if (open) {
    row.conversation = t.conversation;
    row.events = (t.events ?? [])
      .filter((e) => e.kind === 'status' && e.to)
      .map((e) => ({ at: new Date(e.at), kind: e.kind, to: String(e.to) }));
  }
  return row;
}

export function rowIsOpen(r: { status: string }): boolean {
  return isOpen(r.status as TicketStatus);
}

/** When a case that is not open ended: the later of its resolution and its closing (undefined if neither). */
export function endedAt(r: { resolvedAt?: Date | null; closedAt?: Date | null }): Date | undefined {
  const times = [r.resolvedAt, r.closedAt].filter((d): d is Date => Boolean(d)).map((d) => new Date(d).getTime());
  return times.length ? new Date(Math.max(...times)) : undefined;
}

/**
 * A case not open as the digest reads it by the day it ended: when it was reported and ended (its
 * "resolved since" and its span on the chart of open cases). Slim, as the reader's cost is decoding rows.
 */
export type EndedRow = Pick<CaseRow, '_id' | 'v' | 'status' | 'createdAt' | 'resolvedAt' | 'closedAt'>;

export function endedRow(r: CaseRow): EndedRow {
  const row: EndedRow = { _id: r._id, v: r.v, status: r.status, createdAt: r.createdAt };
  if (r.resolvedAt) row.resolvedAt = r.resolvedAt;
  if (r.closedAt) row.closedAt = r.closedAt;
  return row;
}

/**
 * Where a case not open is filed among the ended rows: when it ended, or when it was reported if
 * that is later or it has no end. A reader of the rows filed since T has every case not open
 * reported, resolved or closed since T.
 */
export function filedAt(r: { createdAt: Date; resolvedAt?: Date | null; closedAt?: Date | null }): Date {
  const end = endedAt(r);
  const created = new Date(r.createdAt);
  return end && end > created ? end : created;
}

/** The newest row of each case (highest `v`; on a tie the first read). */
export function newestRows<T extends { _id: string; v: number }>(rows: Iterable<T>): T[] {
  const by = new Map<string, T>();
  for (const r of rows) {
    const had = by.get(r._id);
    if (!had || r.v > had.v) by.set(r._id, r);
  }
  return [...by.values()];
}
