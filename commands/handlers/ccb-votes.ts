import type { ReactionHandler } from '../command';
import {
  closedBallotNotice,
  notMemberNotice,
  refusedVoteNotice,
  removedByOtherNotice,
} from '../../src/votes/render-vote-notices';

/** CCB votes: reactions on RFC cards. Reactions on any other message pass on to the next handler. */
export const ccbReactionHandler: ReactionHandler = {
  name: 'ccb-votes',
  async handle(ctx) {
    const { event, person, services } = ctx;
    // Who removed a member's reaction, named as the bot names people to staff (unknown users labelled unverified).
    const remover =
      event.removedBy &&
      services.people.resolve(event.platform, { id: event.removedBy.userId, displayName: event.removedBy.displayName });
    const removedBy = event.removedBy &&
      remover && {
        userId: event.removedBy.userId,
        displayName: !remover.known ? remover.name : `${remover.name} (${event.removedBy.userId})`,
      };
    const outcome = await services.votes.react({
      card: event.target,
      person,
      reaction: event.reaction,
      action: event.action,
      removedBy,
    });
    switch (outcome.kind) {
      case 'not-a-card':
        return false;
      case 'not-member':
        if (event.action === 'added') await ctx.notice(notMemberNotice(outcome, services.people, ctx.person.language));
        return true;
      case 'removed-by-other':
        if (outcome.stillCounts) await ctx.notice(removedByOtherNotice(outcome, ctx.person.language));
        return true;
      case 'refused':
        if (event.action === 'added') await ctx.notice(refusedVoteNotice(outcome, ctx.person.language));
        return true;
      case 'closed':
        await ctx.notice(closedBallotNotice(outcome, services.config.organisation.timezone, ctx.person.language));
        return true;
      default:
        return true;
    }
  },
};
