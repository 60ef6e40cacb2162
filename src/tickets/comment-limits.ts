import type { Attachment } from '../chat/chat-event';
import type { Config } from '../config/schema';
import type { OpsdeskError } from '../core/errors';
import { refusal, said } from '../i18n/refusal';
import type { Person } from '../people/person';
import type { FloodGuard } from './flood-guard';
import type { TicketDoc } from './ticket.model';

/**
 * Refuses a comment longer than a report may be (`tickets.maxTextLength`), or one mentioning more
 * people than `limits.mentionsPerComment` (each would get it in a DM). Nothing is stored then.
 */
export function checkComment(
  config: Config,
  floods: FloodGuard,
  t: Pick<TicketDoc, 'key' | 'conversation'>,
  actor: Person,
  note: string,
  mentioned: readonly Person[],
): void {
  const max = config.tickets.maxTextLength;
  if (note.length > max) {
    throw refusal(
      'TOO_LARGE',
      said('limit.commentTooLong', { length: note.length, max }),
      said('limit.commentTooLongFix', { key: t.key }),
    );
  }
  const cap = config.limits.mentionsPerComment;
  const others = new Set(mentioned.filter((p) => p.id !== actor.id).map((p) => p.id));
  if (cap > 0 && others.size > cap) {
    floods.refused('mentions-per-comment', t.conversation.platform, {
      person: actor.id,
      case: t.key,
      mentioned: others.size,
    });
    throw refusal(
      'TOO_LARGE',
      said('limit.tooManyMentions', { count: others.size, max: cap }),
      said('limit.tooManyMentionsFix', { key: t.key }),
    );
  }
}

/** The refusal of a comment on a case that holds `cap` entries already (counted as held back by a limit). */
export function caseFullError(
  floods: FloodGuard,
  t: Pick<TicketDoc, 'key' | 'conversation'>,
  actor: Person,
  cap: number,
): OpsdeskError {
  floods.refused('case-entries', t.conversation.platform, { person: actor.id, case: t.key, cap });
  return refusal('TOO_LARGE', said('limit.caseFull', { key: t.key, cap }), said('limit.caseFullFix', { key: t.key }));
}

/** The `attachments` field of a case entry, when there are any. */
export function withAttachments(attachments: readonly Attachment[] | undefined): { attachments?: Attachment[] } {
  return attachments?.length ? { attachments: attachments.map((a) => ({ ...a })) } : {};
}
