import type { Logger } from 'pino';
import type { BusinessCalendar } from '../calendar/business-calendar';
import type { ConversationRef, MessageRef } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import type { OutMessage } from '../chat/out-message';
import type { JobScheduler } from '../core/job-scheduler';
import { DIGEST_JOB } from '../core/job-names';
import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import { claimStep } from '../db/claim-step';
import { claims } from '../db/claims';
import { isDuplicateKey } from '../core/duplicate-key';
import type { SlaService } from '../sla/sla-service';
import { renderOpenIncidentsChart } from './chart';
import { type CaseSource, type DigestFigures, type DigestSource, gatherDigest } from './digest-figures';
import { rollupsBuilt } from '../tickets/rollup-build';
import { DigestRun } from './digest-run.model';
import { renderDigest } from './render-digest';
import { msg } from '../i18n/catalog';

export interface DigestServiceDeps {
  config: Config;
  clock: Clock;
  outbound: OutboundPort;
  jobs: JobScheduler;
  calendar: BusinessCalendar;
  sla: SlaService;
  log: Logger;
}

/** The one pending scheduled digest: re-scheduling replaces it. */
export const DIGEST_JOB_KEY = 'digest-daily';
/** A claimed digest not posted within this long is taken over (the poster died). */
const STALE_CLAIM_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

export interface ScheduledRunResult {
  posted: boolean;
  reason: 'posted' | 'not-a-digest-day' | 'not-yet' | 'already-posted' | 'disabled';
  day: string;
  refs: MessageRef[];
  next?: Date;
}

/**
 * The morning digest: figures from indexed queries, rendered as one card with a chart, posted
 * to the configured channels once per school day at the configured local time. The next run is
 * scheduled explicitly after each run from the business calendar, so holidays and DST changes
 * are the calendar's business, not cron's.
 */
export class DigestService {
  private readonly sources: DigestSource[] = [];

  constructor(private readonly deps: DigestServiceDeps) {}

  /** Adds a section provider (CCB votes waiting, deployments running …). */
  addSource(source: DigestSource): void {
    // A failing section is left out (and logged); the rest of the digest still goes out.
    this.sources.push((now) =>
      source(now).catch((err: Error) => {
        this.deps.log.warn({ err: err.message }, 'digest section left out');
        return undefined;
      }),
    );
  }

  private get settings() {
    return this.deps.config.digest;
  }

  /** The figures, from the roll-ups once they are built (`from` 'tickets': the full aggregation, the baseline). */
  async figures(now = this.deps.clock.now(), since?: Date, from?: CaseSource): Promise<DigestFigures> {
    return gatherDigest({
      from: from ?? ((await rollupsBuilt()) ? 'rollups' : 'tickets'),
      now,
      since: since ?? (await this.lastPostedAt(now)) ?? new Date(now.getTime() - DAY_MS),
      topItems: this.settings.topItems,
      chartDays: this.settings.chart.days,
      calendar: this.deps.calendar,
      sla: this.deps.sla,
      sources: this.sources,
      lang: this.deps.config.organisation.language,
    });
  }

  /** The digest message; the chart is left out (logged) if it cannot be rendered. */
  async compose(
    now = this.deps.clock.now(),
    opts: { since?: Date; chart?: boolean } = {},
  ): Promise<{ message: OutMessage; figures: DigestFigures }> {
    const figures = await this.figures(now, opts.since);
    let chartPng: Buffer | undefined;
    if ((opts.chart ?? this.settings.chart.enabled) && figures.chart.length) {
      try {
        const title = msg(this.deps.config.organisation.language, 'digest.chartTitle', { days: figures.chart.length });
        chartPng = (await renderOpenIncidentsChart(figures.chart, { title })).png;
      } catch (err) {
        this.deps.log.warn({ err: (err as Error).message }, 'digest chart not rendered');
      }
    }
    const message = renderDigest(figures, {
      calendar: this.deps.calendar,
      organisation: this.deps.config.organisation.name,
      chartPng,
      lang: this.deps.config.organisation.language,
    });
    return { message, figures };
  }

  /** On demand (`digest now`): posted where asked, not recorded as the day's digest. */
  async postTo(to: ConversationRef, opts: { chart?: boolean } = {}): Promise<MessageRef> {
    const { message } = await this.compose(this.deps.clock.now(), opts);
    return this.deps.outbound.post(to, message);
  }

