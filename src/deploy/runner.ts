import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { threadOf } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import type { Config } from '../config/schema';
import type { Lang } from '../i18n/languages';
import { Claim, claimOnce, claimOwner } from '../db/claim-once';
import { claims } from '../db/claims';
import type { InventoryService } from '../inventory/inventory-service';
import { installedFact, type InstalledDoc } from '../inventory/installed';
import type { HostDoc } from '../inventory/host.model';
import type { PackageService } from '../packages/package-service';
import type { PackageDoc } from '../packages/package.model';
import { forEachLimited } from '../ssh/semaphore';
import type { SshClientOptions } from '../ssh/ssh-session';
import {
  CHASE_STATES,
  Deployment,
  deploymentLabel,
  DeployTarget,
  PILOT_WAITING,
  type DeploymentDoc,
  type TargetDoc,
  type TargetState,
} from './deployment.model';
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
import { latestAttempt, TargetFold, withOutcomes } from './target-fold';

export interface RunnerDeps {
  config: Config;
  log: Logger;
  outbound: OutboundPort;
  inventory: InventoryService;
  packages: PackageService;
  /** The change policy's gate, asked before every wave and every target. */
  gate: DeployGate;
}

export type RunResult =
  { kind: 'ran'; deployment: DeploymentDoc } | { kind: 'busy'; leaseUntil: Date } | { kind: 'not-running' };

/** A process-unique runner id: host, pid and a random part. */
export function newRunnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * The lease on a deployment: epoch e+1 is taken by whoever inserts the claim `deploy:<id>:lease:<e+1>`
 * first (a unique insert, atomic on MongoDB and FerretDB alike), and only when the lease of epoch e
 * has expired. The holder renews `leaseUntil`; a runner that finds the epoch moved on stops.
 */
export async function acquireLease(
  id: DeploymentDoc['_id'],
  runnerId: string,
  leaseMs: number,
): Promise<{ ok: true; epoch: number; doc: DeploymentDoc } | { ok: false; doc?: DeploymentDoc }> {
  const doc = await Deployment.findById(id).lean<DeploymentDoc>();
  if (!doc || doc.state !== 'running') return { ok: false, doc: doc ?? undefined };
  const now = Date.now();
  if (doc.leaseUntil && doc.leaseUntil.getTime() > now && doc.runnerId !== runnerId) return { ok: false, doc };
  // A claimant that died between its claim and writing the lease leaves an epoch taken but never
  // written: once that claim is older than a lease, the next epoch is tried (a few at most).
  let epoch = doc.leaseEpoch + 1;
  for (;;) {
    const key = claims.deployLease(id, epoch);
    if (await claimOnce(key, runnerId)) break;
    const taken = await Claim.findById(key).lean<{ at: Date }>();
    if (!taken || now - new Date(taken.at).getTime() < leaseMs || epoch >= doc.leaseEpoch + 5)
      return { ok: false, doc };
    epoch++;
  }
  const leaseUntil = new Date(now + leaseMs);
  await Deployment.updateOne(
    { _id: id },
    { $set: { runnerId, leaseEpoch: epoch, leaseUntil, ...(doc.startedAt ? {} : { startedAt: new Date(now) }) } },
  );
  return { ok: true, epoch, doc: { ...doc, runnerId, leaseEpoch: epoch, leaseUntil } };
}

/**
 * Runs (or resumes) one deployment: waves, bounded parallelism, per-target claims, abort, cancel, progress and summary.
 */
