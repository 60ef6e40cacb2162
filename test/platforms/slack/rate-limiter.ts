/**
 * 429s, two ways.
 *
 * Injected: a rule answers the next `count` calls of a method (or of every method, '*') with HTTP
 * 429 and `Retry-After: retryAfterSec`, as Slack does when a tier's limit is reached.
 *
 * Organic (`organic()`): calls are counted against Slack's published limits for the methods
 * opsdesk calls, so a burst is refused the way Slack refuses it, whatever the test meant to do.
 * Slack's tiers are calls per minute with short bursts allowed (Tier 2: 20+, Tier 3: 50+,
 * Tier 4: 100+), and chat.postMessage about one message per second per channel, bursts allowed
 * (api.slack.com/docs/rate-limits). Each limit is a bucket of `burst` calls refilled at the tier's
 * rate; an empty bucket answers 429 with a Retry-After of whole seconds until a call is allowed
 * again, and never less than `minRetryAfterSec` (Slack's Retry-After runs to several seconds).
 */
export interface RateLimitRule {
  method: string;
  remaining: number;
  retryAfterSec: number;
}

export interface OrganicLimit {
  method: string;
  /** Calls refilled per minute. */
  perMinute: number;
  /** Calls allowed at once. */
  burst: number;
  /** Counted per channel (chat.postMessage) rather than per workspace. */
  perChannel?: boolean;
}

const TIER2 = { perMinute: 20, burst: 10 };
const TIER3 = { perMinute: 50, burst: 20 };
const TIER4 = { perMinute: 100, burst: 40 };

/** Slack's limits for the methods opsdesk calls. */
export const SLACK_LIMITS: readonly OrganicLimit[] = [
  { method: 'chat.postMessage', perMinute: 60, burst: 5, perChannel: true },
  { method: 'chat.update', ...TIER3 },
  { method: 'chat.postEphemeral', ...TIER4 },
  { method: 'conversations.open', ...TIER3 },
  { method: 'users.info', ...TIER4 },
  { method: 'reactions.add', ...TIER3 },
  { method: 'files.getUploadURLExternal', ...TIER4 },
  { method: 'files.completeUploadExternal', ...TIER4 },
  { method: 'auth.test', ...TIER4 },
  { method: 'conversations.info', ...TIER3 },
  { method: 'apps.connections.open', ...TIER2 },
];

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly rules: RateLimitRule[] = [];
  private organicLimits = new Map<string, OrganicLimit>();
  private minRetryAfterSec = 3;
  private readonly buckets = new Map<string, Bucket>();
  /** Every 429 answered, in order (method names). */
  readonly limited: string[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  add(method: string, count: number, retryAfterSec = 1): void {
    this.rules.push({ method, remaining: count, retryAfterSec });
  }

  /** From now on, calls count against `limits` (Slack's by default). */
  organic(limits: readonly OrganicLimit[] = SLACK_LIMITS, minRetryAfterSec = 3): void {
    this.organicLimits = new Map(limits.map((l) => [l.method, l]));
    this.minRetryAfterSec = minRetryAfterSec;
    this.buckets.clear();
  }

  /** The Retry-After seconds if this call is to be refused, else undefined. `channel`: the call's channel argument. */
  check(method: string, channel?: string): number | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && (r.method === method || r.method === '*'));
    if (rule) {
      rule.remaining -= 1;
      this.limited.push(method);
      return rule.retryAfterSec;
    }
    const wait = this.organicWait(method, channel);
    if (wait === undefined) return undefined;
    this.limited.push(method);
    return wait;
  }

  clear(): void {
    this.rules.length = 0;
    this.organicLimits.clear();
    this.buckets.clear();
  }

  private organicWait(method: string, channel: string | undefined): number | undefined {
    const limit = this.organicLimits.get(method);
    if (!limit) return undefined;
    const key = limit.perChannel ? `${method}|${channel ?? ''}` : method;
    const now = this.now();
    const perMs = limit.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    b.tokens = Math.min(limit.burst, b.tokens + (now - b.at) * perMs);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    return Math.max(this.minRetryAfterSec, Math.ceil((1 - b.tokens) / perMs / 1000));
  }
}
