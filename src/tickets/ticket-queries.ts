import type { Person } from '../people/person';
import { Ticket, type TicketDoc } from './ticket.model';
import type { TicketStatus } from './ticket-status';
import { visibilityFilter } from './ticket-visibility';

export type TicketListFilter =
  | { kind: 'open' }
  | { kind: 'all' }
  | { kind: 'mine' }
  | { kind: 'unassigned' }
  | { kind: 'school'; school: string }
  | { kind: 'category'; category: string }
  | { kind: 'status'; status: TicketStatus };

/** One page of cases and how many match in all. */
export interface TicketPage {
  items: TicketDoc[];
  total: number;
}

/** The cases `viewer` may see that match `filter`, newest first. */
export async function listTickets(viewer: Person, filter: TicketListFilter, limit = 20): Promise<TicketPage> {
  const q: Record<string, unknown> = {};
  switch (filter.kind) {
    case 'open':
      q.status = { $nin: ['resolved', 'closed'] };
      break;
    case 'all':
      break;
    case 'mine':
      if (viewer.roles.includes('operator') || viewer.roles.includes('admin')) {
        q.assigneeId = viewer.id;
        q.status = { $nin: ['closed'] };
      } else q.reporterId = viewer.id;
      break;
    case 'unassigned':
      q.assigneeId = { $exists: false };
      q.status = { $nin: ['resolved', 'closed'] };
      break;
    case 'school':
      q.school = String(filter.school);
      q.status = { $nin: ['resolved', 'closed'] };
      break;
    case 'category':
      q.category = String(filter.category);
      q.status = { $nin: ['resolved', 'closed'] };
      break;
    case 'status':
      q.status = String(filter.status);
      break;
  }
  const where = { $and: [q, visibilityFilter(viewer)] };
  const [items, total] = await Promise.all([
    Ticket.find(where).sort({ number: -1 }).limit(limit).lean<TicketDoc[]>(),
    Ticket.countDocuments(where),
  ]);
  return { items, total };
}

/** Cases whose title or text contain every word (case-insensitive, literal). */
export async function searchTickets(viewer: Person, words: string[], limit = 20): Promise<TicketPage> {
  const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const clauses = words.slice(0, 8).map((w) => ({
    $or: [
      { title: { $regex: escape(String(w)), $options: 'i' } },
      { text: { $regex: escape(String(w)), $options: 'i' } },
    ],
  }));
  const where = { $and: [...clauses, visibilityFilter(viewer)] };
  const [items, total] = await Promise.all([
    Ticket.find(where).sort({ number: -1 }).limit(limit).lean<TicketDoc[]>(),
    Ticket.countDocuments(where),
  ]);
  return { items, total };
}
