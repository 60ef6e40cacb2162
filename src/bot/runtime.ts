import { randomUUID } from 'node:crypto';
import { msg, type MessageKey, type MessageParams } from '../i18n/catalog';
import { sayIn } from '../i18n/refusal';
import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import type { ChatAdapter } from '../chat/chat-adapter';
import type { Config } from '../config/schema';
import { type Clock, systemClock } from '../core/clock';
import { connectDatabase } from '../db/connect';
import { JobRunClaims, type JobLockSource } from '../db/job-run-claim';
import { stopHeartbeats } from '../db/owner-heartbeat';
import { AgendaScheduler } from './agenda-scheduler';
import { buildServices } from '../build-services';
import type { CommandCatalog } from '../../commands/command';
import { Intake, type IntakeStats } from './intake';
import type { JobDefinition } from '../../jobs/job';
import { OutboundRouter } from './outbound-router';
import { scheduleDeclaredJobs } from './job-schedules';
import type { Services } from '../../commands/services';

export interface RuntimeOptions {
  config: Config;
  log: Logger;
  mongoUri: string;
  adapters: ChatAdapter[];
  catalog: CommandCatalog;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  jobDefinitions: JobDefinition<any>[];
  clock?: Clock;
  /** Process Agenda jobs in this process (default true). Scheduling works either way. */
  processJobs?: boolean;
  stats?: IntakeStats;
}

/** The running bot: database, Agenda, services, intake and adapters, with a bounded stop. */
export class Runtime {
  services!: Services;
  intake!: Intake;
  readonly outbound: OutboundRouter;
  agenda!: Agenda;
  private startedAdapters: ChatAdapter[] = [];
  /** Whether change records can be signed (a key, or unsigned explicitly allowed), and why not. */
  private signing: { ok: boolean; detail?: string };
  private stopping?: Promise<void>;
  /** Each scheduled run executes in one process only (Agenda's lock is not atomic on FerretDB). */
  private readonly jobRuns = new JobRunClaims(`${process.pid}-${randomUUID().slice(0, 8)}`);

  constructor(private readonly opts: RuntimeOptions) {
    this.outbound = new OutboundRouter(opts.config.channels, opts.log);
    this.signing = { ok: false, detail: this.say('signing.notStarted') };
  }

  async start(): Promise<this> {
    const { config, log } = this.opts;
    if (mongoose.connection.readyState !== 1) await connectDatabase(this.opts.mongoUri, log);
    const db = mongoose.connection.db;
    if (!db) throw new Error('database connection has no db handle');
    this.agenda = new Agenda({
      backend: new MongoBackend({ mongo: db as never, collection: 'agenda_jobs' }),
      processEvery: config.jobs.processEveryMs,
      defaultLockLifetime: config.jobs.lockLifetimeMs,
      maxConcurrency: 20,
    } as never);
    this.agenda.on('error', (err: Error) => log.error({ err: err.message }, 'agenda error'));
    await this.agenda.ready;
    this.jobRuns.watch(this.agenda.db as unknown as JobLockSource);
    this.services = buildServices({
      config,
      log,
      clock: this.opts.clock ?? systemClock,
      outbound: this.outbound,
      jobs: new AgendaScheduler(this.agenda),
    });
    // deploy.trustedKeys is loaded now (readable, and not the bot's own key) so a mistake is in the
    // log at start; until it is fixed every package is refused.
    this.services.packages
      .checkTrustedKeys()
      .catch((err: Error & { fix?: string }) =>
        log.error({ err: err.message, fix: err.fix }, 'deploy.trustedKeys refused'),
      );
    const stats = this.opts.stats;
    if (stats?.onFlood) this.services.tickets.floods.listen((e) => stats.onFlood?.(e.what, e.platform));
    for (const def of this.opts.jobDefinitions) this.defineJob(def);
    await this.prepareChangeRecords();
    await this.services.tickets.prepare();
    await this.services.changes.dialogues.start();
    this.intake = new Intake(this.services, this.opts.catalog, this.opts.stats);
    for (const adapter of this.opts.adapters) {
      this.outbound.register(adapter);
      await adapter.start(this.intake.sink);
      this.startedAdapters.push(adapter);
      log.info({ platform: adapter.platform }, 'adapter started');
    }
    if (this.opts.processJobs !== false) await this.agenda.start();
    return this;
  }

