import type { Logger } from 'pino';
import { refusal, said, sayIn } from '../i18n/refusal';
import type { JobScheduler } from '../core/job-scheduler';
import { DEPLOY_CHASE_JOB } from '../core/job-names';
import type { Config } from '../config/schema';
import type { Lang } from '../i18n/languages';
import type { Clock } from '../core/clock';
import type { OutMessage } from '../chat/out-message';
import type { InventoryService } from '../inventory/inventory-service';
import type { PackageService } from '../packages/package-service';
import { forEachLimited } from '../ssh/semaphore';
import { attemptTarget, safeToRerun } from './attempt';
import type { PackageDoc } from '../packages/package.model';
import { haltError, type DeployGate, type Halt } from './deploy-gate';
import {
  CHASE_STATES,
  Deployment,
  deploymentLabel,
  deploymentLabelSaid,
  deploymentStateSaid,
  type DeploymentDoc,
  type TargetDoc,
} from './deployment.model';
import {
  chaseEndedNote,
  chaseIncidentText,
  chasePausedNote,
  chaseRecoveredNote,
  chaseStoppedNote,
} from './render-deployment';
import { chaseEntries } from './chase-entries';
import { newRunnerId } from './lease';
import { sshOptions } from './target-exec';
import { asOfLatestAttempt, installedAfter, TargetFold, withOutcomes } from './target-fold';
import { readTarget, readTargets, writeTargets } from './target-book';

/** What the chase needs of the deployment service. */
export interface ChaseHost {
  byId(id: string | DeploymentDoc['_id']): Promise<DeploymentDoc>;
  latest(rfcKey: string, kind?: DeploymentDoc['kind']): Promise<DeploymentDoc | null>;
  note(d: DeploymentDoc, msg: string | OutMessage): Promise<void>;
  afterChaseRound(d: DeploymentDoc): Promise<void>;
}

export interface ChaseDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  jobs: JobScheduler;
  inventory: InventoryService;
  packages: PackageService;
  gate: DeployGate;
  openIncident?: (d: DeploymentDoc, host: string, text: string) => Promise<string | undefined>;
}

export interface ChaseRound {
  retried: number;
  recovered: string[];
  left: string[];
  /** `unknown` targets not run: they may have run already, and nothing says running again is safe. */
  held: string[];
  /** Targets still running (an earlier round, or a `chase retry`) when this round began: left to finish. */
  running: string[];
}

/**
 * A deployment's chase list after it ended: retried every `everyMs` until the list is empty, the
 * chase's time is up (never past the end of the approved window plus the grace), or it is stopped.
 * The change policy is asked before every round: a freeze pauses it (`deploy resume` goes on), an
 * RFC that moved on (closed, cancelled, rolled back) or an approval that no longer holds stops it.
 */
export class DeploymentChase {
  constructor(
    private readonly deps: ChaseDeps,
    private readonly host: ChaseHost,
  ) {}

  /** The notes are read in the deployment's thread: the organisation's language. */
  private get lang(): Lang {
    return this.deps.config.organisation.language;
  }

  /**
   * One chase round: retries every target on the chase list (an `unknown` one only when that is safe or an
   * operator allowed it; the others are `held`); reports those that recovered; schedules the next round or ends
   * the chase. A manual round (`chase now`) never schedules: the scheduled round stays as it was.
   */
  async round(id: string, opts: { manual?: boolean } = {}): Promise<ChaseRound> {
    const d = await this.host.byId(id);
    const none = { retried: 0, recovered: [], left: [], held: [], running: [] };
    if (d.state !== 'done' || (!d.chase.active && !opts.manual)) return none;
    // A target caught running (an earlier round still at it) is neither run again nor counted failed: it finishes.
    // The target book takes only outcomes: a start is its attempt claim, so each listed target is brought up to
    // its latest attempt (reads by _id, for the few hosts of a chase list).
    const listed = (await readTargets(d._id)).filter(
      (t) => !t.dropped && (t.state === 'running' || CHASE_STATES.includes(t.state)),
    );
    const read: TargetDoc[] = [];
    for (const t of listed) {
      const now = await asOfLatestAttempt(d._id, t);
      if (now.state === 'running' || (CHASE_STATES as readonly string[]).includes(now.state)) read.push(now);
    }
    const all = read.filter((t) => t.state !== 'running');
    const running = read
      .filter((t) => t.state === 'running')
      .map((t) => t.host)
      .sort();
    const pkg = all.length ? await this.deps.packages.verified(d.package.name, d.package.version) : undefined;
    const isHeld = (t: TargetDoc) => t.state === 'unknown' && !t.retryApprovedBy && !!pkg && !safeToRerun(pkg);
    const held = all
      .filter(isHeld)
      .map((t) => t.host)
      .sort();
    const list = all.filter((t) => !isHeld(t));
    if (list.length) {
      const halt = await this.deps.gate.checker(d, 'chase')(
        list.map((t) => t.host),
        true,
      );
      if (halt) {
        if (opts.manual) throw haltError(halt);
        await this.halt(
          d,
          halt,
          all.map((t) => t.host),
        );
        return { ...none, left: all.map((t) => t.host).sort(), held, running };
      }
    }
    const recovered = pkg && list.length ? await this.retry(d, pkg, list) : [];
    // Still on the list: a target running from an earlier round is reported as running, and keeps the chase going.
    const listedNow = (await chaseEntries(d._id)).map((e) => e.host);
    const left = listedNow.filter((h) => !running.includes(h));
    if (recovered.length) await this.host.note(d, chaseRecoveredNote(d, recovered, left, this.lang));
    await this.host.afterChaseRound(d);
    if (!opts.manual) await this.next(d, listedNow);
    return { retried: list.length, recovered, left, held, running };
  }

