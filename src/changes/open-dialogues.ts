import { Rfc } from './rfc.model';

/** How often the set is read again, to learn of dialogues another process opened. */
const REFRESH_MS = 10_000;

/**
 * Who has an RFC dialogue open (an RFC with `asking` set), so that a message from anyone else skips
 * the dialogue's lookups (a find on non-_id fields, a scan on FerretDB) on the path of a report.
 * This process adds the dialogues it opens at once; the set is read again from the database every
 * few seconds, off the path of a message, for those opened elsewhere. Until it is first read, anyone
 * may have one.
 */
export class OpenDialogues {
  private people = new Set<string>();
  private loaded = false;
  private openedSince = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly refreshMs = REFRESH_MS) {}

  /** Reads the set, and again every few seconds until stop(). */
  async start(): Promise<void> {
    await this.refresh();
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** False when `personId` certainly has no dialogue open. */
  mayHave(personId: string): boolean {
    return !this.loaded || this.people.has(personId);
  }

  /** This process opened (or continued) a dialogue of `personId`'s. */
  opened(personId: string): void {
    this.people.add(personId);
    this.openedSince.add(personId);
  }

  async refresh(): Promise<void> {
    const opened = new Set<string>();
    this.openedSince = opened;
    const docs = await Rfc.find({ asking: { $exists: true } }, { requesterId: 1 }).lean<
      Array<{ requesterId: string }>
    >();
    this.people = new Set([...docs.map((d) => d.requesterId), ...opened]);
    this.loaded = true;
  }
}
