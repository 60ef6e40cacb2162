import type { MessageRef } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import type { CardSection, OutMessage } from '../chat/out-message';
import { CHASE_STATES, deploymentLabel, type DeploymentDoc, type TargetState } from './deployment.model';

export type Counts = Record<TargetState, number>;

export function emptyCounts(): Counts {
  return { pending: 0, running: 0, succeeded: 0, failed: 0, unreachable: 0, 'host-key-mismatch': 0, 'timed-out': 0, skipped: 0 };
}

export function countStates(states: Iterable<TargetState>): Counts {
  const c = emptyCounts();
  for (const s of states) c[s]++;
  return c;
}

/** "143/200 done, 4 failed, 2 unreachable" — done counts every target that ended. */
export function countsLine(c: Counts, total: number): string {
  const done = total - c.pending - c.running;
  const parts = [`${done}/${total} done`, `${c.succeeded} succeeded`];
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.unreachable) parts.push(`${c.unreachable} unreachable`);
  if (c['host-key-mismatch']) parts.push(`${c['host-key-mismatch']} host key mismatch`);
  if (c['timed-out']) parts.push(`${c['timed-out']} timed out`);
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  return parts.join(', ');
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export interface ChaseEntry {
  host: string;
  state: TargetState;
  error?: string;
}

/** The progress card while running, and the summary once ended (counts, duration, chase list). */
export function renderProgress(d: DeploymentDoc, c: Counts, opts: { wave?: number; chase?: ChaseEntry[]; durationMs?: number } = {}): OutMessage {
  const label = `${deploymentLabel(d)}: ${d.package.name} ${d.package.version}`;
  const line = countsLine(c, d.total);
  const ended = d.state !== 'running';
  const verb = d.kind === 'rollback' ? 'ROLLING BACK' : 'DEPLOYING';
  const status = ended ? d.state.toUpperCase() : `${verb} ${d.total - c.pending - c.running}/${d.total}`;
  const lines = [line];
  if (!ended && opts.wave !== undefined) lines.push(`wave ${opts.wave + 1} of ${d.waves}`);
  if (ended && opts.durationMs !== undefined) lines.push(`took ${formatDuration(opts.durationMs)}`);
  if (d.reason) lines.push(d.reason);
  const sections: CardSection[] = [{ lines }];
  const chase = opts.chase ?? [];
  if (ended && chase.length) sections.push({ heading: `Chase list (${chase.length})`, lines: chase.map((t) => `${t.host}: ${t.state}${t.error ? ` (${t.error})` : ''}`) });
  const text = [`${label} — ${ended ? `${d.state}: ` : ''}${line}`, ...lines.slice(1), ...(ended && chase.length ? [`Chase list: ${chase.map((t) => `${t.host} (${t.state})`).join(', ')}`] : [])].join('\n');
  return {
    text,
    card: { kind: 'deploy', title: label, status, sections, footer: `${d.targetsText ? `targets: ${d.targetsText} · ` : ''}by ${d.requestedByName}` },
  };
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
