import type { Attachment } from '../chat/chat-event';
import { formatTimeIn, msg } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import type { TicketDoc } from './ticket.model';

type CaseRef = Pick<TicketDoc, 'key'>;

/** "2 minutes", "90 seconds". */
function span(seconds: number, lang?: Lang): string {
  if (seconds === 60) return msg(lang, 'span.minute');
  if (seconds % 60 === 0) return msg(lang, 'span.minutes', { count: seconds / 60 });
  return msg(lang, 'span.seconds', { count: seconds });
}

/** To the sender: a message of a burst went to the case they reported a moment ago (said once per case). */
export function foldedText(t: CaseRef, foldSeconds: number, lang?: Lang): string {
  return msg(lang, 'floods.folded', { key: t.key, pause: span(foldSeconds, lang) });
}

/** To a sender over their own limit of new reports (said once until they may report again). */
export function personLimitedText(count: number, minutes: number, freeAt: Date, timezone: string, lang?: Lang): string {
  const time = formatTimeIn(lang, freeAt, timezone);
  return msg(lang, 'floods.personLimited', { count, span: span(Math.round(minutes * 60), lang), time });
}

/** To a sender whose Matrix server or Slack team is over its limit of new reports (said once to each). */
export function originLimitedText(
  origin: string,
  platform: string,
  freeAt: Date,
  timezone: string,
  lang?: Lang,
): string {
  const id = origin.length > 100 ? `${origin.slice(0, 99)}…` : origin;
  const where = platform === 'slack' ? msg(lang, 'floods.slackWorkspace', { id }) : id;
  return msg(lang, 'floods.originLimited', { where, time: formatTimeIn(lang, freeAt, timezone) });
}

/** To a person who got the most notifications about comments one minute allows. */
export function heldBackText(t: CaseRef, lang?: Lang): string {
  return msg(lang, 'floods.heldBack', { key: t.key });
}

/** To a sender of files or images without a word: nothing was logged. */
export function attachmentWithoutTextText(attachments: readonly Attachment[], caseKey?: string, lang?: Lang): string {
  const [first] = attachments;
  const what =
    attachments.length > 1
      ? msg(lang, 'floods.noWords.files', { count: attachments.length })
      : first?.kind === 'image'
        ? msg(lang, 'floods.noWords.picture')
        : msg(lang, 'floods.noWords.file', { kind: first?.kind ?? 'file' });
  const named = attachments.length === 1 && first ? ` (${first.name})` : '';
  const done = caseKey ? msg(lang, 'floods.noWords.addedTo', { key: caseKey }) : msg(lang, 'floods.noWords.logged');
  return msg(lang, 'floods.noWords', { what, named, done });
}

/** A message named a case the sender cannot see (or that does not exist: the same answer). */
export function unseenCaseText(key: string, lang?: Lang): { message: string; fix: string } {
  return { message: msg(lang, 'refuse.unseenCase', { key }), fix: msg(lang, 'refuse.unseenCaseFix', { key }) };
}

/** A report longer than the service desk takes. */
export function tooLongText(length: number, max: number, lang?: Lang): { message: string; fix: string } {
  return { message: msg(lang, 'refuse.tooLong', { length, max }), fix: msg(lang, 'refuse.tooLongFix') };
}