  /** When the previous scheduled digest was posted (before `now`). */
  async lastPostedAt(now = this.deps.clock.now()): Promise<Date | undefined> {
    const last = await DigestRun.findOne({ postedAt: { $lt: now } }, { postedAt: 1 })
      .sort({ postedAt: -1 })
      .lean();
    return last?.postedAt ?? undefined;
  }

  /** The next scheduled digest strictly after `after`. */
  nextRun(after: Date): Date {
    return this.deps.calendar.nextLocalTime(after, this.settings.time, this.settings.days);
  }

  /** Today's digest time if today is a digest day. */
  private todaysRun(now: Date): Date | undefined {
    const startOfDay = this.deps.calendar.local(now).startOf('day').toJSDate();
    const first = this.nextRun(new Date(startOfDay.getTime() - 1));
    return this.deps.calendar.localDate(first) === this.deps.calendar.localDate(now) ? first : undefined;
  }

  /**
   * The digest job: posts today's digest if it is due and not yet posted (claim by unique day),
   * then schedules the next one. Safe to run twice: the second run finds the day claimed.
   */
  async runScheduled(): Promise<ScheduledRunResult> {
    const now = this.deps.clock.now();
    const day = this.deps.calendar.localDate(now);
    const result = await this.postIfDue(now, day);
    if (this.settings.enabled) {
      result.next = this.nextRun(now);
      await this.deps.jobs.at(DIGEST_JOB, result.next, {}, DIGEST_JOB_KEY);
    }
    return result;
  }

  private async postIfDue(now: Date, day: string): Promise<ScheduledRunResult> {
    const none = (reason: ScheduledRunResult['reason']): ScheduledRunResult => ({
      posted: false,
      reason,
      day,
      refs: [],
    });
    if (!this.settings.enabled) return none('disabled');
    const today = this.todaysRun(now);
    if (!today) return none('not-a-digest-day');
    if (now < today) return none('not-yet');
    if (!(await this.claim(day, now))) return none('already-posted');
    const since = (await this.lastPostedAt(now)) ?? new Date(now.getTime() - DAY_MS);
    const { message } = await this.compose(now, { since });
    const refs: MessageRef[] = [];
    for (const name of this.settings.channels) {
      const targets = this.deps.outbound.channel(name);
      if (targets.length === 0) this.deps.log.warn({ channel: name }, 'digest: channel not configured on any platform');
      for (const to of targets) refs.push(await this.deps.outbound.post(to, message));
    }
    await DigestRun.updateOne({ day }, { $set: { postedAt: now, since } });
    this.deps.log.info({ day, posts: refs.length }, 'digest posted');
    return { posted: true, reason: 'posted', day, refs };
  }

  /** One poster per day: a new unique day record, or a stale unposted claim taken over. */
  private async claim(day: string, now: Date): Promise<boolean> {
    try {
      await DigestRun.create({ day, claimedAt: now });
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const held = await DigestRun.findOne({ day }, { claimedAt: 1, postedAt: 1 }).lean();
    if (!held || held.postedAt || held.claimedAt.getTime() >= now.getTime() - STALE_CLAIM_MS) return false;
    // FerretDB 1.x does not arbitrate guarded updates: a unique claim per stale claim decides (and
    // is itself taken over if its taker died before recording the takeover).
    if (!(await claimStep(claims.digestTakeover(day, held.claimedAt), String(process.pid), now, STALE_CLAIM_MS)))
      return false;
    const taken = await DigestRun.updateOne(
      { day, postedAt: { $exists: false }, claimedAt: held.claimedAt },
      { $set: { claimedAt: now } },
    );
    return taken.modifiedCount === 1;
  }

  /**
   * At startup: schedules the next digest (replacing any pending one). If today's is due, not
   * yet posted and the school day is not over, it runs at once (the bot was down at 07:30).
   */
  async ensureScheduled(): Promise<Date | undefined> {
    if (!this.settings.enabled) {
      await this.deps.jobs.cancel(DIGEST_JOB);
      return undefined;
    }
    const now = this.deps.clock.now();
    const today = this.todaysRun(now);
    const endOfDay = this.deps.calendar.local(now).endOf('day').toJSDate();
    const missed =
      today &&
      now >= today &&
      now < endOfDay &&
      !(await DigestRun.exists({ day: this.deps.calendar.localDate(now), postedAt: { $exists: true } }));
    const next = missed ? now : this.nextRun(now);
    await this.deps.jobs.at(DIGEST_JOB, next, {}, DIGEST_JOB_KEY);
    return next;
  }
}