  /**
   * Before any event is taken in: the signing key (readiness says why there is none) and the
   * one-time seal of audit rows from before the hash chain.
   */
  private async prepareChangeRecords(): Promise<void> {
    const { config, log } = this.opts;
    const state = await this.services.changes.signing();
    if (state.signer) this.signing = { ok: true };
    else if (config.changes.signing.allowUnsigned) this.signing = { ok: true, detail: this.say('signing.unsigned') };
    else {
      const reason = state.said ? sayIn(config.organisation.language, state.said) : state.reason;
      this.signing = { ok: false, detail: this.say('signing.notReady', { reason }) };
    }
    try {
      await this.services.changes.sealLegacyAudit();
    } catch (err) {
      log.error(
        { err: (err as Error).message },
        'could not seal the audit rows from before the chain; trying again at the next start',
      );
    }
  }

  /** A sentence of readiness (/readyz, read by the operator) in the organisation's language. */
  private say(key: MessageKey, params?: MessageParams): string {
    return msg(this.opts.config.organisation.language, key, params);
  }

  /** Start-up work and recurring schedules each job declares (the CLI's `start` and `console`). */
  scheduleJobs(): Promise<void> {
    return scheduleDeclaredJobs(this.opts.jobDefinitions, this.services, this.opts.log);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private defineJob(def: JobDefinition<any>): void {
    const { log } = this.opts;
    this.agenda.define(
      def.name,
      async (job) => {
        const jobLog = log.child({ job: def.name, jobId: String(job.attrs._id) });
        const run = await this.jobRuns.claim(job.attrs);
        if (!run.mine) {
          jobLog.info({ run: run.key }, 'job run already claimed by another lock of the same run; skipped');
          return;
        }
        try {
          await def.run({
            id: String(job.attrs._id),
            data: (job.attrs.data ?? {}) as Record<string, unknown>,
            touch: () => job.touch(),
            log: jobLog,
            services: this.services,
          });
        } catch (err) {
          jobLog.error({ err }, 'job failed');
          throw err;
        }
      },
      { concurrency: def.concurrency ?? 1, lockLifetime: def.lockLifetimeMs ?? this.opts.config.jobs.lockLifetimeMs },
    );
  }

  /**
   * What readiness is made of: `database`, `signing` (with the reason when not ready), and one entry per started
   * adapter.
   */
  readiness(): Record<string, boolean | { ok: boolean; detail?: string }> {
    return {
      database: mongoose.connection.readyState === 1,
      signing: this.signing.detail ? this.signing : this.signing.ok,
      ...Object.fromEntries(this.startedAdapters.map((a) => [a.platform, a.isReady()])),
    };
  }

  /** Stop intake, let jobs finish (bounded) or release their locks, stop adapters. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    const { log, config } = this.opts;
    const grace = config.jobs.shutdownGraceMs;
    await this.intake?.stop(grace);
    if (this.agenda) {
      try {
        const result = await this.agenda.drain({ timeout: grace, closeConnection: false });
        if (result?.timedOut)
          log.warn({ running: result.running }, 'jobs still running at shutdown; their locks are released');
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'agenda drain failed');
      }
      await this.agenda.stop(false).catch((err: Error) => log.warn({ err: err.message }, 'agenda stop failed'));
    }
    // Deployments this process started at once, outside Agenda: as bounded as the jobs.
    await this.services?.deployments.settle(grace);
    for (const adapter of this.startedAdapters.reverse()) {
      await adapter
        .stop()
        .catch((err: Error) => log.warn({ platform: adapter.platform, err: err.message }, 'adapter stop failed'));
      this.outbound.unregister(adapter.platform);
    }
    this.startedAdapters = [];
    this.services?.changes.dialogues.stop();
    await this.services?.tickets
      .stop()
      .catch((err: Error) => log.warn({ err: err.message }, 'case number mark not written'));
    stopHeartbeats();
  }
}
