/**
 * Indexes the digest, SLA check, statistics and problem records need on the tickets collection,
 * beyond the lookups in ticket.model.ts, which declares these with its own (connect syncs every
 * model's indexes; tests call Model.init()). Each is named by the query it serves.
 */
export const TICKET_QUERY_INDEXES: ReadonlyArray<Record<string, 1 | -1>> = [
  { status: 1, createdAt: 1 }, // open cases, oldest first (digest, SLA check)
  { resolvedAt: 1 }, // resolved since the last digest; chart; stats
  { closedAt: 1 }, // chart: cases closed in the last 30 days
  { problemKey: 1, number: 1 }, // incidents linked to a problem record
];
