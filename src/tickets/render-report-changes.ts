/** The sentences about a report its reporter edited or deleted, in the reader's language. */
import { msg } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import type { TicketDoc } from './ticket.model';

type CaseRef = Pick<TicketDoc, 'key'>;

/** In place of the bot's receipt where a platform cannot delete it (the reporter's language). */
export function receiptRemovedText(t: CaseRef, lang?: Lang): string {
  return msg(lang, 'change.receiptRemoved', { key: t.key });
}

/** To the reporter, where they deleted it. */
export function reportRemovedText(t: CaseRef, lang?: Lang): string {
  return msg(lang, 'change.reportRemoved', { key: t.key });
}

/** To whoever works on the case. */
export function reportRemovedToAssigneeText(t: CaseRef, lang?: Lang): string {
  return msg(lang, 'change.reportRemovedToAssignee', { key: t.key });
}

/** To the reporter, in the thread of the edited report. */
export function reportEditedText(t: CaseRef, lang?: Lang): string {
  return msg(lang, 'change.reportEdited', { key: t.key });
}

export function reportEditedToAssigneeText(t: CaseRef, text: string, lang?: Lang): string {
  return msg(lang, 'change.reportEditedToAssignee', { key: t.key, text });
}

/** An edit of a message that was a command. */
export function editedCommandText(lang?: Lang): string {
  return msg(lang, 'change.editedCommand');
}

/** To the author of a comment they deleted. */
export function commentRemovedText(t: CaseRef, lang?: Lang): string {
  return msg(lang, 'change.commentRemoved', { key: t.key });
}

export function commentRemovedToAssigneeText(t: CaseRef, lang?: Lang): string {
  return msg(lang, 'change.commentRemovedToAssignee', { key: t.key });
}

export function commentEditedText(t: CaseRef, lang?: Lang): string {
  return msg(lang, 'change.commentEdited', { key: t.key });
}
