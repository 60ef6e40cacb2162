import type { Attachment } from '../chat/chat-event';

/** To a sender of files or images without a word: nothing was logged. */
export function attachmentWithoutTextText(attachments: readonly Attachment[], caseKey?: string): string {
  const [first] = attachments;
  const what = attachments.length > 1 ? `${attachments.length} files` : first?.kind === 'image' ? 'your picture' : `your ${first?.kind ?? 'file'}`;
  const named = attachments.length === 1 && first ? ` (${first.name})` : '';
  return (
    `I got ${what}${named}, but no words with it, so I have not ${caseKey ? `added it to ${caseKey}` : 'logged anything'}. ` +
    `Please send it again with a sentence saying what is wrong, as its caption.`
  );
}

/** A message named a case the sender cannot see (or that does not exist: the same answer). */
export function unseenCaseText(key: string): { message: string; fix: string } {
  return {
    message: `${key} is not a case you can see, so I have not added your message to it.`,
    fix: `If it is a new problem, send it again without "${key}" and I will log it as a new case. \`ticket list\` shows your cases.`,
  };
}
