import type { CommandFamily, Subcommand } from './command';
import { msg } from '../src/i18n/catalog';
import { LOCALES } from '../src/i18n/languages';
import { refusal, said } from '../src/i18n/refusal';
import { DIGEST_READERS } from '../src/people/role';

const now: Subcommand<{ chart: boolean }> = {
  name: 'now',
  aliases: ['show'],
  summary:
    'Post the digest here now: open incidents, SLA, unassigned, votes, deployments (add --no-chart to skip the image).',
  usage: 'digest [now] [--no-chart]',
  examples: ['digest', 'digest now'],
  roles: DIGEST_READERS,
  parse(tokens) {
    if (tokens.words.length) throw refusal('USAGE', said('digestCmd.noWords', { got: tokens.words[0].slice(0, 30) }));
    return { chart: tokens.flags['no-chart'] !== true };
  },
  async run(ctx) {
    await ctx.services.digest.postTo(ctx.conversation, { chart: ctx.args.chart });
  },
};

const next: Subcommand<{ count: number }> = {
  name: 'next',
  aliases: ['schedule'],
  summary: 'When the next scheduled digests will be posted (school days, holidays skipped).',
  usage: 'digest next [COUNT]',
  examples: ['digest next', 'digest next 10'],
  roles: DIGEST_READERS,
  parse(tokens) {
    const n = tokens.words[0] === undefined ? 5 : Number(tokens.words[0]);
    if (!Number.isInteger(n) || n < 1 || n > 20) throw refusal('USAGE', said('digestCmd.count'));
    return { count: n };
  },
  async run(ctx) {
    const { digest, calendar, config, clock } = ctx.services;
    const lang = ctx.person.language;
    if (!config.digest.enabled) return void (await ctx.reply(msg(lang, 'digestCmd.off')));
    let at = clock.now();
    const lines: string[] = [];
    for (let i = 0; i < ctx.args.count; i++) {
      at = digest.nextRun(at);
      lines.push(
        calendar
          .local(at)
          .setLocale(LOCALES[lang ?? 'en'])
          .toFormat(msg(lang, 'digestCmd.format')),
      );
    }
    const channels = config.digest.channels.join(', ');
    await ctx.reply([msg(lang, 'digestCmd.next', { timezone: calendar.timezone, channels }), ...lines].join('\n'));
  },
};

export const digestCommands: CommandFamily = {
  name: 'digest',
  summary: 'The morning digest: post it now, or see when it comes next.',
  subcommands: [now, next],
  defaultSubcommand: 'now',
};
