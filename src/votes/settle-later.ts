import type { Logger } from 'pino';
import { OWNER_STALE_MS } from '../db/owner-heartbeat';

/** How many times one settled vote is tried again while another process holds its close. */
const MAX_TRIES = 6;

/**
 * A vote that is settled (its outcome cannot change) but whose close another process holds: tried again once that
 * process's heartbeat can have gone stale. A process killed while closing held the claim with a fresh heartbeat;
 * the redelivered reactions that settle the vote in the next process all came within seconds and were refused, and
 * nothing else came: the card showed a settled tally with no decision until the deadline, days later (seen in the
 * SIGKILL fault test under load). If the holder is alive it closes the vote meanwhile, and the retry finds it closed.
 */
export class SettleLater {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly tries = new Map<string, number>();

  constructor(
    private readonly settleAgain: (ballotId: string) => Promise<void>,
    private readonly log: Logger,
    private readonly afterMs = OWNER_STALE_MS + 1000,
  ) {}

  schedule(ballotId: string): void {
    const id = String(ballotId);
    const tries = this.tries.get(id) ?? 0;
    if (this.timers.has(id) || tries >= MAX_TRIES) return;
    this.tries.set(id, tries + 1);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      this.settleAgain(id).catch((err: Error) =>
        this.log.warn({ err: err.message, ballotId: id }, 'settle again failed'),
      );
    }, this.afterMs);
    timer.unref();
    this.timers.set(id, timer);
  }

  /** The vote closed (here or elsewhere): nothing more to try. */
  done(ballotId: string): void {
    const id = String(ballotId);
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.tries.delete(id);
  }
}
