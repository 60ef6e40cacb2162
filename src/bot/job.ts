import type { Logger } from 'pino';
import type { Services } from './services';

/** What a job handler gets on each run. */
export interface JobRun<D> {
  id: string;
  data: D;
  /** Extends the Agenda lock; call it as work progresses (e.g. after each deployment target). */
  touch(): Promise<void>;
  log: Logger;
  services: Services;
}

/** An Agenda job, declared as a plain object in `jobs/` and listed in `jobs/index.ts`. Thin: calls the domain. */
export interface JobDefinition<D = Record<string, unknown>> {
  name: string;
  /** How many of this job may run at once in one process (default 1). */
  concurrency?: number;
  /** Lock lifetime for this job (default from config.jobs.lockLifetimeMs). */
  lockLifetimeMs?: number;
  run(job: JobRun<D>): Promise<void>;
}

/** The domain's way to schedule work; backed by Agenda. */
export interface JobScheduler {
  /** Run as soon as a worker is free. */
  now<D extends object>(name: string, data: D): Promise<string>;
  /** Run once at `when`. `uniqueKey` makes a second schedule with the same key replace the first. */
  at<D extends object>(name: string, when: Date, data: D, uniqueKey?: string): Promise<string>;
  /** Run on a cron schedule in a time zone (unique per name + key). */
  every<D extends object>(name: string, cron: string, data: D, opts: { timezone: string; uniqueKey?: string }): Promise<void>;
  /** Cancel scheduled jobs of `name` whose data matches `dataMatch` (flat equality on data fields). */
  cancel(name: string, dataMatch?: Record<string, string | number | boolean>): Promise<number>;
}
