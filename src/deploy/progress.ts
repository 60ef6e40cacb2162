import type { MessageRef } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import type { OutMessage } from '../chat/out-message';
import { CHASE_STATES, type TargetState } from './deployment.model';

export type Counts = Record<TargetState, number>;

export function emptyCounts(): Counts {
  return {
    pending: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    unreachable: 0,
    'host-key-mismatch': 0,
    'timed-out': 0,
    skipped: 0,
    unknown: 0,
  };
}

export function countStates(states: Iterable<TargetState>): Counts {
  const c = emptyCounts();
  for (const s of states) c[s]++;
  return c;
}

export interface ChaseEntry {
  host: string;
  state: TargetState;
  error?: string;
}

export function isChased(state: TargetState): boolean {
  return CHASE_STATES.includes(state);
}

/**
 * One progress message edited at most every `minIntervalMs`: updates in between are coalesced into
 * the latest, edits never overlap, and `flush()` sends the last one. Lives in the domain, so every
 * adapter gets the same rate whatever its own limits.
 */
export class CoalescedEditor {
  private latest?: OutMessage;
  private lastEditAt = 0;
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  /** After the final edit (or a cancel) nothing more is sent: a late update must not cover the summary. */
  private closed = false;
  edits = 0;

  constructor(
    private readonly outbound: OutboundPort,
    private readonly ref: MessageRef,
    private readonly minIntervalMs: number,
    private readonly onError: (err: Error) => void = () => undefined,
  ) {}

  update(msg: OutMessage): void {
    if (this.closed) return;
    this.latest = msg;
    if (this.timer) return;
    const wait = this.lastEditAt + this.minIntervalMs - Date.now();
    if (wait <= 0) this.send();
    else this.timer = setTimeout(() => this.send(), wait);
  }

  private send(): void {
    this.timer = undefined;
    const msg = this.latest;
    if (!msg) return;
    this.latest = undefined;
    this.lastEditAt = Date.now();
    this.edits++;
    this.chain = this.chain.then(() => this.outbound.edit(this.ref, msg)).catch((err: Error) => this.onError(err));
  }

  /** Sends the pending update now (if any) and waits for every edit to finish. */
  async flush(final?: OutMessage): Promise<void> {
    if (this.closed) return this.chain;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (final) {
      this.latest = final;
      this.closed = true;
    }
    this.send();
    await this.chain;
  }

  /**
   * Drops the pending update and closes the editor: a runner that lost its lease stops editing,
   * so its stale progress cannot land after the summary of the runner that took over.
   */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.latest = undefined;
    this.closed = true;
  }
}
