import type { CommandFamily, Subcommand } from './command';
import { usageError } from '../src/core/errors';
import { STATS_READERS } from '../src/people/role';
import { PERIOD_HELP } from '../src/stats/period';

const show: Subcommand<{ period?: string }> = {
  name: 'show',
  summary:
    'Incidents by category, school and priority; median times to first response and resolution; reopen rate; ' +
    'recurring problems.',
  usage: 'stats [PERIOD]  (PERIOD: 7d, 4w, week, month, 2026-03, 2026, 2026-01-01..2026-03-31; default 30d)',
  examples: ['stats', 'stats 7d', 'stats 2026-03'],
  roles: STATS_READERS,
  parse(tokens) {
    if (tokens.words.length > 1) throw usageError(`Give one period, e.g. \`stats 30d\`.`, `Use ${PERIOD_HELP}.`);
    return tokens.words[0] ? { period: tokens.words[0] } : {};
  },
  async run(ctx) {
    await ctx.reply(await ctx.services.stats.report(ctx.args.period));
  },
};

export const statsCommands: CommandFamily = {
  name: 'stats',
  aliases: ['statistics'],
  summary: 'Incident statistics for a period, to find recurring problems.',
  subcommands: [show],
  defaultSubcommand: 'show',
};
