import type { BusinessCalendar } from '../calendar/business-calendar';
import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import type { Person } from '../people/person';
import type { PeopleDirectory } from '../people/people-directory';
import { autoClosedNote, autoClosedText } from './render-fix-question';
import { Ticket, type TicketDoc } from './ticket.model';
import type { TicketService } from './ticket-service';

/** The bot itself, as the actor of the cases it closes. */
export const BOT_ACTOR: Person = { id: 'opsdesk', name: 'opsdesk', roles: [], identities: {}, known: true };

/**
 * Closes the resolved cases that nobody confirmed or reopened within `tickets.autoCloseSchoolDays`
 * school days of their resolution, telling each reporter (a notice that invites no reply). One
 * indexed query (status); each close is the guarded update of `TicketService`, so a case confirmed
 * or reopened meanwhile is left alone. Returns the keys closed.
 */
export async function closeUnconfirmed(deps: {
  tickets: TicketService;
  calendar: BusinessCalendar;
  config: Config;
  clock: Clock;
  people: PeopleDirectory;
}): Promise<string[]> {
  const days = deps.config.tickets.autoCloseSchoolDays;
  if (days <= 0) return [];
  const now = deps.clock.now();
  const resolved = await Ticket.find({ status: 'resolved' }).limit(500).lean<TicketDoc[]>();
  const closed: string[] = [];
  for (const t of resolved) {
    if (!t.resolvedAt || deps.calendar.schoolDaysBetween(new Date(t.resolvedAt), now) < days) continue;
    const notice = autoClosedText(
      { key: t.key, resolvedAt: new Date(t.resolvedAt) },
      days,
      deps.config.organisation.timezone,
      deps.people.languageOf(t.reporterId),
    );
    try {
      await deps.tickets.closeUnconfirmed(t, BOT_ACTOR, autoClosedNote(days), notice);
      closed.push(t.key);
    } catch {
      // Confirmed or reopened meanwhile: nothing to close.
    }
  }
  return closed;
}
