import { claimOnce } from './claim-once';
import { claims, jobRunIdentity } from './claims';

/** The part of a job document the claim key needs. */
export interface LockedJobAttrs {
  _id?: unknown;
  name: string;
  data?: unknown;
  nextRunAt?: Date | null;
  lastRunAt?: Date | null;
}

/** The part of Agenda's backend repository through which every run is locked. */
export interface JobLockSource {
  getNextJobToRun(...args: never[]): Promise<LockedJobAttrs | undefined>;
}

/**
 * Exactly one run per scheduled occurrence of an Agenda job, across processes.
 *
 * Agenda locks a due job with one findOneAndUpdate, which FerretDB 1.x performs as a read and a
 * write by _id: two processes can both lock the same run. Every process that locked it read the
 * same document, so the run is named by what that document said: job name, job id and when the
 * run was due (`nextRunAt`). The first process to insert the claim for that name runs the job; the
 * others return quietly.
 *
 * By the time a handler runs Agenda has already replaced `nextRunAt` with the following
 * occurrence (null for a one-off job), so the due time is recorded when the lock is taken.
 * A run that Agenda recovers from a dead process's expired lock has no due time (a one-off job) or
 * the next one (a repeating job, which then waits for it); a one-off recovery is named after the
 * dead run's `lastRunAt`, so it runs once more, once.
 */
/**
 * Where the lock wrapper leaves a run's identity on the locked attributes (Agenda copies them, symbols included, and
 * never saves symbols).
 */
const RUN_IDENTITY = Symbol('opsdesk.jobRunIdentity');

type MarkedAttrs = LockedJobAttrs & { [RUN_IDENTITY]?: string };

export class JobRunClaims {
  constructor(private readonly owner: string) {}

  /** Wraps the repository's lock call so each locked run carries its due time. */
  watch(source: JobLockSource): void {
    const lockNext = source.getNextJobToRun.bind(source) as (...args: unknown[]) => Promise<MarkedAttrs | undefined>;
    (source as unknown as { getNextJobToRun: typeof lockNext }).getNextJobToRun = async (...args: unknown[]) => {
      const locked = await lockNext(...args);
      if (locked) locked[RUN_IDENTITY] = runIdentity(locked);
      return locked;
    };
  }

  /**
   * The claim key of this run. One process may lock the same job twice at once on FerretDB, so it travels with the run.
   */
  keyFor(job: LockedJobAttrs): string {
    // Not locked through the watched repository (should not happen): the run is unique to this process.
    const identity = (job as MarkedAttrs)[RUN_IDENTITY] ?? jobRunIdentity.unwatched(this.owner, Date.now());
    // A job with a unique key is named by it: should two processes both have created it (two upserts on an empty
    // collection both insert), its two documents still make one run per due time.
    const uniqueKey = (job.data as { uniqueKey?: unknown } | undefined)?.uniqueKey;
    return claims.jobRun(job.name, typeof uniqueKey === 'string' ? `key=${uniqueKey}` : job._id, identity);
  }

  /** True for the one process that may execute this run. */
  async claim(job: LockedJobAttrs): Promise<{ key: string; mine: boolean }> {
    const key = this.keyFor(job);
    return { key, mine: await claimOnce(key, this.owner) };
  }
}

function runIdentity(job: LockedJobAttrs): string {
  return job.nextRunAt ? jobRunIdentity.due(job.nextRunAt) : jobRunIdentity.after(job.lastRunAt);
}
