/** The sentences about a report its reporter edited or deleted. */
import type { TicketDoc } from './ticket.model';

type CaseRef = Pick<TicketDoc, 'key'>;

/** In place of the bot's receipt where a platform cannot delete it. */
export function receiptRemovedText(t: CaseRef): string {
  return `${t.key}: the text of this report was removed by its reporter.`;
}

/** To the reporter, where they deleted it. */
export function reportRemovedText(t: CaseRef): string {
  return (
    `You deleted your report, so I removed its text from ${t.key} and from my receipt. The case stays open; ` +
    `write a message starting with ${t.key} to tell the service desk more, or that it can be closed.`
  );
}

/** To whoever works on the case. */
export function reportRemovedToAssigneeText(t: CaseRef): string {
  return `The reporter deleted their report of ${t.key}; its text is removed from the case, which stays open.`;
}

/** To the reporter, in the thread of the edited report. */
export function reportEditedText(t: CaseRef): string {
  return `Updated ${t.key} with your edit (its history keeps the first version).`;
}

export function reportEditedToAssigneeText(t: CaseRef, text: string): string {
  return `The reporter edited their report of ${t.key}; it now reads: ${text}`;
}

/** An edit of a message that was a command. */
export const EDITED_COMMAND_TEXT = 'I do not run edited commands — send it again.';

/** To the author of a comment they deleted. */
export function commentRemovedText(t: CaseRef): string {
  return `You deleted your comment, so I removed it from ${t.key}.`;
}

export function commentRemovedToAssigneeText(t: CaseRef): string {
  return `The author of a comment on ${t.key} deleted it; it is removed from the case.`;
}

export function commentEditedText(t: CaseRef): string {
  return `Updated your comment on ${t.key} (its history keeps the first version).`;
}
