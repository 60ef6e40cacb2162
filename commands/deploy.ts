import { z } from 'zod';
import type { CommandContext, CommandFamily, Subcommand } from './command';
import { parseArgs, zodSaid } from './parse-args';
import type { Tokens } from '../src/core/tokenize';
import { textAfterWords } from '../src/core/tokenize';
import { rfcKeyArg } from './rfc-key-arg';
import { goCommand, noGoCommand } from './deploy-pilot';
import { completeCommand } from './deploy-complete';
import { showCommand } from './deploy-show';
import { deploymentLabel } from '../src/deploy/deployment.model';
import { planWaves, waveCount } from '../src/deploy/planner';
import { prepareDeploy, startPrepared, type DeployRequest } from './use-cases/deploy-start';
import { parseStartAt, scheduleStart, cancelScheduledStart, type StartAt } from './deploy-at';
import { renderProgress } from '../src/deploy/render-deployment';
import { chaseEntries } from '../src/deploy/chase-entries';
import { targetQuery } from '../src/inventory/select-targets';
import { DEPLOYERS } from '../src/people/role';
import { conflictsNote } from '../src/changes/render-conflicts';
import { formatLocalIn, msg, msgCount, speak } from '../src/i18n/catalog';
import { refusal, said } from '../src/i18n/refusal';

/** A whole number flag; each check's message names the flag (said in the asker's language). */
const count = (name: string, max: number, min = 0) =>
  z.coerce
    .number({ error: zodSaid('flag.wholeNumber', { name }) })
    .int(zodSaid('flag.wholeNumber', { name }))
    .min(min, zodSaid('flag.atLeast', { name, min }))
    .max(max, zodSaid('flag.atMost', { name, max }));

/** A number of minutes or hours (`--chase-every`, `--chase-hours`). */
const amount = (name: string, key: 'flag.minutes' | 'flag.hours', min: number, max: number) =>
  z.coerce
    .number({ error: zodSaid(key, { name, max }) })
    .min(min, zodSaid(key, { name, max }))
    .max(max, zodSaid(key, { name, max }));

type RunArgs = DeployRequest & {
  dryRun: boolean;
  /** `at window` or `at DATE TIME`: a start scheduled for later. */
  at?: StartAt;
};

export function parseTargetsAndFlags(tokens: Tokens): RunArgs {
  const key = rfcKeyArg(tokens.words[0]);
  const flags = parseArgs(
    z.object({
      canary: z
        .union([count('--canary', 1000), z.string().regex(/^[^\s=]+$/u, zodSaid('flag.canary', { name: '--canary' }))])
        .optional(),
      pilot: z
        .string()
        .min(1, zodSaid('flag.group', { name: '--pilot' }))
        .optional(),
      parallel: count('--parallel', 256, 1).optional(),
      chaseEvery: amount('--chase-every', 'flag.minutes', 0.01, 7 * 24 * 60).optional(),
      chaseHours: amount('--chase-hours', 'flag.hours', 0, 365 * 24).optional(),
    }),
    {
      canary: tokens.flags.canary,
      pilot: tokens.flags.pilot,
      parallel: tokens.flags.parallel,
      chaseEvery: tokens.flags['chase-every'],
      chaseHours: tokens.flags['chase-hours'],
    },
  );
  const unknown = Object.keys(tokens.flags).filter(
    (f) => !['canary', 'pilot', 'parallel', 'dry-run', 'chase-every', 'chase-hours'].includes(f),
  );
  if (unknown.length) throw refusal('USAGE', said('deploy.cmd.notAnOption', { flag: unknown[0] }));
  const { targets: rest, at } = parseStartAt(tokens.words.slice(1));
  if (at && tokens.flags['dry-run'] === true) throw refusal('USAGE', said('at.dryRun'));
  const query = rest.length || Object.keys(tokens.pairs).length ? targetQuery(rest, tokens.pairs) : undefined;
  return { key, query, ...flags, dryRun: tokens.flags['dry-run'] === true, ...(at ? { at } : {}) };
}

