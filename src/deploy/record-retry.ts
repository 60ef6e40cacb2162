import type { Logger } from 'pino';
import { whileUnreachable } from '../db/while-unreachable';

/**
 * How long a runner keeps retrying a record of what it did (a target's claim, start and outcome,
 * the end of the deployment) while the database is unreachable. A script that ran is not run again
 * because a database restart swallowed its result; past this the run fails, and the stalled
 * deployment is resumed by the `deploy-resume` job once the lease has expired.
 */
export const RECORD_RETRY_MS = 60_000;

export function recordWhileUnreachable<T>(fn: () => Promise<T>, log?: Logger): Promise<T> {
  return whileUnreachable(fn, {
    forMs: RECORD_RETRY_MS,
    onRetry: (err, attempt) => {
      if (attempt === 1) log?.warn({ err: err.message }, 'database unreachable; retrying the deployment record');
    },
  });
}
