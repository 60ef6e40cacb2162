import type { ReactionContext, ReactionHandler } from '../command';
import type { ConversationRef } from '../../src/chat/conversation-ref';
import type { OutMessage } from '../../src/chat/out-message';
import {
  answerOf,
  answeredMessage,
  asking,
  claimAnswer,
  questionOf,
  recordQuestion,
} from '../../src/tickets/fix-questions';
import type { FixQuestionDoc } from '../../src/tickets/fix-question.model';
import {
  alreadyAnsweredText,
  answeredLine,
  confirmedByTapText,
  followUpDeclinedText,
  followUpLoggedText,
  followUpNote,
  followUpOffer,
  notYourQuestionText,
  questionOutdatedText,
  reopenedByReporterText,
  STILL_BROKEN_NOTE,
  workaroundDidNotHelpText,
  workaroundFixedText,
} from '../../src/tickets/render-fix-question';
import type { TicketDoc } from '../../src/tickets/ticket.model';
import { isOpen, type TicketStatus } from '../../src/tickets/ticket-status';

/**
 * One-tap answers: ✅ or ❌ (a Slack button arrives as that reaction) on a message that asks the
 * reporter a question about her case: "Fixed?" after a resolution, a known error's workaround on
 * her receipt, a new case after the reopen window. Other reactions pass on to the next handler.
 */
export const fixAnswerHandler: ReactionHandler = {
  name: 'fix-answers',
  async handle(ctx) {
    const { event, person, services } = ctx;
    const answer = answerOf(event.reaction);
    if (!answer) return false;
    const q = await questionOf(event.target);
    if (!q) return false;
    if (event.action !== 'added') return true;
    const t = await services.tickets.byId(q.ticketId);
    if (!t) return true;
    if (q.personId !== person.id) {
      await ctx.notice(notYourQuestionText(t, person.language));
      return true;
    }
    const say = (msg: string | OutMessage) => services.outbound.post(whereAsked(ctx), msg);
    const yes = answer === 'yes';
    const applies =
      q.kind === 'confirm' ? t.status === 'resolved' : q.kind !== 'known-error' || isOpen(t.status as TicketStatus);
    if (!applies) {
      await ctx.notice(questionOutdatedText(t, person.language));
      return true;
    }
    // After the reopen window "Yes, fixed" is refused (confirm says why); "Still broken" offers a new case.
    if (q.kind === 'confirm' && !yes && !services.tickets.inReopenWindow(t)) {
      const offer = followUpOffer(t, services.config.tickets.reopenDays, person.language);
      await asking(async () => {
        const ref = await say(offer);
        await recordQuestion('follow-up', t, ref, services.clock.now(), {
          text: `${STILL_BROKEN_NOTE}: ${t.title}`,
          asked: { text: offer.text },
        });
      });
      return true;
    }
    if (q.kind === 'confirm' && yes && !services.tickets.inReopenWindow(t)) {
      await services.tickets.confirm(t, person); // refused: it says why
      return true;
    }
    if (!(await claimAnswer(q, person.id))) {
      await ctx.notice(alreadyAnsweredText(t, person.language));
      return true;
    }
    await say(await act(ctx, q, t, yes));
    // The question shows its answer and loses its buttons (Slack), so nobody taps it again.
    const answered = answeredMessage(q, answeredLine(yes, person.name, person.language));
    if (answered) await services.outbound.edit(event.target, answered);
    return true;
  },
};

/** Where the question was asked: its conversation, in its thread if it was in one. */
function whereAsked(ctx: ReactionContext): ConversationRef {
  const { event } = ctx;
  return {
    platform: event.platform,
    channel: event.target.channel,
    direct: event.direct,
    ...(event.target.thread ? { thread: event.target.thread } : {}),
  };
}

async function act(ctx: ReactionContext, q: FixQuestionDoc, t: TicketDoc, yes: boolean): Promise<string> {
  const { services, person } = ctx;
  switch (q.kind) {
    case 'confirm':
      if (yes) {
        await services.tickets.confirm(t, person);
        return confirmedByTapText(t, person.language);
      }
      return reopenedByReporterText(await services.tickets.reopen(t, person, STILL_BROKEN_NOTE), person.language);
    case 'known-error': {
      const key = q.problemKey ?? '';
      return (await services.problems.answerOffer(t, person, key, yes)) === 'solved'
        ? workaroundFixedText(t, key, person.language)
        : workaroundDidNotHelpText(t, key, person.language);
    }
    case 'follow-up': {
      if (!yes) return followUpDeclinedText(t, person.language);
      const where = whereAsked(ctx);
      const created = await services.tickets.report({
        person,
        text: q.text ?? t.title,
        conversation: where,
        messageId: ctx.event.target.messageId,
        source: `follow-up|${q._id}`,
      });
      await services.tickets.markFollowUp(created, t, person, followUpNote(t));
      return followUpLoggedText(created, t, person.language);
    }
    default:
      return '';
  }
}
