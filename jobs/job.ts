import type { Logger } from 'pino';
import type { Services } from '../commands/services';

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
  /**
   * A recurring job declares when it repeats (an Agenda interval such as `60 seconds`, or a cron
   * line, in `timezone`), read from the config; `undefined` when its feature is disabled, which
   * cancels a schedule stored by an earlier start. The runtime schedules it (`scheduleDeclaredJobs`).
   */
  repeat?(services: Services): { every: string; timezone: string } | undefined;
  /** Start-up work of the job's feature, run by the runtime before any repeat is scheduled. */
  atStart?(services: Services): Promise<void>;
}
