import type { Logger } from 'pino';
import { threadOf } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import type { Config } from '../config/schema';
import type { Lang } from '../i18n/languages';
import { messageIn, sayIn } from '../i18n/refusal';
import { claimOwner } from '../db/claim-once';
import { claims } from '../db/claims';
import type { InventoryService } from '../inventory/inventory-service';
import type { HostDoc } from '../inventory/host.model';
import type { PackageService } from '../packages/package-service';
import type { PackageDoc } from '../packages/package.model';
import { forEachLimited } from '../ssh/semaphore';
import type { SshClientOptions } from '../ssh/ssh-session';
import { Deployment, PILOT_WAITING, type DeploymentDoc, type TargetDoc, type TargetState } from './deployment.model';
import { failureRatio } from './planner';
import { recordWhileUnreachable } from './record-retry';
import { CoalescedEditor, countStates, type ChaseEntry, type Counts } from './progress';
import {
  abortedReason,
  CANCELLED_REASON,
  finishedNote,
  nothingRanReason,
  pausedNote,
  renderProgress,
  resumingNote,
  stoppedReason,
  waveDoneNote,
} from './render-deployment';
import { sshOptions } from './target-exec';
import type { DeployGate, Halt } from './deploy-gate';
import { attemptTarget, type AttemptContext } from './attempt';
import { installedAfter, TARGET_FLUSH_MS, TargetFold } from './target-fold';
import { acquireLease, LeaseKeeper, newRunnerId } from './lease';
import { toChaseEntries } from './chase-entries';
import { readTargets } from './target-book';

export interface RunnerDeps {
  config: Config;
  log: Logger;
  outbound: OutboundPort;
  inventory: InventoryService;
  packages: PackageService;
  /** The change policy's gate, asked before every wave and every target. */
  gate: DeployGate;
}

/**
 * `chase`: the chase list at the end, when the runner ended the deployment (read from its own states). `joined`: a
 * run this process had going (started at once by `/deploy`) ended meanwhile; this one ran nothing.
 */
export type RunResult =
  | { kind: 'ran'; deployment: DeploymentDoc; chase?: ChaseEntry[] }
  | { kind: 'busy'; leaseUntil: Date }
  | { kind: 'not-running' }
  | { kind: 'joined' };

/**
 * Runs (or resumes) one deployment: waves, bounded parallelism, per-target claims, abort, cancel, progress and summary.
 */
export class DeploymentRunner {
  private readonly runnerId = newRunnerId();
  private epoch = 0;
  private lease!: LeaseKeeper;
  private states = new Map<string, TargetState>();
  private targets: TargetDoc[] = [];
  private d!: DeploymentDoc;
  private editor?: CoalescedEditor;
  private lastTouch = 0;
  private wave = 0;
  private halted?: Halt;
  private check!: (hosts: readonly string[], fresh?: boolean) => Promise<Halt | undefined>;
  private fold!: TargetFold;
  private foldTimer?: NodeJS.Timeout;

  constructor(
    private readonly deps: RunnerDeps,
    private readonly deploymentId: DeploymentDoc['_id'],
    private readonly touch: () => Promise<void> = async () => undefined,
    /** The target documents as just recorded: the first lease reads them from here instead of a scan. */
    private readonly planned?: readonly TargetDoc[],
  ) {}

  /** The card and the notes in its thread are read in the channel: the organisation's language. */
  private get lang(): Lang {
    return this.deps.config.organisation.language;
  }

  private get log(): Logger {
    return this.deps.log.child({ deployment: String(this.deploymentId) });
  }

  async run(): Promise<RunResult> {
    const cfg = this.deps.config.deploy;
    const lease = await acquireLease(this.deploymentId, this.runnerId, cfg.leaseMs);
    if (!lease.ok) {
      // Lost the claim to another runner that may not have written its lease yet: busy for a lease period.
      if (lease.doc?.state === 'running')
        return { kind: 'busy', leaseUntil: lease.doc.leaseUntil ?? new Date(Date.now() + cfg.leaseMs) };
      return { kind: 'not-running' };
    }
    this.epoch = lease.epoch;
    this.d = lease.doc;
    this.fold = new TargetFold(this.deploymentId, this.log);
    // The target documents take the states at each wave's end and, in a long wave, every TARGET_FLUSH_MS.
    this.foldTimer = setInterval(
      () => void this.fold.flush().catch((err: Error) => this.log.warn({ err: err.message }, 'target fold failed')),
      TARGET_FLUSH_MS,
    );
    this.check = this.deps.gate.checker(this.d, 'wave');
    this.lease = new LeaseKeeper(this.deploymentId, lease.epoch, cfg.leaseMs, this.log);
    this.lease.cancelled =
      this.d.cancelRequested || (await claimOwner(claims.deployCancel(this.deploymentId))) !== undefined;
    this.lease.start();
    try {
      return await this.runHeld();
    } finally {
      void this.lease.stop();
      clearInterval(this.foldTimer);
    }
  }

