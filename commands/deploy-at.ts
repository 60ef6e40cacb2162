import type { CommandContext } from './command';
import { refusal, said } from '../src/i18n/refusal';
import { conflictsNote } from '../src/changes/render-conflicts';
import { parseLocalDate } from '../src/deploy/freezes';
import { scheduledCancelledNote, scheduledNote } from '../src/deploy/render-scheduled';
import type { StartRequest } from '../src/deploy/scheduled-start.model';
import { requireRfc } from './use-cases/deploy-preconditions';
import { prepareDeploy, type DeployRequest } from './use-cases/deploy-start';

/** When a scheduled start fires: the approved window's opening, or a typed local time. */
export type StartAt = { window: true } | { time: string };

/** Splits `[to] TARGETS … at WHEN` into the targets and the time (none without `at`). */
export function parseStartAt(words: readonly string[]): { targets: string[]; at?: StartAt } {
  const i = words.findIndex((w) => w.toLowerCase() === 'at');
  if (i < 0) return { targets: [...words] };
  const when = words.slice(i + 1);
  if (!when.length) throw refusal('USAGE', said('at.needsTime'), said('at.fix'));
  const at: StartAt =
    when.length === 1 && when[0].toLowerCase() === 'window' ? { window: true } : { time: when.join(' ') };
  return { targets: words.slice(0, i), at };
}

type ScheduleArgs = DeployRequest & { at: StartAt };

/**
 * `/deploy RFC … at window`: every precondition is checked as of the start's time (so a start outside the window, or
 * into a freeze already set, is refused now), then the start is recorded and its job scheduled; it is checked again
 * when it fires.
 */
export async function scheduleStart(ctx: CommandContext<ScheduleArgs>): Promise<void> {
  const { services } = ctx;
  const tz = services.config.organisation.timezone;
  const rfc = await requireRfc(services, ctx.args.key);
  const windowStart = rfc.approval?.content.window?.start;
  if ('window' in ctx.args.at && !windowStart)
    throw refusal('PRECONDITION', said('at.noWindow', { key: rfc.key }), said('at.noWindowFix', { key: rfc.key }));
  const at = 'window' in ctx.args.at ? new Date(windowStart!) : parseLocalDate(ctx.args.at.time, tz);
  if (at.getTime() <= services.clock.now().getTime())
    throw refusal(
      'USAGE',
      'window' in ctx.args.at ? said('at.windowOpen', { key: rfc.key }) : said('at.past'),
      said('at.nowFix', { key: rfc.key }),
    );
  const request: StartRequest = {
    query: ctx.args.query,
    canary: ctx.args.canary,
    pilot: ctx.args.pilot,
    parallel: ctx.args.parallel,
    chaseEvery: ctx.args.chaseEvery,
    chaseHours: ctx.args.chaseHours,
  };
  const prepared = await prepareDeploy(services, { key: rfc.key, ...request }, at);
  const s = await services.deployments.starts.schedule({
    rfcKey: rfc.key,
    at,
    when: 'window' in ctx.args.at ? 'window' : 'time',
    person: ctx.person,
    conversation: ctx.conversation,
    request,
  });
  await ctx.reply(scheduledNote(s, tz, ctx.person.language) + conflictsNote(prepared.conflicts));
}

/** `/deploy cancel RFC` with a pending scheduled start: cancels it (true), so it never fires. */
export async function cancelScheduledStart(ctx: CommandContext<{ key: string }>): Promise<boolean> {
  const s = await ctx.services.deployments.starts.cancel(ctx.args.key, ctx.person);
  if (!s) return false;
  const tz = ctx.services.config.organisation.timezone;
  await ctx.reply(scheduledCancelledNote(s, tz, ctx.person.name, ctx.person.language));
  return true;
}
