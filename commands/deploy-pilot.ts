import type { Subcommand } from './command';
import { deploymentLabel } from '../src/deploy/deployment.model';
import { rfcKeyArg } from './rfc-key-arg';
import { DEPLOYERS } from '../src/people/role';
import { msg } from '../src/i18n/catalog';

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
      const lang = ctx.person.language;
      const label = deploymentLabel(d, lang);
      await ctx.reply(
        msg(lang, go ? 'pilot.cmd.go' : 'pilot.cmd.noGo', { label, name: ctx.person.name, key: ctx.args.key }),
      );
    },
  };
}

export const goCommand = answer(true);
export const noGoCommand = answer(false);
