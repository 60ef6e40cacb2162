import { hasRole, type Person } from '../people/person';
import { STAFF } from '../people/role';

export interface VisibleTicketFields {
  reporterId: string;
  school?: string | null;
}

/** Operators and admins see every case; ICT contacts their school's; everybody their own. */
export function canSeeTicket(person: Person, ticket: VisibleTicketFields): boolean {
  if (hasRole(person, ...STAFF)) return true;
  if (ticket.reporterId === person.id) return true;
  if (hasRole(person, 'ict-contact') && person.school && ticket.school === person.school) return true;
  return false;
}

/** Who reads internal notes: staff, and the ICT contact of the case's school. Never the reporter as such. */
export function canSeeNotes(person: Person, ticket: VisibleTicketFields): boolean {
  if (hasRole(person, ...STAFF)) return true;
  return hasRole(person, 'ict-contact') && !!person.school && ticket.school === person.school;
}

export function isStaff(person: Person): boolean {
  return hasRole(person, ...STAFF);
}

/** A MongoDB filter restricting a ticket query to what `person` may see. */
export function visibilityFilter(person: Person): Record<string, unknown> {
  if (isStaff(person)) return {};
  if (hasRole(person, 'ict-contact') && person.school) {
    return { $or: [{ reporterId: person.id }, { school: person.school }] };
  }
  return { reporterId: person.id };
}
