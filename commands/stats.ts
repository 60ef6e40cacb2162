import type { CommandFamily, Subcommand } from './command';
import { STATS_READERS } from '../src/people/role';
import { USE_A_PERIOD } from '../src/stats/period';
import { refusal, said } from '../src/i18n/refusal';

const show: Subcommand<{ period?: string }> = {
  name: 'show',
  summary:
    'Incidents by category, school and priority; median times to first response and resolution; reopen rate; ' +
    'recurring problems.',
  usage: 'stats [PERIOD]  (PERIOD: 7d, 4w, week, month, 2026-03, 2026, 2026-01-01..2026-03-31; default 30d)',
  examples: ['stats', 'stats 7d', 'stats 2026-03'],
  roles: STATS_READERS,
  parse(tokens) {
    if (tokens.words.length > 1) throw refusal('USAGE', said('stats.p.one'), USE_A_PERIOD);
    return tokens.words[0] ? { period: tokens.words[0] } : {};
  },
  async run(ctx) {
    await ctx.reply(await ctx.services.stats.report(ctx.args.period, ctx.person.language));
  },
};

export const statsCommands: CommandFamily = {
  name: 'stats',
  aliases: ['statistics'],
  summary: 'Incident statistics for a period, to find recurring problems.',
  subcommands: [show],
  defaultSubcommand: 'show',
};
