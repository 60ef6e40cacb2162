import { Ticket } from '../../../src/tickets/ticket.model';
import { rebuildRollups } from '../../../src/tickets/rollup-build';

/** A ticket document for fixtures: only what a test names, the rest filled in. */
export interface FixtureCase {
  number: number;
  priority?: 'P1' | 'P2' | 'P3' | 'P4';
  status?: string;
  school?: string;
  category?: string;
  assigneeId?: string;
  reporterId?: string;
  createdAt: string;
  firstResponseAt?: string;
  resolvedAt?: string;
  closedAt?: string;
  reopenCount?: number;
  problemKey?: string;
  /** Status changes after creation: [ISO time, new status]. */
  statuses?: Array<[string, string]>;
  title?: string;
}

export function fixtureDoc(c: FixtureCase): Record<string, unknown> {
  const reporterId = c.reporterId ?? 'anna';
  return {
    number: c.number,
    key: `INC-${c.number}`,
    reporterId,
    reporterName: reporterId,
    ...(c.school ? { school: c.school } : {}),
    title: c.title ?? `case ${c.number}`,
    text: c.title ?? `case ${c.number}`,
    category: c.category ?? 'printing',
    priority: c.priority ?? 'P3',
    status: c.status ?? 'new',
    ...(c.assigneeId ? { assigneeId: c.assigneeId } : {}),
    createdAt: new Date(c.createdAt),
    updatedAt: new Date(c.createdAt),
    ...(c.firstResponseAt ? { firstResponseAt: new Date(c.firstResponseAt) } : {}),
    ...(c.resolvedAt ? { resolvedAt: new Date(c.resolvedAt) } : {}),
    ...(c.closedAt ? { closedAt: new Date(c.closedAt) } : {}),
    reopenCount: c.reopenCount ?? 0,
    ...(c.problemKey ? { problemKey: c.problemKey } : {}),
    conversation: { platform: 'test', channel: `dm:${reporterId}`, direct: true },
    threadIds: [],
    events: [
      { at: new Date(c.createdAt), actorId: reporterId, kind: 'created' },
      ...(c.statuses ?? []).map(([at, to]) => ({ at: new Date(at), actorId: 'oscar', kind: 'status', to })),
    ],
  };
}

/**
 * Inserts raw ticket documents (timestamps as given, not "now"), as cases logged before the roll-ups
 * existed, then builds the roll-ups from them (`opsdesk repair`), which the digest and `stats` read.
 */
export async function insertCases(cases: readonly FixtureCase[]): Promise<void> {
  await Ticket.collection.insertMany(cases.map(fixtureDoc));
  await rebuildRollups();
}
