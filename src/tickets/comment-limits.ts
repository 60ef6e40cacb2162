import type { Attachment } from '../chat/chat-event';
import type { Config } from '../config/schema';
import { OpsdeskError } from '../core/errors';
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
    throw new OpsdeskError(
      'TOO_LARGE',
      `Your comment is ${note.length} characters long; I take comments of up to ${max}.`,
      {
        fix: `Say it in a few sentences, or in several comments. Nothing was added to ${t.key}.`,
      },
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
    throw new OpsdeskError(
      'TOO_LARGE',
      `That comment mentions ${others.size} people; a comment goes to at most ${cap}.`,
      {
        fix: `Mention fewer people (ask the others in a channel). Nothing was added to ${t.key}.`,
      },
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
  return new OpsdeskError(
    'TOO_LARGE',
    `${t.key} holds ${cap} entries, the most a case can hold, so nothing more can be added to it.`,
    {
      fix:
        `If something new is wrong, report it as a new problem (without "${t.key}"); an operator can close ` +
        `${t.key}.`,
    },
  );
}

/** The `attachments` field of a case entry, when there are any. */
export function withAttachments(attachments: readonly Attachment[] | undefined): { attachments?: Attachment[] } {
  return attachments?.length ? { attachments: attachments.map((a) => ({ ...a })) } : {};
}
