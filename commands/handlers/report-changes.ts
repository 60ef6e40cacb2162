import type { ChangeHandler } from '../command';
import {
  receiptRemovedText,
  reportEditedText,
  reportEditedToAssigneeText,
  reportRemovedText,
  reportRemovedToAssigneeText,
} from '../../src/tickets/render-report-changes';
import { caseOfReport, editReport, removeReportText } from '../../src/tickets/report-changes';

/**
 * A reporter who edits or deletes the message that opened a case: an edit updates the case (and
 * says so in the thread), a deletion removes the text from the case and from the bot's receipt
 * and tells the assignee; the case stays open. Changes by anyone else are not the case's concern.
 */
export const reportChangeHandler: ChangeHandler = {
  name: 'report-changes',
  async handle(ctx) {
    const { event, person, services } = ctx;
    const t = await caseOfReport(event.platform, event.messageId);
    if (!t || t.reporterId !== person.id) return false;
    const now = services.clock.now();
    const notifier = services.tickets.notifier;
    if (event.change === 'removed') {
      const updated = await removeReportText(t, person, now);
      if (!updated) return true;
      const { receipt } = t;
      if (receipt) {
        const ref = { platform: receipt.platform, channel: receipt.channel, messageId: receipt.messageId };
        await services.outbound.remove?.(ref, receiptRemovedText(t));
      }
      await ctx.reply(reportRemovedText(t));
      await notifier.tellAssignee(updated, person, reportRemovedToAssigneeText(t));
      ctx.log.info({ case: t.key }, 'report removed by its reporter: text blanked');
      return true;
    }
    const text = event.text?.trim();
    if (!text || text === t.text) return true;
    const updated = await editReport(t, person, text, now);
    if (!updated) return true;
    await ctx.reply(reportEditedText(t));
    await notifier.tellAssignee(updated, person, reportEditedToAssigneeText(t, text));
    ctx.log.info({ case: t.key }, 'report edited by its reporter');
    return true;
  },
};
