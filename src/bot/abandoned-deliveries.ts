import type { Logger } from 'pino';
import type { AdapterData } from '../chat/chat-adapter';
import type { ChatEvent } from '../chat/chat-event';
import type { Clock } from '../core/clock';
import { staleOwners } from '../db/owner-heartbeat';
import { type StoredReceipt, storedDeliveries, takeOverStored } from './event-claim';

/** How often a process reads the heartbeats, looking for owners that went away. */
export const SWEEP_EVERY_MS = 2000;
/** Taken-over deliveries handled at once. */
const PARALLEL = 8;

export type Resume = (event: ChatEvent, data: AdapterData | undefined) => Promise<void>;

/**
 * Deliveries acknowledged before they were handled (src/bot/event-claim.ts `receiveEvent`) whose
 * process died before handling them: the platform will not deliver them again, so a live process
 * takes each over (once, across processes) and gives it back to its platform's adapter (`resume`),
 * which has it handled.
 *
 * Finding them costs a read of the whole `inbound_receipts` collection on FerretDB, so it is not
 * done on a timer: once when the process starts, and then only when an owner's heartbeat has
 * gone stale since the last look (a process stopped or died). The heartbeats are a handful of
 * documents, read every SWEEP_EVERY_MS; a delivery is taken over once its owner has been silent
 * for OWNER_STALE_MS (10 s), so about 12 s after a crash.
 */
export class AbandonedDeliveries {
  private readonly resumers = new Map<string, Resume>();
  /**
   * Owners already looked at, by the heartbeat time they were seen dead with (an owner that beats again and dies again
   * is looked at again).
   */
  private readonly looked = new Map<string, number>();
  private lookedAtAll = false;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  constructor(
    private readonly owner: string,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** Called for each delivery taken over, before `resume` (the intake counts it as in hand). */
    private readonly onTakenOver: (event: ChatEvent) => void,
  ) {}

  /** Deliveries of `platform` go to `resume`; starts looking (at once, then every SWEEP_EVERY_MS). */
  register(platform: string, resume: Resume): void {
    if (this.stopped) return;
    this.resumers.set(platform, resume);
    this.lookedAtAll = false; // a platform's first registration: look at everything once more
    if (!this.timer) {
      this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
      this.timer.unref();
    }
    void this.sweep();
  }

  /** Takes nothing over from now on; deliveries already taken over are being handled (the intake waits for them). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One look (or the one under way): how many deliveries it took over and handled. */
  sweep(): Promise<number> {
    this.running ??= this.look()
      .catch((err: unknown) => {
        this.log.warn(
          { err: (err as Error).message },
          'could not look for deliveries left by stopped processes; trying again',
        );
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async look(): Promise<number> {
    const platforms = [...this.resumers.keys()];
    if (platforms.length === 0 || this.stopped) return 0;
    // The first look reads every stored delivery (an owner may have left no heartbeat); later ones
    // only those of owners that went silent since.
    const everything = !this.lookedAtAll;
    const owners = everything
      ? []
      : (await staleOwners()).filter((o) => o.owner !== this.owner && this.looked.get(o.owner) !== o.seenAt.getTime());
    if (!everything && owners.length === 0) return 0;
    const receipts = await storedDeliveries(platforms, everything ? undefined : owners.map((o) => o.owner));
    let failed = false;
    let handled = 0;
    const queue = receipts.filter((r) => r.claimedBy !== this.owner);
    const worker = async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        try {
          if (await this.takeOver(r)) handled++;
        } catch (err) {
          failed = true;
          this.log.warn(
            { err: (err as Error).message, platform: r.platform, eventId: r.eventId },
            'could not take over a delivery left by a stopped process; trying again',
          );
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    // After a failure the same owners (or everything) are looked at again next time.
    if (failed) return handled;
    if (everything) this.lookedAtAll = true;
    for (const o of owners) this.looked.set(o.owner, o.seenAt.getTime());
    return handled;
  }

  /** Takes one over and has it handled; throws only when the takeover itself failed (to be tried again). */
  private async takeOver(r: StoredReceipt): Promise<boolean> {
    const resume = this.resumers.get(r.platform);
    if (!resume || this.stopped) return false;
    if (!(await takeOverStored(r, this.owner, this.clock.now()))) return false;
    const event = r.stored.event as unknown as ChatEvent;
    this.log.info(
      { platform: r.platform, eventId: r.eventId, from: r.claimedBy },
      'delivery left by a stopped process taken over',
    );
    this.onTakenOver(event);
    // It is this process's now: a failure in its handling is answered there (the intake), not retried here.
    await resume(event, r.stored.data).catch((err: unknown) =>
      this.log.error({ err, platform: r.platform, eventId: r.eventId }, 'a delivery taken over could not be handled'),
    );
    return true;
  }
}