  private async runHeld(): Promise<RunResult> {
    // A fresh start has its targets in hand; a resume reads the target book (by `_id`).
    const targets =
      this.epoch === 1 && this.planned ? this.planned.map((t) => ({ ...t })) : await readTargets(this.deploymentId);
    this.targets = targets;
    // A runner before this one may have stopped before its last batch reached the target documents.
    if (this.epoch > 1) await this.fold.catchUp(targets, (host) => installedAfter(this.d, host));
    for (const t of targets) this.states.set(t.host, t.state);
    if (this.d.progressRef) {
      this.editor = new CoalescedEditor(
        this.deps.outbound,
        this.d.progressRef,
        this.deps.config.deploy.progressEditMs,
        (err) => this.log.warn({ err: err.message }, 'progress edit failed'),
      );
    }
    let pkg: PackageDoc;
    let ssh: SshClientOptions;
    try {
      pkg = await this.deps.packages.verified(this.d.package.name, this.d.package.version);
      ssh = await sshOptions(this.deps.config.deploy);
    } catch (err) {
      return this.finish('failed', nothingRanReason(messageIn(err as Error, this.lang), this.lang));
    }
    const hosts = new Map((await this.deps.inventory.byNames(targets.map((t) => t.host))).map((h) => [h.name, h]));
    const resumed = targets.filter((t) => t.state === 'running');
    if (resumed.length) {
      this.log.info({ hosts: resumed.map((t) => t.host) }, 'resuming targets caught running');
      await this.notable(resumingNote(resumed.length, pkg, this.lang));
    }
    const waves = Math.max(0, ...targets.map((t) => t.wave)) + 1;
    for (let w = 0; w < waves; w++) {
      this.wave = w;
      const inWave = targets.filter((t) => t.wave === w);
      const todo = inWave.filter((t) => t.state === 'pending' || t.state === 'running');
      if (!todo.length) continue;
      // The change policy before every wave (fresh facts) and every target (facts at most a few seconds old).
      this.halted = await this.check(
        todo.map((t) => t.host),
        true,
      );
      if (this.halted) return this.halt(this.halted);
      this.progress();
      await forEachLimited(todo, this.d.options.parallel, async (t) => {
        if (this.lease.cancelled || this.lease.lost || this.halted) return;
        const halt = await this.check([t.host]);
        if (halt) {
          this.halted ??= halt;
          return;
        }
        await this.runTarget(t, hosts.get(t.host), pkg, ssh, t.state === 'running');
      });
      await this.fold.flush();
      if (this.lease.lost) {
        this.editor?.cancel();
        this.log.warn('lease lost; another runner continues');
        return { kind: 'ran', deployment: this.d };
      }
      if (this.lease.cancelled) return this.finish('cancelled', CANCELLED_REASON);
      if (this.halted) return this.halt(this.halted);
      const c = countStates(inWave.map((t) => this.states.get(t.host)!));
      const ratio = failureRatio({ succeeded: c.succeeded, failed: c.failed, timedOut: c['timed-out'] });
      const last = w === waves - 1;
      await this.notable(
        waveDoneNote({ wave: w, waves, canary: this.d.options.canary, counts: c, size: inWave.length }, this.lang),
      );
      if (!last && ratio > this.d.options.abortFailureRatio) {
        return this.finish(
          'aborted',
          abortedReason({ wave: w, ratio, limit: this.d.options.abortFailureRatio }, this.lang),
        );
      }
      // The pilot gate: after the pilot wave it waits for a go/no-go (pilot-gate.ts posts the card).
      if (!last && w === 0 && this.d.pilot?.state === 'running') {
        await this.pause(PILOT_WAITING);
        return { kind: 'ran', deployment: this.d };
      }
    }
    return this.finish('done');
  }

