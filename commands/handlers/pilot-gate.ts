import type { ReactionHandler } from '../command';

/** Go/no-go by reaction on the card posted after a pilot. Reactions on any other message pass on. */
export const pilotReactionHandler: ReactionHandler = {
  name: 'pilot-gate',
  async handle(ctx) {
    const { event, person, services } = ctx;
    if (event.action !== 'added') return false;
    return services.deployments.pilot.react(event.target, event.reaction, person);
  },
};