  /** Runs the targets (check first where there is one); the hosts that succeeded, sorted. */
  private async retry(d: DeploymentDoc, pkg: PackageDoc, list: TargetDoc[]): Promise<string[]> {
    const recovered: string[] = [];
    const ssh = await sshOptions(this.deps.config.deploy);
    const hosts = new Map((await this.deps.inventory.byNames(list.map((t) => t.host))).map((h) => [h.name, h]));
    const ctx = { config: this.deps.config, d, pkg, ssh, runnerId: newRunnerId() };
    const fold = new TargetFold(d._id, this.deps.log);
    await forEachLimited(list, d.options.parallel, async (t) => {
      const outcome = await attemptTarget(ctx, t, hosts.get(t.host), { check: true });
      if (!outcome) return;
      const chased = outcome.state === 'succeeded';
      fold.add({ host: t.host, state: outcome.state, attempts: outcome.attempt, chased });
      if (!chased) return;
      recovered.push(t.host);
      // What the host now runs, as after a success in the deployment itself (versions, downgrade checks).
      fold.record(undefined, installedAfter(d, t.host));
    });
    await fold.flush();
    return recovered.sort();
  }

  /**
   * After a scheduled round, by policy: an empty list ends the chase, its time up ends it with a report (once),
   * otherwise the next round is scheduled — unless the chase was stopped meanwhile (read again).
   */
  private async next(d: DeploymentDoc, left: readonly string[]): Promise<void> {
    const fresh = await this.host.byId(d._id);
    if (!fresh.chase.active) return;
    if (!left.length) {
      await Deployment.updateOne({ _id: d._id }, { $set: { 'chase.active': false } });
    } else if (fresh.chase.until && this.deps.clock.now() >= fresh.chase.until) {
      await this.expire(fresh, [...left]);
    } else {
      await this.schedule(fresh);
    }
  }

  private async halt(d: DeploymentDoc, h: Halt, left: string[]): Promise<void> {
    if (h.outcome === 'expire') return this.expire(d, left);
    if (h.outcome === 'pause') {
      await Deployment.updateOne({ _id: d._id }, { $set: { 'chase.active': false, 'chase.paused': h.reason } });
      await this.host.note(d, chasePausedNote(sayIn(this.lang, h.said.message), d.rfcKey, this.lang));
      return;
    }
    await Deployment.updateOne({ _id: d._id }, { $set: { 'chase.active': false }, $unset: { 'chase.paused': '' } });
    await this.host.note(d, chaseStoppedNote(sayIn(this.lang, h.said.message), this.lang));
  }

  /**
   * Schedules the next round as a job of its own (`chase:<id>:<round>`): Agenda saves the job document of the
   * round that is running when its run ends, so rescheduling that document would lose the next run.
   */
  async schedule(d: Pick<DeploymentDoc, '_id' | 'chase'>): Promise<void> {
    const fresh = await Deployment.findById(d._id).lean<DeploymentDoc>();
    const round = (fresh?.chase.round ?? 0) + 1;
    await Deployment.updateOne({ _id: d._id }, { $set: { 'chase.round': round } });
    await this.deps.jobs.at(
      DEPLOY_CHASE_JOB,
      new Date(Date.now() + d.chase.everyMs),
      { deploymentId: String(d._id) },
      `chase:${String(d._id)}:${round}`,
    );
  }

