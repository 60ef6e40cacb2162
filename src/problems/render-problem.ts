import type { TicketDoc } from '../tickets/ticket.model';

/**
 * To the reporter of an incident linked to a problem just fixed (asked to say so if the case is still open and it still
 * happens).
 */
export function problemFixedText(t: Pick<TicketDoc, 'key' | 'title'>, fix: string, stillOpen: boolean): string {
  return (
    `The problem behind ${t.key} (${t.title}) is fixed: ${fix}` + (stillOpen ? '\nTell us if it still happens.' : '')
  );
}
