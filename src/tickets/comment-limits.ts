import type { Attachment } from '../chat/chat-event';
import type { Config } from '../config/schema';
import { OpsdeskError } from '../core/errors';
import type { TicketDoc } from './ticket.model';

/** Refuses a comment longer than a report may be (`tickets.maxTextLength`). Nothing is stored then. */
export function checkComment(config: Config, t: Pick<TicketDoc, 'key'>, note: string): void {
  const max = config.tickets.maxTextLength;
  if (note.length > max) {
    throw new OpsdeskError('TOO_LARGE', `Your comment is ${note.length} characters long; I take comments of up to ${max}.`, {
      fix: `Say it in a few sentences, or in several comments. Nothing was added to ${t.key}.`,
    });
  }
}

/** The refusal of a comment on a case that holds `cap` entries already. */
export function caseFullError(t: Pick<TicketDoc, 'key'>, cap: number): OpsdeskError {
  return new OpsdeskError('TOO_LARGE', `${t.key} holds ${cap} entries, the most a case can hold, so nothing more can be added to it.`, {
    fix: `If something new is wrong, report it as a new problem (without "${t.key}"); an operator can close ${t.key}.`,
  });
}

/** The `attachments` field of a case entry, when there are any. */
export function withAttachments(attachments: readonly Attachment[] | undefined): { attachments?: Attachment[] } {
  return attachments?.length ? { attachments: attachments.map((a) => ({ ...a })) } : {};
}
