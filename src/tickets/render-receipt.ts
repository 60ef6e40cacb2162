import type { OutMessage } from '../chat/out-message';
import { msg, msgName } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import type { TicketDoc } from './ticket.model';

/** The receipt of a new report, in the reporter's language: its number, category and priority, how to add to it. */
export function receiptMessage(t: Pick<TicketDoc, 'key' | 'title' | 'category' | 'priority'>, lang?: Lang): OutMessage {
  const category = msgName(lang, 'category', t.category);
  const priority = msgName(lang, 'priority', t.priority);
  return {
    text: msg(lang, 'receipt.text', { key: t.key, category, priority }),
    card: {
      kind: 'ticket',
      title: `${t.key} ${t.title}`,
      status: msg(lang, 'receipt.status'),
      fields: [
        { label: msg(lang, 'receipt.category'), value: category },
        { label: msg(lang, 'receipt.priority'), value: priority },
      ],
      footer: msg(lang, 'receipt.footer', { key: t.key }),
    },
  };
}

/** To the sender: their message went onto the case. */
export function addedToCaseText(t: Pick<TicketDoc, 'key'>, lang?: Lang): string {
  return msg(lang, 'comment.added', { key: t.key });
}

/** To the reporter: the fix is confirmed, the case closed. */
export function confirmedText(t: Pick<TicketDoc, 'key'>, lang?: Lang): string {
  return msg(lang, 'confirm.done', { key: t.key });
}

/** To the reporter: the case is open again. */
export function reopenedText(t: Pick<TicketDoc, 'key' | 'status'>, lang?: Lang): string {
  return msg(lang, 'reopen.done', { key: t.key, status: msgName(lang, 'status', t.status) });
}

/** A case that does not exist or that the person may not see: the same answer. */
export function notVisibleText(key: string, lang?: Lang): { message: string; fix: string } {
  return { message: msg(lang, 'refuse.notVisible', { key }), fix: msg(lang, 'refuse.notVisibleFix') };
}

/** `ticket confirm` on a case that is not resolved. */
export function confirmNotResolvedText(t: Pick<TicketDoc, 'key' | 'status'>, lang?: Lang): string {
  return msg(lang, 'refuse.confirmNotResolved', { key: t.key, status: msgName(lang, 'status', t.status) });
}

/** `ticket reopen` on a case that is still open. */
export function reopenStillOpenText(t: Pick<TicketDoc, 'key' | 'status'>, lang?: Lang): string {
  return msg(lang, 'refuse.reopenStillOpen', { key: t.key, status: msgName(lang, 'status', t.status) });
}

/** `ticket reopen` after the reopen window. */
export function reopenTooLateText(
  t: Pick<TicketDoc, 'key'>,
  days: number,
  lang?: Lang,
): { message: string; fix: string } {
  return {
    message: msg(lang, 'refuse.reopenTooLate', { key: t.key, days }),
    fix: msg(lang, 'refuse.reopenTooLateFix'),
  };
}