const run: Subcommand<RunArgs> = {
  name: 'run',
  summary:
    "Ship an RFC's signed package over SSH: canary first, then waves; progress in one message. " +
    '`at window` starts it at the approved window (checked again then).',
  usage:
    'deploy RFC [to GROUP|HOST … key=value …] [at window|at DATE TIME] [--canary N|GROUP|HOST,HOST] ' +
    '[--pilot GROUP] [--parallel P] [--chase-every MIN] [--chase-hours H] [--dry-run]',
  examples: [
    'deploy RFC-17 to pilot',
    'deploy RFC-17 to school=nordby role=classroom --canary 2 --parallel 16',
    'deploy RFC-17 --dry-run',
    'deploy RFC-17 --pilot esd-pilot',
    'deploy RFC-17 --canary pc-nordby-01,pc-nordby-02',
    'deploy RFC-17 at window',
    'deploy RFC-17 to pilot at 2026-12-01 07:30',
  ],
  roles: DEPLOYERS,
  flagsWithValue: ['canary', 'pilot', 'parallel', 'chase-every', 'chase-hours'],
  parse: parseTargetsAndFlags,
  async run(ctx) {
    const { services } = ctx;
    if (ctx.args.at) return scheduleStart(ctx as CommandContext<RunArgs & { at: StartAt }>);
    const prepared = await prepareDeploy(services, ctx.args);
    const { plan, hosts, canary, pilot, parallel, conflicts } = prepared;
    const cfg = services.config.deploy;
    if (ctx.args.dryRun) {
      const waves = planWaves(
        hosts.map((h) => h.name),
        { canary, waveSize: cfg.waveSize },
      );
      const n = waveCount(waves);
      const t = speak(ctx.person.language);
      const first = pilot ? t('deploy.cmd.dryPilot', { group: pilot.group }) : canary ? t('deploy.cmd.dryCanary') : '';
      const lines = Array.from({ length: n }, (_, w) => {
        const names = hosts.filter((_, i) => waves[i] === w).map((h) => h.name);
        return t('deploy.cmd.dryWave', {
          n: w + 1,
          first: w === 0 ? first : '',
          count: names.length,
          hosts: `${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''}`,
        });
      });
      const script = plan.pkg.scripts.install;
      await ctx.reply({
        text:
          [
            t('deploy.cmd.dryRun', {
              key: plan.rfc.key,
              package: `${plan.pkg.name} ${plan.pkg.version}`,
              count: hosts.length,
              targets: prepared.targetsText,
              parallel,
            }),
            ...lines,
            t('deploy.cmd.script', {
              kind: plan.pkg.idempotent ? t('deploy.cmd.idempotent') : t('deploy.cmd.notIdempotent'),
            }),
            script.length > 1500 ? `${script.slice(0, 1500)}…` : script,
          ].join('\n') + conflictsNote(conflicts),
      });
      return;
    }
    // The deployment moves the RFC to deploying and runs only once its progress message told the user it started.
    await startPrepared(services, prepared, ctx.args, ctx.person, ctx.conversation);
  },
};

const resume: Subcommand<{ key: string }> = {
  name: 'resume',
  summary:
    'Go on with a deployment (or chase) the change policy paused (a freeze, the window, the scope), once it allows it.',
  usage: 'deploy resume RFC',
  examples: ['deploy resume RFC-17'],
  roles: DEPLOYERS,
  parse: (tokens) => ({ key: rfcKeyArg(tokens.words[0]) }),
  async run(ctx) {
    const { d, what } = await ctx.services.deployments.resume(ctx.args.key, ctx.person);
    const lang = ctx.person.language;
    const label = deploymentLabel(d, lang);
    await ctx.reply(
      what === 'chase' ? msg(lang, 'deploy.cmd.chaseGoesOn', { label }) : msg(lang, 'deploy.cmd.resumed', { label }),
    );
  },
};

const cancel: Subcommand<{ key: string }> = {
  name: 'cancel',
  summary:
    'Cancel a scheduled start, or stop a running (or paused) deployment: no new targets start; running ones finish.',
  usage: 'deploy cancel RFC',
  roles: DEPLOYERS,
  parse: (tokens) => ({ key: rfcKeyArg(tokens.words[0]) }),
  async run(ctx) {
    if (await cancelScheduledStart(ctx)) return;
    const d = await ctx.services.deployments.cancel(ctx.args.key);
    const lang = ctx.person.language;
    await ctx.reply(msg(lang, 'deploy.cmd.cancelling', { label: deploymentLabel(d, lang) }));
  },
};

