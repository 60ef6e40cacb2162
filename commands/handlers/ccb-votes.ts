import type { ReactionHandler } from '../command';
import { closedBallotNotice, notMemberNotice, refusedVoteNotice } from '../../src/votes/render-vote-notices';

/** CCB votes: reactions on RFC cards. Reactions on any other message pass on to the next handler. */
export const ccbReactionHandler: ReactionHandler = {
  name: 'ccb-votes',
  async handle(ctx) {
    const { event, person, services } = ctx;
    const outcome = await services.votes.react({ card: event.target, person, reaction: event.reaction, action: event.action });
    switch (outcome.kind) {
      case 'not-a-card':
        return false;
      case 'not-member':
        if (event.action === 'added') await ctx.notice(notMemberNotice(outcome, services.people));
        return true;
      case 'refused':
        if (event.action === 'added') await ctx.notice(refusedVoteNotice(outcome));
        return true;
      case 'closed':
        await ctx.notice(closedBallotNotice(outcome, services.config.organisation.timezone));
        return true;
      default:
        return true;
    }
  },
};
