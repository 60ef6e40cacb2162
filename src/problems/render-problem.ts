import { msg } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import type { TicketDoc } from '../tickets/ticket.model';

/**
 * To the reporter of an incident linked to a problem just fixed (asked to say so if the case is still open and it still
 * happens).
 */
export function problemFixedText(
  t: Pick<TicketDoc, 'key' | 'title'>,
  fix: string,
  stillOpen: boolean,
  lang?: Lang,
): string {
  return msg(lang, stillOpen ? 'notice.problemFixedOpen' : 'notice.problemFixed', { key: t.key, title: t.title, fix });
}
