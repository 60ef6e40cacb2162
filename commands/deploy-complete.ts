import type { Subcommand } from './command';
import { recordFollowUp, STORED } from '../src/deploy/complete-exceptions';
import { msg } from '../src/i18n/catalog';
import { refusal, said } from '../src/i18n/refusal';
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
    if (unknown.length) throw refusal('USAGE', said('deploy.cmd.notAnOption', { flag: unknown[0] }));
    if (tokens.flags['with-exceptions'] !== true) throw refusal('USAGE', said('complete.sayIt', { key }));
    return { key, followUp: tokens.flags.incidents === true ? 'incidents' : 'problem' };
  },
  async run(ctx) {
    const { services, person } = ctx;
    const { d, progress, exceptions } = await services.deployments.completeWithExceptions(ctx.args.key, person);
    const keys: string[] = [];
    if (exceptions.length && ctx.args.followUp === 'incidents') {
      for (const o of progress.open)
        keys.push(await openChaseIncident(services, d, o.host, STORED.incidentText(ctx.args.key, d, o)));
    } else if (exceptions.length) {
      keys.push((await services.problems.create(person, STORED.problemTitle(ctx.args.key, d, exceptions))).key);
    }
    await recordFollowUp(d, keys);
    const lang = person.language;
    await ctx.reply(
      msg(lang, 'complete.done', {
        key: ctx.args.key,
        name: person.name,
        succeeded: progress.succeeded.length,
        total: progress.total,
        count: exceptions.length,
        list: exceptions.length
          ? msg(lang, 'complete.list', { hosts: firstFew(exceptions, lang), keys: keys.join(', ') })
          : '',
      }),
    );
  },
};
