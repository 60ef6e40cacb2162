import { Counter } from '../db/counter';
import { Ticket } from './ticket.model';

/** How often the counter mark is brought up to date, off the path of a report. */
const WRITE_EVERY_MS = 5000;

/**
 * Case numbers without a round trip of their own: this process counts from its high-water mark, and
 * the case's insert into the unique `number` index is the claim (a number another process took
 * first is refused there, and the next one tried; an insert refused for its `source` uses no
 * number). So no number is handed out twice, on MongoDB and FerretDB alike, and none is skipped.
 *
 * The mark comes from the `incident` counter and the highest case number, read once when the
 * process starts (`repair`, which also writes the counter back); the counter is then written on a
 * timer, never on the path of a report. It is a hint: the unique index decides.
 */
export class IncidentNumbers {
  private mark?: number;
  private written = 0;
  private loading?: Promise<number>;
  private timer?: NodeJS.Timeout;
  /** Numbers handed out and then not used (their insert failed), tried again first. */
  private readonly returned = new Set<number>();

  /** Reads the counter and the highest case number, takes the larger, and writes it back. */
  async repair(): Promise<number> {
    const [counter, highest] = await Promise.all([
      Counter.findById('incident').lean<{ seq: number }>(),
      Ticket.findOne({}, { number: 1 }).sort({ number: -1 }).lean<{ number: number }>(),
    ]);
    const mark = Math.max(counter?.seq ?? 0, highest?.number ?? 0, this.mark ?? 0);
    this.mark = mark;
    await this.write();
    return mark;
  }

  /** The number to try for the next case. */
  async next(): Promise<number> {
    if (this.mark === undefined) {
      this.loading ??= this.repair();
      await this.loading;
    }
    if (this.returned.size) {
      const n = Math.min(...this.returned);
      this.returned.delete(n);
      return n;
    }
    this.mark = (this.mark ?? 0) + 1;
    this.schedule();
    return this.mark;
  }

  /** `n` was refused as taken (by another process): numbers from here on are above it. */
  taken(n: number): void {
    this.mark = Math.max(this.mark ?? 0, n);
    for (const r of this.returned) if (r <= n) this.returned.delete(r);
  }

  /** `n` was not used after all (the insert failed, or its delivery had its case already): the next case takes it. */
  unused(n: number): void {
    if (this.mark !== undefined && n <= this.mark) this.returned.add(n);
  }

  /** Writes the mark now (at stop) and stops the timer. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.write();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write().catch(() => undefined);
    }, WRITE_EVERY_MS);
    this.timer.unref();
  }

  private async write(): Promise<void> {
    const mark = this.mark ?? 0;
    if (mark <= this.written) return;
    await Counter.updateOne({ _id: 'incident' }, { $max: { seq: mark } }, { upsert: true }).catch((err: unknown) => {
      if ((err as { code?: number }).code !== 11000) throw err;
    });
    this.written = mark;
  }
}