  private async runTarget(
    t: TargetDoc,
    host: HostDoc | undefined,
    pkg: PackageDoc,
    ssh: SshClientOptions,
    resumed: boolean,
  ): Promise<void> {
    const ctx: AttemptContext = {
      config: this.deps.config,
      log: this.log,
      d: this.d,
      pkg,
      ssh,
      runnerId: this.runnerId,
    };
    const outcome = await attemptTarget(ctx, t, host, {
      resumed,
      // A start is its claim: the target documents take only outcomes (each updateMany scans on FerretDB 1.x);
      // who reads a deployment mid-run reads the claims (liveTargets) or the progress message.
      onStart: () => {
        this.states.set(t.host, 'running');
      },
      record: (o) => this.fold.record(o, o.state === 'succeeded' ? installedAfter(this.d, t.host) : undefined),
    });
    if (!outcome) return;
    this.states.set(t.host, outcome.state);
    t.attempts = outcome.attempt;
    this.fold.add({ host: t.host, state: outcome.state, attempts: outcome.attempt });
    this.progress();
    if (Date.now() - this.lastTouch > 1000) {
      this.lastTouch = Date.now();
      await this.touch().catch((err: Error) => this.log.warn({ err: err.message }, 'job touch failed'));
    }
  }

  private counts(): Counts {
    return countStates(this.states.values());
  }

  private progress(): void {
    this.editor?.update(renderProgress(this.d, this.counts(), { wave: this.wave, lang: this.lang }));
  }

  private async notable(text: string): Promise<void> {
    if (!this.d.progressRef) return;
    await this.deps.outbound
      .post(threadOf(this.d.progressRef), text)
      .catch((err: Error) => this.log.warn({ err: err.message }, 'progress note failed'));
  }

  /** The change policy refused the next wave or target: paused (resumable) or stopped for good. */
  private async halt(h: Halt): Promise<RunResult> {
    // Said in the deployment's language; the paused reason is stored in English, as the log has it.
    const said = { reason: sayIn(this.lang, h.said.message), fix: h.said.fix && sayIn(this.lang, h.said.fix) };
    if (h.outcome !== 'pause') return this.finish('failed', stoppedReason(said.reason, this.lang));
    const reason = h.reason;
    await this.pause(reason);
    await this.notable(pausedNote({ wave: this.wave, waves: this.d.waves, ...said, rfcKey: this.d.rfcKey }, this.lang));
    this.log.warn({ reason, rule: h.rule }, 'deployment paused by the change policy');
    return { kind: 'ran', deployment: this.d };
  }

  /** Paused, resumable: written, and the progress message says so. */
  private async pause(reason: string): Promise<void> {
    await this.lease.stop();
    await this.fold.flush();
    await recordWhileUnreachable(
      () =>
        Deployment.updateOne(
          { _id: this.deploymentId, leaseEpoch: this.epoch },
          { $set: { state: 'paused', pausedReason: reason }, $unset: { leaseUntil: '' } },
        ),
      this.log,
    );
    this.d = { ...this.d, state: 'paused', pausedReason: reason };
    await this.editor?.flush(renderProgress(this.d, this.counts(), { wave: this.wave, lang: this.lang }));
  }

  private async finish(state: DeploymentDoc['state'], reason?: string): Promise<RunResult> {
    await this.lease.stop();
    // The targets that never started are skipped, in the same write as the last states.
    for (const t of this.targets)
      if (this.states.get(t.host) === 'pending') {
        this.states.set(t.host, 'skipped');
        this.fold.add({ host: t.host, state: 'skipped', attempts: t.attempts });
      }
    await this.fold.flush();
    const endedAt = new Date();
    await recordWhileUnreachable(
      () =>
        Deployment.updateOne(
          { _id: this.deploymentId, leaseEpoch: this.epoch },
          { $set: { state, endedAt, ...(reason ? { reason } : {}) }, $unset: { leaseUntil: '' } },
        ),
      this.log,
    );
    this.d = { ...this.d, state, endedAt, reason };
    const chase = await toChaseEntries(this.targets.map((t) => ({ ...t, state: this.states.get(t.host) ?? t.state })));
    const summary = renderProgress(this.d, this.counts(), {
      lang: this.lang,
      chase,
      durationMs: endedAt.getTime() - (this.d.startedAt ?? this.d.createdAt).getTime(),
    });
    await this.editor?.flush(summary);
    await this.notable(finishedNote(summary, this.lang));
    this.log.info({ state, counts: this.counts() }, 'deployment ended');
    return { kind: 'ran', deployment: this.d, chase };
  }
}
