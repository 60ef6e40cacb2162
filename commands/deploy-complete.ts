import type { Subcommand } from './command';
import { usageError } from '../src/core/errors';
import { recordFollowUp } from '../src/deploy/complete-exceptions';
import { firstFew } from '../src/deploy/render-hosts';
import { CHANGE_MANAGERS } from '../src/people/role';
import { openChaseIncident } from './use-cases/chase-incident';
import { rfcKeyArg } from './rfc-key-arg';

interface Args {
  key: string;
  followUp: 'problem' | 'incidents';
}

/**
 * `deploy complete RFC --with-exceptions [--incidents]`: the way out of a deployment below its
 * criterion. The RFC becomes deployed; the hosts not reached are recorded and followed up by one
 * problem (default) or an incident per host.
 */
export const completeCommand: Subcommand<Args> = {
  name: 'complete',
  summary:
    'Accept a deploying RFC below its completion criterion as it is ("with exceptions"): it becomes deployed; ' +
    'the hosts not reached get one problem (or an incident each with --incidents).',
  usage: 'deploy complete RFC --with-exceptions [--incidents]',
  examples: ['deploy complete RFC-17 --with-exceptions', 'deploy complete RFC-17 --with-exceptions --incidents'],
  roles: CHANGE_MANAGERS,
  parse(tokens) {
    const key = rfcKeyArg(tokens.words[0]);
    const unknown = Object.keys(tokens.flags).filter((f) => !['with-exceptions', 'incidents'].includes(f));
    if (unknown.length) throw usageError(`--${unknown[0]} is not an option here.`);
    if (tokens.flags['with-exceptions'] !== true)
      throw usageError(
        `Say that you accept the hosts not reached: \`deploy complete ${key} --with-exceptions\`. They are ` +
          `recorded and followed up (one problem, or --incidents for one per host).`,
      );
    return { key, followUp: tokens.flags.incidents === true ? 'incidents' : 'problem' };
  },
  async run(ctx) {
    const { services, person } = ctx;
    const { d, progress, exceptions } = await services.deployments.completeWithExceptions(ctx.args.key, person);
    const keys: string[] = [];
    if (exceptions.length && ctx.args.followUp === 'incidents') {
      for (const o of progress.open)
        keys.push(
          await openChaseIncident(
            services,
            d,
            o.host,
            `${ctx.args.key} was completed with exceptions: ${d.package.name} ${d.package.version} did not reach ` +
              `${o.host} (${o.state}${o.error ? `: ${o.error}` : ''}).`,
          ),
        );
    } else if (exceptions.length) {
      const title =
        `${ctx.args.key}: ${d.package.name} ${d.package.version} not on ${exceptions.length} host(s): ` +
        `${firstFew(exceptions)}`;
      keys.push((await services.problems.create(person, title)).key);
    }
    await recordFollowUp(d, keys);
    await ctx.reply(
      `${ctx.args.key} is deployed with exceptions (accepted by ${person.name}): ${progress.succeeded.length}/` +
        `${progress.total} succeeded; ${exceptions.length} exception(s)` +
        `${exceptions.length ? `: ${firstFew(exceptions)}; follow-up: ${keys.join(', ')}` : ''}. ` +
        `Its chase list is no longer retried. Next: \`rfc review ${ctx.args.key}\`.`,
    );
  },
};
