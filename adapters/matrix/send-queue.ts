/**
 * Outgoing requests, one queue per room: each waits for the one before it, so a room sees the
 * bot's messages in the order they were sent. The SDK throws on `M_LIMIT_EXCEEDED` instead of
 * retrying; here the request waits `retry_after_ms` and goes again, as often as the server asks.
 * While the homeserver is unreachable (restart, network) a request is retried with back-off for up
 * to `maxRetryMs`. Nothing is dropped: every request resolves once sent or rejects with its error.
 * Requests must be idempotent (sends use a fixed transaction id per queued message).
 */
import type { Logger } from 'pino';

export interface SendQueueOptions {
  log: Logger;
  /** How long a request is retried while the server is unreachable. */
  maxRetryMs: number;
  /** Waits used between attempts (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
]);

/** Milliseconds the server asked us to wait, when the error is a rate limit. */
export function rateLimitDelay(err: unknown): number | undefined {
  const e = err as
    { errcode?: string; retryAfterMs?: number; body?: { errcode?: string; retry_after_ms?: number } } | undefined;
  const code = e?.errcode ?? e?.body?.errcode;
  if (code !== 'M_LIMIT_EXCEEDED') return undefined;
  const ms = e?.retryAfterMs ?? e?.body?.retry_after_ms;
  return typeof ms === 'number' && ms >= 0 ? ms : 1000;
}

/** True for errors that say the server could not be reached or is briefly unavailable. */
export function isTransient(err: unknown): boolean {
  const e = err as { code?: string; statusCode?: number; cause?: { code?: string } } | undefined;
  if (!e) return false;
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if (e.cause?.code && NETWORK_CODES.has(e.cause.code)) return true;
  return e.statusCode === 502 || e.statusCode === 503 || e.statusCode === 504;
}

export class QueueClosedError extends Error {
  constructor() {
    super('the Matrix adapter stopped before this message could be sent');
    this.name = 'QueueClosedError';
  }
}

export class SendQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private pending = 0;
  private closed = false;
  private readonly sleep: (ms: number) => Promise<void>;
  /** How many times the server answered M_LIMIT_EXCEEDED (for metrics and tests). */
  rateLimitedCount = 0;

  constructor(private readonly opts: SendQueueOptions) {
    this.sleep = opts.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
  }

  /** Runs `task` after every earlier request of `room`, retrying as described above. */
  enqueue<T>(room: string, what: string, task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    this.pending++;
    const previous = this.tails.get(room) ?? Promise.resolve();
    const run = previous.then(() => this.attempt(room, what, task));
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(room, tail);
    void tail.then(() => {
      this.pending--;
      if (this.tails.get(room) === tail) this.tails.delete(room);
    });
    return run;
  }

  /** Requests queued or in flight. */
  get size(): number {
    return this.pending;
  }

  /** Waits up to `timeoutMs` for the queues to empty; then refuses new requests and stops retrying. */
  async close(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending > 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
    this.closed = true;
    return this.pending === 0;
  }

  private async attempt<T>(room: string, what: string, task: () => Promise<T>): Promise<T> {
    let firstFailure: number | undefined;
    let backoff = 250;
    for (;;) {
      if (this.closed) throw new QueueClosedError();
      try {
        return await task();
      } catch (err) {
        const wait = rateLimitDelay(err);
        if (wait !== undefined) {
          this.rateLimitedCount++;
          this.opts.log.info({ room, what, retryAfterMs: wait }, 'matrix: rate limited, waiting as the server asked');
          await this.sleep(wait);
          continue;
        }
        if (!isTransient(err)) throw err;
        firstFailure ??= Date.now();
        if (Date.now() - firstFailure >= this.opts.maxRetryMs) throw err;
        this.opts.log.warn(
          { room, what, err: (err as Error).message ?? String(err) },
          'matrix: homeserver unreachable, retrying',
        );
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }
}
