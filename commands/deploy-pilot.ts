import type { Subcommand } from './command';
import { deploymentLabel } from '../src/deploy/deployment.model';
import { rfcKeyArg } from './rfc-key-arg';
import { DEPLOYERS } from '../src/people/role';

/** `deploy go RFC` / `deploy no-go RFC`: the answer to the go/no-go card after a pilot. */
function answer(go: boolean): Subcommand<{ key: string }> {
  return {
    name: go ? 'go' : 'no-go',
    aliases: go ? [] : ['nogo'],
    summary: go
      ? 'After the pilot: go on with the rest of the deployment (a release manager, or the CCB if so configured).'
      : 'After the pilot: stop the deployment here; the pilot hosts can then be rolled back.',
    usage: `deploy ${go ? 'go' : 'no-go'} RFC`,
    examples: [`deploy ${go ? 'go' : 'no-go'} RFC-17`],
    roles: [...DEPLOYERS, 'ccb'],
    parse: (tokens) => ({ key: rfcKeyArg(tokens.words[0]) }),
    async run(ctx) {
      const d = await ctx.services.deployments.pilot.decide(ctx.args.key, ctx.person, go);
      await ctx.reply(
        go
          ? `${deploymentLabel(d)}: go from ${ctx.person.name}; the rest runs now.`
          : `${deploymentLabel(d)}: no-go from ${ctx.person.name}; it stopped after the pilot. ` +
              `\`rollback ${ctx.args.key}\` undoes the pilot hosts.`,
      );
    },
  };
}

export const goCommand = answer(true);
export const noGoCommand = answer(false);
