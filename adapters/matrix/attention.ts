/**
 * What a person sees of the bot paying attention, as Matrix clients show it: a read receipt on each
 * event the bot handled, and "Opsdesk is typing…" while a command takes longer than a second. Both
 * are best effort: a failure is logged and changes nothing else.
 */
import type { Logger } from 'pino';

/** A command answered within this is answered without a typing notification. */
export const TYPING_AFTER_MS = 1000;
/** How long the homeserver shows the notification unless it is ended sooner. */
const TYPING_TIMEOUT_MS = 30_000;

export interface AttentionClient {
  sendReadReceipt(roomId: string, eventId: string): Promise<unknown>;
  setTyping(roomId: string, typing: boolean, timeout?: number): Promise<unknown>;
}

export class Attention {
  constructor(
    private readonly client: AttentionClient,
    private readonly log: Logger,
  ) {}

  /** Runs `handle`; shows typing after TYPING_AFTER_MS when `typing` is set; marks the event read after. */
  async around<T>(roomId: string, eventId: string, typing: boolean, handle: () => Promise<T>): Promise<T> {
    let shown: Promise<unknown> | undefined;
    const timer = typing
      ? setTimeout(() => {
          shown = this.client
            .setTyping(roomId, true, TYPING_TIMEOUT_MS)
            .catch((err: Error) => this.warn('typing', err));
        }, TYPING_AFTER_MS)
      : undefined;
    try {
      return await handle();
    } finally {
      clearTimeout(timer);
      if (shown)
        void shown.then(() => this.client.setTyping(roomId, false).catch((err: Error) => this.warn('typing', err)));
      void this.client.sendReadReceipt(roomId, eventId).catch((err: Error) => this.warn('read receipt', err));
    }
  }

  private warn(what: string, err: Error): void {
    this.log.debug({ err: err.message }, `matrix: could not send a ${what}`);
  }
}
