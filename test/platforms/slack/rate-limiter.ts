/**
 * 429 injection. A rule answers the next `count` calls of a method (or of every method, '*')
 * with HTTP 429 and `Retry-After: retryAfterSec`, as Slack does when a tier's limit is reached.
 */
export interface RateLimitRule {
  method: string;
  remaining: number;
  retryAfterSec: number;
}

export class RateLimiter {
  private readonly rules: RateLimitRule[] = [];
  /** Every 429 answered, in order (method names). */
  readonly limited: string[] = [];

  add(method: string, count: number, retryAfterSec = 1): void {
    this.rules.push({ method, remaining: count, retryAfterSec });
  }

  /** The Retry-After seconds if this call is to be refused, else undefined. */
  check(method: string): number | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && (r.method === method || r.method === '*'));
    if (!rule) return undefined;
    rule.remaining -= 1;
    this.limited.push(method);
    return rule.retryAfterSec;
  }

  clear(): void {
    this.rules.length = 0;
  }
}