const status: Subcommand<{ key: string }> = {
  name: 'status',
  summary: 'The latest deployment of an RFC: counts and chase list.',
  usage: 'deploy status RFC',
  roles: DEPLOYERS,
  parse: (tokens) => ({ key: rfcKeyArg(tokens.words[0]) }),
  async run(ctx) {
    const d = await ctx.services.deployments.requireLatest(ctx.args.key);
    const counts = await ctx.services.deployments.counts(d);
    await ctx.reply(
      renderProgress(d, counts, {
        chase: await chaseEntries(d._id),
        lang: ctx.person.language,
      }),
    );
  },
};

const freeze: Subcommand<{ group: string; until: string; reason: string }> = {
  name: 'freeze',
  summary: 'No deployments into a group until a date (exam weeks, the first school day); emergency changes excepted.',
  usage: 'deploy freeze GROUP until DATE REASON',
  examples: [
    'deploy freeze nordby until 2026-06-12 exam week',
    'deploy freeze all until "2026-08-19 12:00" first school day',
  ],
  roles: DEPLOYERS,
  parse(tokens, raw) {
    const [group, word, until] = tokens.words;
    if (!group) throw refusal('USAGE', said('deploy.cmd.groupMissing'));
    if (word?.toLowerCase() !== 'until' || !until) throw refusal('USAGE', said('deploy.cmd.untilMissing'));
    const reason = textAfterWords(raw, 3);
    if (!reason) throw refusal('USAGE', said('deploy.cmd.reasonMissing'));
    return { group: group.toLowerCase(), until, reason };
  },
  async run(ctx) {
    const f = await ctx.services.deployments.freezes.add({
      ...ctx.args,
      setBy: ctx.person.name,
      now: ctx.services.clock.now(),
    });
    await ctx.reply(
      msg(ctx.person.language, 'deploy.cmd.freezeSet', {
        freeze: ctx.services.deployments.freezes.describe(f, ctx.person.language),
      }),
    );
  },
};

const unfreeze: Subcommand<{ group: string }> = {
  name: 'unfreeze',
  summary: 'End the chat freezes of a group.',
  usage: 'deploy unfreeze GROUP',
  roles: DEPLOYERS,
  parse(tokens) {
    if (!tokens.words[0]) throw refusal('USAGE', said('deploy.cmd.groupMissing'));
    return { group: tokens.words[0].toLowerCase() };
  },
  async run(ctx) {
    const n = await ctx.services.deployments.freezes.remove(ctx.args.group, ctx.services.clock.now());
    await ctx.reply(
      msgCount(ctx.person.language, 'deploy.cmd.unfrozen', n, { group: ctx.args.group, name: ctx.person.name }),
    );
  },
};

const freezes: Subcommand<Record<string, never>> = {
  name: 'freezes',
  summary: 'Freezes in force and coming, with who set them and why.',
  usage: 'deploy freezes',
  roles: 'anyone',
  parse: () => ({}),
  async run(ctx: CommandContext<Record<string, never>>) {
    const tz = ctx.services.config.organisation.timezone;
    const lang = ctx.person.language;
    const all = await ctx.services.deployments.freezes.active(ctx.services.clock.now(), true);
    const line = (f: (typeof all)[number]) =>
      msg(lang, 'deploy.cmd.freezeLine', {
        group: f.group,
        from: formatLocalIn(lang, f.from, tz),
        until: formatLocalIn(lang, f.until, tz),
        name: f.setBy,
        source: f.source,
        reason: f.reason,
      });
    await ctx.reply(all.length ? all.map(line).join('\n') : msg(lang, 'deploy.cmd.noFreezes'));
  },
};

export const deployCommands: CommandFamily = {
  name: 'deploy',
  summary: 'Deployments: run an RFC over SSH, cancel, resume, go/no-go after a pilot, status, freezes.',
  subcommands: [
    run,
    cancel,
    resume,
    goCommand,
    noGoCommand,
    completeCommand,
    status,
    showCommand,
    freeze,
    unfreeze,
    freezes,
  ],
  defaultSubcommand: 'run',
};
