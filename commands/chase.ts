import type { CommandFamily, Subcommand } from './command';
import { formatLocalIn, msg } from '../src/i18n/catalog';
import { refusal, said } from '../src/i18n/refusal';
import { chaseEntries } from '../src/deploy/chase-entries';
import { rfcKeyArg } from './rfc-key-arg';
import { DEPLOYERS } from '../src/people/role';
import { chaseListReply, chaseRoundReply, retriedReply } from '../src/deploy/render-chase';

interface Args {
  key: string;
  action: 'list' | 'now' | 'drop' | 'retry';
  host?: string;
  yes: boolean;
}

const ACTIONS = ['list', 'now', 'drop', 'retry'] as const;

const chase: Subcommand<Args> = {
  name: 'run',
  summary:
    'The chase list of an RFC: list it, retry now, drop a host from it, or run an interrupted host again ' +
    '(`retry HOST --yes`).',
  usage: 'chase RFC list|now|drop HOST|retry HOST --yes',
  examples: [
    'chase RFC-17 list',
    'chase RFC-17 now',
    'chase RFC-17 drop pc-nordby-07',
    'chase RFC-17 retry pc-07 --yes',
  ],
  roles: DEPLOYERS,
  parse(tokens) {
    const words = tokens.words.map((w) => w.toLowerCase());
    const actionAt = words.findIndex((w) => (ACTIONS as readonly string[]).includes(w));
    const action = (actionAt >= 0 ? words[actionAt] : 'list') as Args['action'];
    const others = tokens.words.filter((_, i) => i !== actionAt);
    const key = rfcKeyArg(others[0]);
    const host = others[1];
    const unknown = Object.keys(tokens.flags).filter((f) => f !== 'yes');
    if (unknown.length) throw refusal('USAGE', said('deploy.cmd.notAnOption', { flag: unknown[0] }));
    if (action === 'drop' && !host) throw refusal('USAGE', said('deploy.cmd.dropHostMissing'));
    if (action === 'retry' && !host) throw refusal('USAGE', said('deploy.cmd.retryHostMissing'));
    const yes = tokens.flags.yes === true;
    if (action === 'retry' && !yes) throw refusal('USAGE', said('deploy.cmd.retryTwice', { host: host ?? '', key }));
    return { key, action, host, yes };
  },
  async run(ctx) {
    const { deployments } = ctx.services;
    const d = await deployments.requireLatest(ctx.args.key);
    if (ctx.args.action === 'drop') {
      await deployments.chaseDrop(ctx.args.key, ctx.args.host!);
      await ctx.reply(
        msg(ctx.person.language, 'deploy.cmd.dropped', {
          host: ctx.args.host ?? '',
          key: ctx.args.key,
          name: ctx.person.name,
        }),
      );
      return;
    }
    if (ctx.args.action === 'retry') {
      const t = await deployments.chaseRetry(ctx.args.key, ctx.args.host!, ctx.person.name);
      await ctx.reply(retriedReply(ctx.args.key, t, ctx.person.name, ctx.person.language));
      return;
    }
    if (ctx.args.action === 'now') {
      const r = await deployments.chaseRun(String(d._id), { manual: true });
      await ctx.reply(chaseRoundReply(ctx.args.key, d, r, ctx.person.language));
      return;
    }
    const tz = ctx.services.config.organisation.timezone;
    const lang = ctx.person.language;
    const until = d.chase.until ? formatLocalIn(lang, d.chase.until, tz) : undefined;
    await ctx.reply(chaseListReply(ctx.args.key, d, await chaseEntries(d._id), until, lang));
  },
};

export const chaseCommands: CommandFamily = {
  name: 'chase',
  summary: 'Chase lists: the targets that failed, retried until they succeed.',
  subcommands: [chase],
  defaultSubcommand: 'run',
};
