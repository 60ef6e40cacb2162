import type { CommandFamily, Subcommand } from './command';
import { usageError } from '../src/core/errors';
import { chaseEntries } from '../src/deploy/runner';
import { formatLocal } from '../src/core/format-time';
import { rfcKeyArg } from './deploy';
import { DEPLOYERS } from '../src/people/role';

interface Args {
  key: string;
  action: 'list' | 'now' | 'drop';
  host?: string;
}

const ACTIONS = ['list', 'now', 'drop'] as const;

const chase: Subcommand<Args> = {
  name: 'run',
  summary: 'The chase list of an RFC: list it, retry now, or drop a host from it.',
  usage: 'chase RFC list|now|drop HOST',
  examples: ['chase RFC-17 list', 'chase RFC-17 now', 'chase RFC-17 drop pc-nordby-07'],
  roles: DEPLOYERS,
  parse(tokens) {
    const words = tokens.words.map((w) => w.toLowerCase());
    const actionAt = words.findIndex((w) => (ACTIONS as readonly string[]).includes(w));
    const action = (actionAt >= 0 ? words[actionAt] : 'list') as Args['action'];
    const others = tokens.words.filter((_, i) => i !== actionAt);
    const key = rfcKeyArg(others[0]);
    const host = others[1];
    if (action === 'drop' && !host) throw usageError('HOST is missing: which host should leave the chase list?');
    return { key, action, host };
  },
  async run(ctx) {
    const { deployments } = ctx.services;
    const d = await deployments.requireLatest(ctx.args.key);
    if (ctx.args.action === 'drop') {
      await deployments.chaseDrop(ctx.args.key, ctx.args.host!);
      await ctx.reply(`${ctx.args.host} left the chase list of ${ctx.args.key} (dropped by ${ctx.person.name}).`);
      return;
    }
    if (ctx.args.action === 'now') {
      const r = await deployments.chaseRun(String(d._id), { manual: true });
      await ctx.reply(
        `Chase of ${ctx.args.key}: retried ${r.retried}, ${r.recovered.length} ` +
          `succeeded${r.recovered.length ? ` (${r.recovered.join(', ')})` : ''}, ${r.left.length} left.`,
      );
      return;
    }
    const list = await chaseEntries(d._id);
    const tz = ctx.services.config.organisation.timezone;
    const policy =
      d.chase.active && d.chase.until
        ? `retried every ${Math.round(d.chase.everyMs / 60_000)} min until ${formatLocal(d.chase.until, tz)}`
        : 'not being retried';
    await ctx.reply(
      list.length
        ? `Chase list of ${ctx.args.key} (${list.length}, ` +
            `${policy}):\n${list.map((t) => `${t.host}: ${t.state}${t.error ? ` (${t.error})` : ''}`).join('\n')}`
        : `The chase list of ${ctx.args.key} is empty.`,
    );
  },
};

export const chaseCommands: CommandFamily = {
  name: 'chase',
  summary: 'Chase lists: the targets that failed, retried until they succeed.',
  subcommands: [chase],
  defaultSubcommand: 'run',
};
