import mongoose from 'mongoose';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { IntakeStats } from '../bot/intake';
import { readTargets } from '../deploy/target-book';

/** What Metrics needs of Agenda: its job events (`start`, `success`, `fail`). */
export interface JobEvents {
  on(event: 'start' | 'success', listener: (job: AgendaJobLike) => void): unknown;
  on(event: 'fail', listener: (err: unknown, job: AgendaJobLike, remote?: boolean) => void): unknown;
}
interface AgendaJobLike {
  attrs: { _id?: unknown; name: string };
}

/** The deployments collection (read raw); their targets are read from their target books. */
const DEPLOYMENTS = 'deployments';

/** opsdesk's Prometheus metrics, on their own registry. */
export class Metrics implements IntakeStats {
  readonly registry = new Registry();
  readonly events = new Counter({
    name: 'opsdesk_events_total',
    help: 'Inbound events handled, by platform, kind and outcome',
    labelNames: ['platform', 'kind', 'outcome'],
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'opsdesk_event_seconds',
    help: 'Time from intake to handled, by platform and kind',
    labelNames: ['platform', 'kind'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly commands = new Histogram({
    name: 'opsdesk_command_seconds',
    help:
      'Command latency from parsing to the last reply, by command family (unknown for commands not in the ' +
      'catalog) and outcome',
    labelNames: ['command', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly jobs = new Counter({
    name: 'opsdesk_jobs_total',
    help: 'Agenda job runs in this process, by job name and outcome (ok, failed)',
    labelNames: ['job', 'outcome'],
    registers: [this.registry],
  });
  readonly jobSeconds = new Histogram({
    name: 'opsdesk_job_seconds',
    help: 'Agenda job run time, by job name',
    labelNames: ['job'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900],
    registers: [this.registry],
  });
  readonly limited = new Counter({
    name: 'opsdesk_limited_total',
    help:
      'Things a limit held back, by limit (reports-per-person, reports-per-origin, dms-per-person, ' +
      'mentions-per-comment, case-entries) and platform; who is in the log',
    labelNames: ['limit', 'platform'],
    registers: [this.registry],
  });
  readonly folded = new Counter({
    name: 'opsdesk_folded_total',
    help: "Messages added to the sender's case of a moment ago instead of opening another, by platform",
    labelNames: ['platform'],
    registers: [this.registry],
  });
  private readonly jobStarts = new Map<string, number>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'opsdesk_' });
    this.stateGauge(
      'opsdesk_deploy_targets',
      'Targets of the deployments and rollbacks running or paused, by state',
      () => this.liveTargetsByState(),
    );
    this.stateGauge('opsdesk_deployments', 'Deployments and rollbacks by state', () => this.countByState(DEPLOYMENTS));
  }

  /** A gauge by `state`, counted at each scrape. */
  private stateGauge(name: string, help: string, count: () => Promise<Array<[string, number]>>): void {
    const gauge: Gauge<'state'> = new Gauge({
      name,
      help,
      labelNames: ['state'],
      registers: [this.registry],
      collect: async () => {
        gauge.reset();
        for (const [state, n] of await count()) gauge.set({ state }, n);
      },
    });
  }

  /**
   * The targets of the deployments running or paused (their target books, by `_id`), by state: what an operator
   * watches. Ended deployments are left out, so a scrape does not grow with the history.
   */
  private async liveTargetsByState(): Promise<Array<[string, number]>> {
    const db = mongoose.connection.readyState === 1 ? mongoose.connection.db : undefined;
    if (!db) return [];
    try {
      const live = await db
        .collection(DEPLOYMENTS)
        .find({ state: { $in: ['running', 'paused'] } }, { projection: { _id: 1 }, maxTimeMS: 2000 })
        .toArray();
      const counts = new Map<string, number>();
      for (const d of live)
        for (const t of await readTargets(d._id as never)) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
      return [...counts];
    } catch {
      return [];
    }
  }

  onHandled(platform: string, kind: string, ms: number, outcome: string): void {
    this.events.inc({ platform, kind, outcome });
    if (outcome !== 'duplicate') this.latency.observe({ platform, kind }, ms / 1000);
  }

  onCommand(command: string, ms: number, outcome: string): void {
    this.commands.observe({ command, outcome }, ms / 1000);
  }

  onFlood(what: string, platform: string): void {
    if (what === 'folded') this.folded.inc({ platform });
    else this.limited.inc({ limit: what, platform });
  }

  /** Counts the runs of every job this process executes (Agenda's own events, so every job is covered). */
  watchJobs(agenda: JobEvents): void {
    const key = (job: AgendaJobLike) => `${job.attrs.name}:${String(job.attrs._id)}`;
    const done = (job: AgendaJobLike, outcome: 'ok' | 'failed') => {
      const started = this.jobStarts.get(key(job));
      this.jobStarts.delete(key(job));
      this.jobs.inc({ job: job.attrs.name, outcome });
      if (started !== undefined) this.jobSeconds.observe({ job: job.attrs.name }, (performance.now() - started) / 1000);
    };
    agenda.on('start', (job) => void this.jobStarts.set(key(job), performance.now()));
    agenda.on('success', (job) => done(job, 'ok'));
    agenda.on('fail', (_err, job, remote) => {
      if (!remote && job?.attrs) done(job, 'failed');
    });
  }

  /**
   * `state -> count` of a collection, or nothing when the database is down or the collection does
   * not exist yet (a scrape never fails for it).
   */
  private async countByState(collection: string): Promise<Array<[string, number]>> {
    const db = mongoose.connection.readyState === 1 ? mongoose.connection.db : undefined;
    if (!db) return [];
    try {
      const exists = await db.listCollections({ name: collection }, { nameOnly: true }).toArray();
      if (!exists.length) return [];
      const rows = await db
        .collection(collection)
        .aggregate<{ _id: unknown; n: number }>([{ $group: { _id: '$state', n: { $sum: 1 } } }], { maxTimeMS: 2000 })
        .toArray();
      return rows.map((r) => [typeof r._id === 'string' ? r._id : 'unknown', r.n]);
    } catch {
      return [];
    }
  }
}
