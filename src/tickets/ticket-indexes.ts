import { Ticket } from './ticket.model';

/**
 * Indexes the digest, SLA check, statistics and problem records need on the tickets collection,
 * beyond those in ticket.model.ts. Declared on import, before the indexes are built (connect
 * syncs every model's indexes; tests call Model.init()). Each is named by the query it serves.
 */
const DIGEST_TICKET_INDEXES: Array<Record<string, 1 | -1>> = [
  { status: 1, createdAt: 1 }, // open cases, oldest first (digest, SLA check)
  { resolvedAt: 1 }, // resolved since the last digest; chart; stats
  { closedAt: 1 }, // chart: cases closed in the last 30 days
  { problemKey: 1, number: 1 }, // incidents linked to a problem record
];

const have = new Set(Ticket.schema.indexes().map(([fields]) => JSON.stringify(fields)));
for (const fields of DIGEST_TICKET_INDEXES) {
  if (!have.has(JSON.stringify(fields))) Ticket.schema.index(fields);
}

export { Ticket };