  /** The chase's time is up: it ends, and says so once (a second round reaching it finds it reported). */
  private async expire(d: DeploymentDoc, left: string[]): Promise<void> {
    const r = await Deployment.updateOne(
      { _id: d._id, 'chase.expiredReported': { $ne: true } },
      { $set: { 'chase.active': false, 'chase.expiredReported': true } },
    );
    if (!r.modifiedCount) return;
    const incidents: string[] = [];
    if (this.deps.config.deploy.chase.openIncidents && this.deps.openIncident) {
      for (const host of left) {
        const found = await readTarget(d._id, host);
        const [t] = found ? await withOutcomes([found]) : [undefined];
        const key = await this.deps.openIncident(d, host, chaseIncidentText(d, host, t ?? null));
        if (key) incidents.push(key);
      }
    }
    await this.host.note(d, chaseEndedNote(left, incidents, this.lang));
  }

  /**
   * Stops the chase of an RFC's latest deployment (a rollback, the RFC closed or cancelled), with a
   * note in its thread. The deployment's label when there was a chase to stop.
   */
  async stop(rfcKey: string, reason: string): Promise<string | undefined> {
    const d = await this.host.latest(rfcKey, 'deploy');
    if (!d || (!d.chase.active && !d.chase.paused)) return undefined;
    await Deployment.updateOne({ _id: d._id }, { $set: { 'chase.active': false }, $unset: { 'chase.paused': '' } });
    await this.host.note(d, chaseStoppedNote(reason, this.lang));
    return deploymentLabel(d);
  }

  /** A paused chase goes on, if the change policy allows it now. */
  async resume(d: DeploymentDoc): Promise<void> {
    const left = (await chaseEntries(d._id)).map((e) => e.host);
    const halt = left.length ? await this.deps.gate.checker(d, 'chase')(left, true) : undefined;
    if (halt) throw haltError(halt);
    await Deployment.updateOne(
      { _id: d._id, 'chase.paused': { $exists: true } },
      { $set: { 'chase.active': true }, $unset: { 'chase.paused': '' } },
    );
    await this.schedule(d);
  }

  /**
   * `chase RFC retry HOST --yes`: an operator allows a target on the chase list (an `unknown` one above all) to
   * run again, and it runs now, past the change policy. The target's state after the run.
   */
  async retryHost(rfcKey: string, host: string, by: string): Promise<TargetDoc> {
    const d = await this.host.latest(rfcKey, 'deploy');
    const name = String(host).toLowerCase();
    const t = d ? await readTarget(d._id, name) : undefined;
    if (!d || !t || t.dropped || !CHASE_STATES.includes(t.state))
      throw refusal(
        'NOT_FOUND',
        said('chase.notListed', { host, key: rfcKey }),
        said('chase.listFix', { key: rfcKey }),
      );
    if (d.state !== 'done')
      throw refusal(
        'INVALID_STATE',
        said('chase.notEnded', { label: deploymentLabelSaid(d), state: deploymentStateSaid(d.state) }),
      );
    const halt = await this.deps.gate.checker(d, 'chase')([name], true);
    if (halt) throw haltError(halt);
    await writeTargets(d._id, (targets) => {
      const mine = targets.find((x) => x.host === name);
      if (mine) mine.retryApprovedBy = by;
      return !!mine;
    });
    const pkg = await this.deps.packages.verified(d.package.name, d.package.version);
    const recovered = await this.retry(d, pkg, [{ ...t, retryApprovedBy: by }]);
    if (recovered.length)
      await this.host.note(
        d,
        chaseRecoveredNote(
          d,
          recovered,
          (await chaseEntries(d._id)).map((e) => e.host),
          this.lang,
        ),
      );
    await this.host.afterChaseRound(d);
    return (await withOutcomes([(await readTarget(d._id, name)) ?? t]))[0];
  }

  /** Takes a host off the chase list by hand. */
  async drop(rfcKey: string, host: string): Promise<DeploymentDoc> {
    const d = await this.host.latest(rfcKey);
    if (!d) throw refusal('NOT_FOUND', said('dep.none', { key: rfcKey }), said('dep.noneFix', { key: rfcKey }));
    const name = String(host).toLowerCase();
    let listed = false;
    await writeTargets(d._id, (targets) => {
      const t = targets.find((x) => x.host === name && CHASE_STATES.includes(x.state));
      listed = !!t;
      if (!t || t.dropped) return false;
      t.dropped = true;
      return true;
    });
    if (!listed)
      throw refusal(
        'NOT_FOUND',
        said('chase.notListed', { host, key: rfcKey }),
        said('chase.listFix', { key: rfcKey }),
      );
    // A dropped host leaves the RFC's total: the criterion may hold now.
    await this.host.afterChaseRound(d);
    return d;
  }
}
