import type { Attachment } from '../chat/chat-event';
import { formatTimeOfDay } from '../core/format-time';
import type { TicketDoc } from './ticket.model';

type CaseRef = Pick<TicketDoc, 'key'>;

/** "2 minutes", "90 seconds". */
function span(seconds: number): string {
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} seconds`;
}

/** To the sender: a message of a burst went to the case they reported a moment ago (said once per case). */
export function foldedText(t: CaseRef, foldSeconds: number): string {
  const pause = span(foldSeconds);
  return (
    `Added to *${t.key}*, which you reported a moment ago. What you send less than ${pause} after your last message ` +
    `goes there too; ` +
    `if this is a different problem, send it again after a pause of ${pause}.`
  );
}

/** To a sender over their own limit of new reports (said once until they may report again). */
export function personLimitedText(count: number, minutes: number, freeAt: Date, timezone: string): string {
  return (
    `You have reported many problems in a short time (I log ${count} per ${span(Math.round(minutes * 60))}), so I ` +
    `have not logged this one. ` +
    `Please send it again after ${formatTimeOfDay(freeAt, timezone)}; until then I do not log or answer new reports ` +
    `from you. ` +
    `To add to a case you have, reply in its thread.`
  );
}

/** To a sender whose Matrix server or Slack team is over its limit of new reports (said once to each). */
export function originLimitedText(origin: string, platform: string, freeAt: Date, timezone: string): string {
  const id = origin.length > 100 ? `${origin.slice(0, 99)}…` : origin;
  const where = platform === 'slack' ? `your Slack workspace (${id})` : id;
  return (
    `Many reports are arriving from ${where} at the moment, so I have not logged this one. ` +
    `Please send it again after ${formatTimeOfDay(freeAt, timezone)}; until then I do not log or answer new reports ` +
    `from ${where}. ` +
    `If it is urgent, ask your school's ICT contact.`
  );
}

/** To a person who got the most notifications about comments one minute allows. */
export function heldBackText(t: CaseRef): string {
  return (
    `There are more comments on ${t.key} (and perhaps other cases) than I send you in a minute, so I am holding ` +
    `further ones back for a moment. ` +
    `Nothing is lost: \`ticket show ${t.key}\` shows every comment.`
  );
}

/** To a sender of files or images without a word: nothing was logged. */
export function attachmentWithoutTextText(attachments: readonly Attachment[], caseKey?: string): string {
  const [first] = attachments;
  const what =
    attachments.length > 1
      ? `${attachments.length} files`
      : first?.kind === 'image'
        ? 'your picture'
        : `your ${first?.kind ?? 'file'}`;
  const named = attachments.length === 1 && first ? ` (${first.name})` : '';
  return (
    `I got ${what}${named}, but no words with it, so I have not ` +
    `${caseKey ? `added it to ${caseKey}` : 'logged anything'}. ` +
    `Please send it again with a sentence saying what is wrong, as its caption.`
  );
}

/** A message named a case the sender cannot see (or that does not exist: the same answer). */
export function unseenCaseText(key: string): { message: string; fix: string } {
  return {
    message: `${key} is not a case you can see, so I have not added your message to it.`,
    fix:
      `If it is a new problem, send it again without "${key}" and I will log it as a new case. \`ticket list\` ` +
      `shows your cases.`,
  };
}