export class DeploymentRunner {
  private readonly runnerId = newRunnerId();
  private epoch = 0;
  private lostLease = false;
  private cancelled = false;
  private states = new Map<string, TargetState>();
  private d!: DeploymentDoc;
  private editor?: CoalescedEditor;
  private lastTouch = 0;
  private wave = 0;
  private halted?: Halt;
  private check!: (hosts: readonly string[], fresh?: boolean) => Promise<Halt | undefined>;
  private renewTimer?: NodeJS.Timeout;
  private fold!: TargetFold;
  private foldTimer?: NodeJS.Timeout;
  private renewing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: RunnerDeps,
    private readonly deploymentId: DeploymentDoc['_id'],
    private readonly touch: () => Promise<void> = async () => undefined,
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
    this.fold = new TargetFold(this.deploymentId, this.runnerId, this.log);
    // The target documents take the outcomes in batches, at the progress message's pace.
    this.foldTimer = setInterval(
      () => void this.fold.flush().catch((err: Error) => this.log.warn({ err: err.message }, 'target fold failed')),
      Math.max(500, cfg.progressEditMs),
    );
    this.check = this.deps.gate.checker(this.d, 'wave');
    this.cancelled = this.d.cancelRequested || (await claimOwner(claims.deployCancel(this.deploymentId))) !== undefined;
    this.renewTimer = setInterval(
      () => {
        this.renewing = this.renew();
      },
      Math.max(200, Math.floor(cfg.leaseMs / 3)),
    );
    try {
      return await this.runHeld();
    } finally {
      clearInterval(this.renewTimer);
      clearInterval(this.foldTimer);
    }
  }

  /**
   * Stops renewing the lease and waits for a renewal in flight, before the deployment's state is written (FerretDB
   * writes whole documents).
   */
  private async stopRenewing(): Promise<void> {
    clearInterval(this.renewTimer);
    await this.renewing;
  }

  private async renew(): Promise<void> {
    try {
      const doc = await Deployment.findOneAndUpdate(
        { _id: this.deploymentId, leaseEpoch: this.epoch },
        { $set: { leaseUntil: new Date(Date.now() + this.deps.config.deploy.leaseMs) } },
        // No projection: FerretDB 1.x's findAndModify does not implement `fields`.
        { returnDocument: 'after' },
      ).lean<Pick<DeploymentDoc, 'cancelRequested'>>();
      if (!doc) this.lostLease = true;
      else if (doc.cancelRequested || (await claimOwner(claims.deployCancel(this.deploymentId))) !== undefined)
        this.cancelled = true;
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'lease renewal failed');
    }
  }

  private async runHeld(): Promise<RunResult> {
    const targets = await DeployTarget.find({ deploymentId: this.deploymentId })
      .sort({ wave: 1, host: 1 })
      .lean<TargetDoc[]>();
    // A runner before this one may have stopped before its last batch reached the target documents.
    if (this.epoch > 1) await this.catchUp(targets);
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
      return this.finish('failed', nothingRanReason((err as Error).message, this.lang));
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
        if (this.cancelled || this.lostLease || this.halted) return;
        const halt = await this.check([t.host]);
        if (halt) {
          this.halted ??= halt;
          return;
        }
        await this.runTarget(t, hosts.get(t.host), pkg, ssh, t.state === 'running');
      });
      await this.fold.flush();
      if (this.lostLease) {
        this.editor?.cancel();
        this.log.warn('lease lost; another runner continues');
        return { kind: 'ran', deployment: this.d };
      }
      if (this.cancelled) return this.finish('cancelled', CANCELLED_REASON);
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
      record: (o) => this.fold.record(o, o.state === 'succeeded' ? this.installed(t.host) : undefined),
    });
    if (!outcome) return;
    this.states.set(t.host, outcome.state);
    this.fold.add({ host: t.host, state: outcome.state, attempts: outcome.attempt });
    this.progress();
    if (Date.now() - this.lastTouch > 1000) {
      this.lastTouch = Date.now();
      await this.touch().catch((err: Error) => this.log.warn({ err: err.message }, 'job touch failed'));
    }
  }

  /** Targets not ended in their documents: their latest attempt from the claims and outcomes (by `_id`). */
  private async catchUp(targets: TargetDoc[]): Promise<void> {
    for (const t of targets) {
      if (t.state !== 'pending' && t.state !== 'running') continue;
      const latest = await latestAttempt(this.deploymentId, t);
      if (!latest) continue;
      t.state = latest.state;
      t.attempts = latest.attempts;
      this.fold.add(latest);
      // Its outcome was written; what the host now runs may not have been.
      if (latest.state === 'succeeded') this.fold.record(undefined, this.installed(t.host));
    }
    await this.fold.flush();
  }

  /** The inventory's record of what the host now runs (a rollback takes the version off). */
  private installed(host: string): InstalledDoc {
    return installedFact({
      host,
      package: this.d.package.name,
      version: this.d.package.version,
      action: this.d.kind === 'rollback' ? 'backout' : 'install',
      rfcKey: this.d.rfcKey,
      deployment: deploymentLabel(this.d),
      at: new Date(),
    });
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
    if (h.outcome !== 'pause') return this.finish('failed', stoppedReason(h.reason, this.lang));
    const reason = h.reason;
    await this.pause(reason);
    await this.notable(
      pausedNote({ wave: this.wave, waves: this.d.waves, reason, fix: h.fix, rfcKey: this.d.rfcKey }, this.lang),
    );
    this.log.warn({ reason, rule: h.rule }, 'deployment paused by the change policy');
    return { kind: 'ran', deployment: this.d };
  }

  /** Paused, resumable: written, and the progress message says so. */
  private async pause(reason: string): Promise<void> {
    await this.stopRenewing();
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
    await this.stopRenewing();
    await this.fold.flush();
    await recordWhileUnreachable(
      () =>
        DeployTarget.updateMany(
          { deploymentId: this.deploymentId, state: 'pending' },
          { $set: { state: 'skipped', endedAt: new Date() } },
        ),
      this.log,
    );
    for (const [h, s] of this.states) if (s === 'pending') this.states.set(h, 'skipped');
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
    const chase = await chaseEntries(this.deploymentId);
    const summary = renderProgress(this.d, this.counts(), {
      lang: this.lang,
      chase,
      durationMs: endedAt.getTime() - (this.d.startedAt ?? this.d.createdAt).getTime(),
    });
    await this.editor?.flush(summary);
    await this.notable(finishedNote(summary, this.lang));
    this.log.info({ state, counts: this.counts() }, 'deployment ended');
    return { kind: 'ran', deployment: this.d };
  }
}

/** Failed, unreachable, changed-key and timed-out targets not dropped by hand. */
export async function chaseEntries(deploymentId: DeploymentDoc['_id']): Promise<ChaseEntry[]> {
  const list = await DeployTarget.find({ deploymentId, state: { $in: [...CHASE_STATES] }, dropped: false })
    .sort({ host: 1 })
    .lean<TargetDoc[]>();
  return (await withOutcomes(list)).map((t) => ({ host: t.host, state: t.state, error: t.error ?? undefined }));
}
