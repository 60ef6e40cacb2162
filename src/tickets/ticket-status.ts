export const TICKET_STATUSES = [
  'new',
  'assigned',
  'in-progress',
  'waiting-on-reporter',
  'escalated',
  'resolved',
  'closed',
] as const;

export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const OPEN_STATUSES: readonly TicketStatus[] = [
  'new',
  'assigned',
  'in-progress',
  'waiting-on-reporter',
  'escalated',
];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PRIORITY_LABELS: Record<Priority, string> = {
  P1: 'P1 critical',
  P2: 'P2 high',
  P3: 'P3 normal',
  P4: 'P4 low',
};

export function isOpen(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** Which statuses may follow which. Resolved and closed cases come back only through `reopen`. */
export const NEXT_STATUS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['assigned', 'in-progress', 'waiting-on-reporter', 'escalated', 'resolved', 'closed'],
  assigned: ['new', 'in-progress', 'waiting-on-reporter', 'escalated', 'resolved', 'closed'],
  'in-progress': ['assigned', 'waiting-on-reporter', 'escalated', 'resolved', 'closed'],
  'waiting-on-reporter': ['assigned', 'in-progress', 'escalated', 'resolved', 'closed'],
  escalated: ['assigned', 'in-progress', 'waiting-on-reporter', 'resolved', 'closed'],
  resolved: ['closed'],
  closed: [],
};
