import type { ChangeContext, ChangeHandler } from '../command';
import {
  commentEditedText,
  commentRemovedText,
  commentRemovedToAssigneeText,
  receiptRemovedText,
  reportEditedText,
  reportEditedToAssigneeText,
  reportRemovedText,
  reportRemovedToAssigneeText,
} from '../../src/tickets/render-report-changes';
import { receiptMessage } from '../../src/tickets/render-receipt';
import { questionOf } from '../../src/tickets/fix-questions';
import { caseOfReport, changeComment, commentOf, editReport, removeReportText } from '../../src/tickets/report-changes';
import type { TicketDoc } from '../../src/tickets/ticket.model';

/**
 * A person who edits or deletes the message that opened a case (or became a comment on one): an
 * edit updates the case (and says so in the thread), a deletion removes the text from the case (and
 * a report's from the bot's receipt) and tells the assignee; the case stays open. Changes by anyone
 * but the message's author are not the case's concern.
 */
export const reportChangeHandler: ChangeHandler = {
  name: 'report-changes',
  async handle(ctx) {
    const { event, person } = ctx;
    const t = await caseOfReport(event.platform, event.messageId);
    if (t) {
      if (t.reporterId !== person.id) return false;
      await changeReport(ctx, t);
      return true;
    }
    const comment = await commentOf(event.platform, event.messageId);
    if (!comment || comment.link.actorId !== person.id) return false;
    const edited = event.change === 'edited' ? event.text?.trim() : undefined;
    if (event.change === 'edited' && !edited) return true;
    const updated = await changeComment(comment.ticket, comment.link, person, ctx.services.clock.now(), edited);
    if (!updated) return true;
    if (edited) await ctx.reply(commentEditedText(updated, person.language));
    else {
      await ctx.reply(commentRemovedText(updated, person.language));
      await ctx.services.tickets.notifier.tellAssignee(updated, person, (lang) =>
        commentRemovedToAssigneeText(updated, lang),
      );
    }
    return true;
  },
};

async function changeReport(ctx: ChangeContext, t: TicketDoc): Promise<void> {
  const { event, person, services } = ctx;
  const now = services.clock.now();
  const notifier = services.tickets.notifier;
  if (event.change === 'removed') {
    const updated = await removeReportText(t, person, now);
    if (!updated) return;
    const receipt = await services.tickets.receiptOf(t._id);
    if (receipt) {
      const ref = { platform: receipt.platform, channel: receipt.channel, messageId: receipt.messageId };
      await services.outbound.remove?.(ref, receiptRemovedText(t, person.language));
    }
    await ctx.reply(reportRemovedText(t, person.language));
    await notifier.tellAssignee(updated, person, (lang) => reportRemovedToAssigneeText(t, lang));
    ctx.log.info({ case: t.key }, 'report removed by its reporter: text blanked');
    return;
  }
  const text = event.text?.trim();
  if (!text || text === t.text) return;
  const updated = await editReport(t, person, text, now);
  if (!updated) return;
  await showEditInReceipt(ctx, updated);
  await ctx.reply(reportEditedText(t, person.language));
  await notifier.tellAssignee(updated, person, (lang) => reportEditedToAssigneeText(t, text, lang));
  ctx.log.info({ case: t.key }, 'report edited by its reporter');
}

/**
 * The receipt names the case by its title: edited, it shows the new one. A receipt that asks a
 * question (a known error's workaround offered with one-tap answers) is left as sent: rewriting it
 * would drop the offer and, on Slack, its buttons.
 */
async function showEditInReceipt(ctx: ChangeContext, updated: TicketDoc): Promise<void> {
  const { services } = ctx;
  const receipt = await services.tickets.receiptOf(updated._id);
  if (!receipt || (await questionOf(receipt))) return;
  const ref = { platform: receipt.platform, channel: receipt.channel, messageId: receipt.messageId };
  await services.outbound.edit(ref, receiptMessage(updated, ctx.person.language));
}
