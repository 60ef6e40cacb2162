import { setTimeout as sleep } from 'node:timers/promises';

/** Driver errors that mean "the database cannot be reached right now", not "this operation is wrong". */
const UNREACHABLE_ERRORS = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoPoolClearedError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
]);

export function isDatabaseUnreachable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: string; message?: string; hasErrorLabel?: (label: string) => boolean };
  if (e.name && UNREACHABLE_ERRORS.has(e.name)) return true;
  if (typeof e.hasErrorLabel === 'function' && (e.hasErrorLabel('ResetPool') || e.hasErrorLabel('RetryableWriteError')))
    return true;
  // Mongoose queues operations while disconnected and gives up with this message.
  return typeof e.message === 'string' && /buffering timed out after/u.test(e.message);
}

/**
 * Runs `fn`, and again (backing off from 250 ms to 2 s) while it fails because the database is
 * unreachable, for up to `forMs`; any other error, or the last one, is thrown. For writes that
 * record what already happened in the world (a script ran on a host), so a database restart delays
 * the record instead of losing it. `fn` must be safe to repeat (an idempotent `$set`).
 */
export async function whileUnreachable<T>(
  fn: () => Promise<T>,
  opts: { forMs: number; onRetry?: (err: Error, attempt: number) => void },
): Promise<T> {
  const deadline = Date.now() + opts.forMs;
  let pause = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isDatabaseUnreachable(err) || Date.now() + pause > deadline) throw err;
      opts.onRetry?.(err as Error, attempt);
      await sleep(pause);
      pause = Math.min(pause * 2, 2000);
    }
  }
}
