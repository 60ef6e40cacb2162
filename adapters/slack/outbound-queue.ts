/**
 * Every Web API call that changes something goes through here: one lane per channel, so the
 * messages of a channel arrive in the order they were sent, and Slack's 429 answers are waited
 * out and retried (Retry-After, for that method) until the call succeeds, so nothing is dropped.
 *
 * The web client is built with `rejectRateLimitedCalls: true`: it throws on 429 and this queue
 * alone retries (the client's own 429 retry gives up after its retry budget and does not keep a
 * channel's order).
 */
import type { Logger } from 'pino';

export interface RateLimitedError {
  code: string;
  retryAfter: number;
}

/** @slack/web-api's ErrorCode.RateLimitedError. */
const RATE_LIMITED = 'slack_webapi_rate_limited_error';

export function isRateLimited(err: unknown): err is RateLimitedError {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === RATE_LIMITED;
}

export interface OutboundQueueOptions {
  log: Logger;
  /** Retry-After is whole seconds; tests may scale it down. */
  secondsToMs?: (s: number) => number;
  sleep?: (ms: number) => Promise<void>;
}

export class OutboundQueue {
  private readonly lanes = new Map<string, Promise<unknown>>();
  /** Per Web API method: no call before this time (ms since epoch). */
  private readonly pausedUntil = new Map<string, number>();
  private readonly log: Logger;
  private readonly secondsToMs: (s: number) => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** 429s waited out since start (for metrics and tests). */
  rateLimitedCount = 0;

  constructor(opts: OutboundQueueOptions) {
    this.log = opts.log;
    this.secondsToMs = opts.secondsToMs ?? ((s) => s * 1000);
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Runs `call` after every earlier call of `lane`, retrying 429s; other errors reach the caller. */
  run<T>(lane: string, method: string, call: () => Promise<T>): Promise<T> {
    const before = this.lanes.get(lane) ?? Promise.resolve();
    const mine = before.then(
      () => this.withRetry(method, call),
      () => this.withRetry(method, call),
    );
    const tail = mine.catch(() => undefined);
    this.lanes.set(lane, tail);
    void tail.then(() => {
      if (this.lanes.get(lane) === tail) this.lanes.delete(lane);
    });
    return mine;
  }

  /** Resolves when every lane is empty (calls queued meanwhile included). */
  async drain(): Promise<void> {
    while (this.lanes.size > 0) await Promise.all([...this.lanes.values()]);
  }

  private async withRetry<T>(method: string, call: () => Promise<T>): Promise<T> {
    for (;;) {
      const wait = (this.pausedUntil.get(method) ?? 0) - Date.now();
      if (wait > 0) await this.sleep(wait);
      try {
        return await call();
      } catch (err) {
        if (!isRateLimited(err)) throw err;
        this.rateLimitedCount += 1;
        const until = Date.now() + this.secondsToMs(Math.max(err.retryAfter, 0));
        this.pausedUntil.set(method, Math.max(until, this.pausedUntil.get(method) ?? 0));
        this.log.warn(
          { method, retryAfterSec: err.retryAfter },
          'Slack rate limit: waiting Retry-After before retrying',
        );
      }
    }
  }
}
