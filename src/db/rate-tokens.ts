import { Claim, claimOnce } from './claim-once';
import { claims } from './claims';

/** `count` takes per `periodMs`, as a bucket of `count` tokens refilled evenly; `count` 0 is no limit. */
export interface Rate {
  count: number;
  periodMs: number;
}

export type Take =
  | { ok: true; slot?: number }
  /** Out of tokens: the next one comes at `freeAt` (slot `nextSlot`, slots `slotMs` long). */
  | { ok: false; freeAt: Date; nextSlot: number; slotMs: number };

/** Buckets whose hints are kept in memory before old ones are dropped (a hint only saves inserts). */
const MAX_HINTS = 10_000;

/**
 * Rate limits kept in the database, so every process sharing it counts against the same buckets
 * (N processes with in-memory buckets would allow N times the rate), by inserts only: FerretDB
 * arbitrates nothing but unique inserts (CONTRIBUTING.md), and an insert by `_id` scans nothing.
 *
 * Time is cut into slots `periodMs / count` long. A take at time t claims the oldest free one of
 * the `count` slots ending with t's (`claims.rateToken(bucket, slotMs, slot)`, a unique insert).
 * That is a token bucket: a quiet bucket holds `count` tokens, each slot adds one, and no window of
 * `periodMs` sees more than `count` + 1 takes. Only takes that succeed write a claim, so a flood
 * adds nothing to the database once its bucket is empty.
 *
 * Each process remembers the slots it saw taken (its own takes and the duplicates it ran into), so
 * a take in an empty bucket costs no database call at all, and a take usually one insert; what one
 * process does not know yet, the insert tells it.
 */
export class RateTokens {
  private readonly hints = new Map<string, { taken: Set<number>; until: number }>();

  constructor(private readonly owner: string) {}

  async take(bucket: string, rate: Rate, now: Date): Promise<Take> {
    if (rate.count <= 0) return { ok: true };
    const slotMs = slotLength(rate);
    const current = Math.floor(now.getTime() / slotMs);
    const first = current - rate.count + 1;
    const hint = this.hint(bucket, slotMs, first, (current + rate.count + 1) * slotMs);
    for (let slot = first; slot <= current; slot++) {
      if (hint.taken.has(slot)) continue;
      const won = await claimOnce(claims.rateToken(bucket, slotMs, slot), this.owner);
      hint.taken.add(slot);
      if (won) return { ok: true, slot };
    }
    return { ok: false, freeAt: new Date((current + 1) * slotMs), nextSlot: current + 1, slotMs };
  }

  /** Returns a token taken by `take` (a report refused by another bucket after this one said yes). */
  async giveBack(bucket: string, rate: Rate, slot: number | undefined): Promise<void> {
    if (slot === undefined || rate.count <= 0) return;
    const slotMs = slotLength(rate);
    await Claim.deleteOne({ _id: claims.rateToken(bucket, slotMs, slot) });
    this.hints.get(`${bucket}|${slotMs}`)?.taken.delete(slot);
  }

  private hint(bucket: string, slotMs: number, first: number, until: number): { taken: Set<number>; until: number } {
    const key = `${bucket}|${slotMs}`;
    let hint = this.hints.get(key);
    if (!hint) {
      if (this.hints.size >= MAX_HINTS) this.prune(until);
      hint = { taken: new Set(), until };
      this.hints.set(key, hint);
    }
    hint.until = until;
    for (const slot of hint.taken) if (slot < first) hint.taken.delete(slot);
    return hint;
  }

  /** Drops hints whose slots have all left their window; if that is not enough, the oldest half. */
  private prune(nowish: number): void {
    for (const [key, hint] of this.hints) if (hint.until < nowish) this.hints.delete(key);
    if (this.hints.size < MAX_HINTS) return;
    let drop = Math.floor(this.hints.size / 2);
    for (const key of this.hints.keys()) {
      if (drop-- <= 0) break;
      this.hints.delete(key);
    }
  }
}

/** The slot length of a rate (at least 1 ms). */
export function slotLength(rate: Rate): number {
  return Math.max(1, Math.floor(rate.periodMs / Math.max(1, rate.count)));
}
