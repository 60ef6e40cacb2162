/**
 * chat.update coalescing: a message is edited at most once per `intervalMs` (counted from the end of
 * the previous call); edits submitted in between replace each other and the latest is sent when the
 * window ends. So a deployment
 * reporting every target edits its progress message every few seconds, and its final state is
 * always sent (`flush()` sends whatever is pending at once, e.g. on shutdown).
 */
import type { Logger } from 'pino';
import type { MessageRef } from '../../src/chat/conversation-ref';
import type { OutMessage } from '../../src/chat/out-message';

type Send = (ref: MessageRef, msg: OutMessage) => Promise<void>;

interface Entry {
  ref: MessageRef;
  pending?: OutMessage;
  lastSentAt: number;
  timer?: NodeJS.Timeout;
  inflight?: Promise<void>;
}

export class EditCoalescer {
  private readonly entries = new Map<string, Entry>();
  /** chat.update calls made (for tests and metrics). */
  sent = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly send: Send,
    private readonly log: Logger,
  ) {}

  submit(ref: MessageRef, msg: OutMessage): void {
    this.prune();
    const key = `${ref.channel}\u0000${ref.messageId}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { ref, lastSentAt: 0 };
      this.entries.set(key, entry);
    }
    entry.pending = msg;
    this.schedule(entry);
  }

  /** Sends every pending edit now and waits for all edits in flight. */
  async flush(): Promise<void> {
    for (const entry of this.entries.values()) {
      if (entry.timer) {
        clearTimeout(entry.timer);
        entry.timer = undefined;
      }
      if (entry.pending && !entry.inflight) this.sendNow(entry);
    }
    for (;;) {
      const busy = [...this.entries.values()].filter((e) => e.inflight || e.pending);
      if (busy.length === 0) return;
      await Promise.all(busy.map((e) => e.inflight));
      for (const e of busy) if (e.pending && !e.inflight) this.sendNow(e);
    }
  }

  private schedule(entry: Entry): void {
    if (entry.timer || entry.inflight || !entry.pending) return;
    const wait = entry.lastSentAt + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.sendNow(entry);
      return;
    }
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.sendNow(entry);
    }, wait);
    entry.timer.unref();
  }

  private sendNow(entry: Entry): void {
    const msg = entry.pending;
    if (!msg) return;
    entry.pending = undefined;
    entry.lastSentAt = Date.now();
    this.sent += 1;
    entry.inflight = this.send(entry.ref, msg)
      .catch((err: unknown) => {
        this.log.error({ err, channel: entry.ref.channel, messageId: entry.ref.messageId }, 'Slack chat.update failed');
      })
      .finally(() => {
        // The window runs from the call's end: Slack counts edits as it receives them, so two calls
        // are never closer than the interval there, however long the first one took to arrive.
        entry.lastSentAt = Date.now();
        entry.inflight = undefined;
        this.schedule(entry);
      });
  }

  /** Forgets idle messages whose window has passed. */
  private prune(): void {
    const now = Date.now();
    for (const [key, e] of this.entries) {
      if (!e.pending && !e.inflight && !e.timer && now - e.lastSentAt > this.intervalMs) this.entries.delete(key);
    }
  }
}
