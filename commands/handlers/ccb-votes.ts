import type { ReactionHandler } from '../command';

/** CCB votes: reactions on RFC cards. Reactions on any other message pass on to the next handler. */
export const ccbReactionHandler: ReactionHandler = {
  name: 'ccb-votes',
  handle: (ctx) => ctx.services.votes.onReaction(ctx),
};
