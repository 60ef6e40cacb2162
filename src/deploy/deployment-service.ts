import type { Logger } from 'pino';
import { refusal, said } from '../i18n/refusal';
import type { JobScheduler } from '../core/job-scheduler';
import { DEPLOY_RUN_JOB } from '../core/job-names';
import { threadOf } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import type { OutMessage } from '../chat/out-message';
import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import { claimOnceRetried } from '../db/claim-once';
import { claims } from '../db/claims';
import type { InventoryService } from '../inventory/inventory-service';
import type { PackageService } from '../packages/package-service';
import type { Person } from '../people/person';
import {
  Deployment,
  deploymentLabel,
  deploymentLabelSaid,
  deploymentStateSaid,
  ENDED_DEPLOYMENT_STATES,
  PILOT_WAITING,
  type DeploymentDoc,
  type TargetDoc,
} from './deployment.model';
import { liveStates } from './target-fold';
import { readTargets, skipPending, writeTargets } from './target-book';
import { DeployGate, haltError } from './deploy-gate';
import { DeploymentChase, type ChaseRound } from './deployment-chase';
import { reconcileStarts, startDeployment, type StartInput } from './deployment-start';
import { FreezeService } from './freezes';
import { countStates, type Counts } from './progress';
import { resumedNote } from './render-deployment';
import { PilotGate } from './pilot-gate';
import { ScheduledStarts } from './scheduled-starts';
import { completeWithExceptions, type Completed } from './complete-exceptions';
import { deploymentsSinceRollback } from './rfc-progress';
import { afterDeployEnd, checkRfcCompletion, moveRfc, type CompletionDeps } from './rfc-completion';
import type { ChangePort } from './change-port';
import { DeploymentRunner, type RunResult } from './runner';
import { chaseEntries } from './chase-entries';
import { newRunnerId } from './lease';
import { LocalRuns } from './local-runs';
import { resumeOrphans, resumeStalled } from './deployment-recovery';
import type { ChaseEntry } from './progress';

export type { StartInput } from './deployment-start';

/** Reasons and notes stored on the deployment and in the RFC's history: data written once in English. */
const STORED = {
  cancelledPaused: 'Cancelled while paused; targets not started were skipped.',
  rolledBack: (label: string, succeeded: number, total: number) =>
    `${label} ran the backout script on ${succeeded} of ${total} targets`,
  completed: (key: string, name: string) => `${key} was completed with exceptions by ${name}`,
};

export interface DeploymentServiceDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  outbound: OutboundPort;
  jobs: JobScheduler;
  inventory: InventoryService;
  packages: PackageService;
  /** The change service once built (it lives beside this one). */
  changes: () => ChangePort | undefined;
  /** Opens one incident per host left on a chase list when the policy ends (optional). */
  openIncident?: (d: DeploymentDoc, host: string, text: string) => Promise<string | undefined>;
}

/**
 * Deployments and rollbacks: create, run (through the runner, past the change policy's gate), pause and resume, cancel,
 * chase, complete.
 */
export class DeploymentService {
  readonly freezes: FreezeService;
  /** The change policy at the deployment's gate (the runner, resume, the chase). */
  readonly gate: DeployGate;
  private readonly chase: DeploymentChase;
  /** The go/no-go after a pilot (pilot-gate.ts). */
  readonly pilot: PilotGate;
  /** Starts scheduled for later, `/deploy RFC at window` (scheduled-starts.ts). */
  readonly starts: ScheduledStarts;
  /** Runs started in this process at once (`launch`): the deployment's job, when it comes, waits for its run. */
  private readonly here: LocalRuns;

  constructor(private readonly deps: DeploymentServiceDeps) {
    this.freezes = new FreezeService(deps);
    this.gate = new DeployGate({ ...deps, freezes: this.freezes });
    this.chase = new DeploymentChase({ ...deps, gate: this.gate }, this);
    this.starts = new ScheduledStarts(deps);
    this.here = new LocalRuns(deps.log);
    this.pilot = new PilotGate(deps, {
      latest: (key, kind) => this.latest(key, kind),
      note: (d, msg) => this.note(d, msg),
      ended: (d) => this.afterEnd(d),
      launch: (id) => this.launch(id),
    });
  }

  private get cfg() {
    return this.deps.config.deploy;
  }

  /**
   * Records the deployment and its targets, moves its RFC to deploying, tells the user, then schedules the runner
   * (deployment-start.ts).
   */
  start(input: StartInput): Promise<DeploymentDoc> {
    return startDeployment({ ...this.deps, launch: (id, planned) => this.launch(id, planned) }, input);
  }

  /** Waits (at most `ms`) for the runs started in this process: a stopping bot lets them end or reach a pause. */
  settle(ms: number): Promise<void> {
    return this.here.settle(ms);
  }

  /** Runs a deployment in this process now, not at the job's next poll (local-runs.ts). */
  private launch(id: DeploymentDoc['_id'], planned?: readonly TargetDoc[]): void {
    this.here.launch(id, () => this.runOnce(id, undefined, planned));
  }

  async byId(id: string | DeploymentDoc['_id']): Promise<DeploymentDoc> {
    const d = await Deployment.findById(String(id)).lean<DeploymentDoc>();
    if (!d) throw refusal('NOT_FOUND', said('dep.noId', { id: String(id) }));
    return d;
  }

  /** The latest deployment (or rollback) of an RFC. */
  async latest(rfcKey: string, kind?: DeploymentDoc['kind']): Promise<DeploymentDoc | null> {
    return Deployment.findOne({ rfcKey: String(rfcKey), ...(kind ? { kind } : {}) })
      .sort({ createdAt: -1, number: -1 })
      .lean<DeploymentDoc>();
  }

  async requireLatest(rfcKey: string, kind?: DeploymentDoc['kind']): Promise<DeploymentDoc> {
    const d = await this.latest(rfcKey, kind);
    if (!d)
      throw refusal(
        'NOT_FOUND',
        said(kind === 'rollback' ? 'dep.noneRollback' : 'dep.none', { key: rfcKey }),
        said('dep.noneFix', { key: rfcKey }),
      );
    return d;
  }

  async targets(d: Pick<DeploymentDoc, '_id'>): Promise<TargetDoc[]> {
    return readTargets(d._id);
  }

  /** The hosts where the RFC's package succeeded, across its deployments since its last rollback; sorted. */
  async received(rfcKey: string): Promise<string[]> {
    const ids = (await deploymentsSinceRollback(rfcKey)).map((d) => d._id);
    const ok = new Set<string>();
    for (const id of ids) for (const t of await readTargets(id)) if (t.state === 'succeeded') ok.add(t.host);
    return [...ok].sort();
  }

  /** A deployment not ended counts its targets as the claims and outcomes say (the documents lag a batch). */
  async counts(d: Pick<DeploymentDoc, '_id' | 'state'>): Promise<Counts> {
    const ended = ENDED_DEPLOYMENT_STATES.includes(d.state);
    return countStates((ended ? await this.targets(d) : await liveStates(d._id)).map((t) => t.state));
  }

  /**
   * The runner's job: run or resume the deployment, then complete it once (a paused one has not ended). A run this
   * process started at once is waited for instead (its result is the job's); if it failed, the job runs it.
   */
  async run(id: string, touch?: () => Promise<void>): Promise<RunResult> {
    return (await this.here.waitFor(id)) ?? this.runOnce((await this.byId(id))._id, touch);
  }

  private async runOnce(
    id: DeploymentDoc['_id'],
    touch?: () => Promise<void>,
    planned?: readonly TargetDoc[],
  ): Promise<RunResult> {
    const result = await new DeploymentRunner({ ...this.deps, gate: this.gate }, id, touch, planned).run();
    if (result.kind === 'ran' && !['running', 'paused'].includes(result.deployment.state))
      await this.afterEnd(result.deployment, result.chase);
    if (
      result.kind === 'ran' &&
      result.deployment.state === 'paused' &&
      result.deployment.pausedReason === PILOT_WAITING
    )
      await this.pilot.open(result.deployment);
    return result;
  }

  /**
   * Asks the runner to stop starting targets; it skips the rest and ends as cancelled. A paused deployment ends at
   * once.
   */
  async cancel(rfcKey: string): Promise<DeploymentDoc> {
    const d = await this.requireLatest(rfcKey);
    if (d.state !== 'running' && d.state !== 'paused')
      throw refusal(
        'INVALID_STATE',
        said('dep.nothingToCancel', { label: deploymentLabelSaid(d), state: deploymentStateSaid(d.state) }),
        said('dep.nothingToCancelFix', { key: rfcKey }),
      );
    await claimOnceRetried(claims.deployCancel(d._id), newRunnerId());
    await Deployment.updateOne({ _id: d._id }, { $set: { cancelRequested: true } });
    if (d.state === 'paused') {
      const endedAt = this.deps.clock.now();
      await writeTargets(d._id, skipPending(endedAt));
      const r = await Deployment.updateOne(
        { _id: d._id, state: 'paused' },
        { $set: { state: 'cancelled', reason: STORED.cancelledPaused, endedAt } },
      );
      if (r.modifiedCount) await this.afterEnd({ ...d, state: 'cancelled', endedAt });
    }
    return { ...d, cancelRequested: true };
  }

  /**
   * `/deploy resume`: a deployment (or its chase) the change policy paused goes on, if the policy
   * allows it now; otherwise the refusal says why. Returns the deployment.
   */
  async resume(
    rfcKey: string,
    person: Pick<Person, 'name'>,
  ): Promise<{ d: DeploymentDoc; what: 'deployment' | 'chase' }> {
    const d = await this.requireLatest(rfcKey, 'deploy');
    if (d.state === 'done' && d.chase.paused) {
      await this.chase.resume(d);
      return { d, what: 'chase' };
    }
    if (d.state !== 'paused')
      throw refusal(
        'INVALID_STATE',
        said('dep.notPaused', { label: deploymentLabelSaid(d), state: deploymentStateSaid(d.state) }),
        said('pilot.statusFix', { key: rfcKey }),
      );
    if (d.pilot?.state === 'waiting')
      throw refusal(
        'INVALID_STATE',
        said('dep.pilotWaits', { label: deploymentLabelSaid(d) }),
        said('dep.pilotWaitsFix', { key: rfcKey }),
      );
    const left = (await this.targets(d))
      .filter((t) => t.state === 'pending' || t.state === 'running')
      .map((t) => t.host);
    const halt = await this.gate.checker(d, 'wave')(left, true);
    if (halt) throw haltError(halt);
    const r = await Deployment.updateOne(
      { _id: d._id, state: 'paused' },
      { $set: { state: 'running' }, $unset: { pausedReason: '' } },
    );
    if (!r.modifiedCount) throw refusal('INVALID_STATE', said('dep.raced', { label: deploymentLabelSaid(d) }));
    await this.note(d, resumedNote(person.name, this.deps.config.organisation.language));
    this.launch(d._id);
    await this.deps.jobs.now(DEPLOY_RUN_JOB, { deploymentId: String(d._id) });
    return { d: { ...d, state: 'running' }, what: 'deployment' };
  }

  /**
   * Once per deployment end: the RFC (rolled back; deployed at the criterion over its approved targets; or where it
   * stands), then the chase schedule (never past the chase's bound).
   */
  private async afterEnd(d: DeploymentDoc, chase?: readonly ChaseEntry[]): Promise<void> {
    if (!(await claimOnceRetried(claims.deployEnded(d._id), newRunnerId()))) return;
    if (d.rfcKey && this.deps.changes()) {
      if (d.kind === 'deploy') await afterDeployEnd(this.completion, d);
      else if (d.state === 'done' && !d.targetsText.includes('(partial)')) {
        const counts = await this.counts(d);
        await moveRfc(
          this.completion,
          d,
          'rolled-back',
          STORED.rolledBack(deploymentLabel(d), counts.succeeded, d.total),
        );
      }
    }
    if (
      d.kind === 'deploy' &&
      d.state === 'done' &&
      (chase ?? (await chaseEntries(d._id))).length &&
      d.chase.everyMs > 0
    ) {
      const wanted = this.deps.clock.now().getTime() + (d.chase.forMs ?? this.cfg.chase.forHours * 3600_000);
      const until = new Date(d.chase.bound ? Math.min(wanted, new Date(d.chase.bound).getTime()) : wanted);
      await Deployment.updateOne({ _id: d._id }, { $set: { 'chase.active': true, 'chase.until': until } });
      await this.chase.schedule(d);
    }
  }

  /** What completion needs of this service. */
  private get completion(): CompletionDeps {
    return { ...this.deps, note: (d, msg) => this.note(d, msg) };
  }

  /** After a chase round: the completion criterion over the RFC again. */
  async afterChaseRound(d: DeploymentDoc): Promise<void> {
    await checkRfcCompletion(this.completion, d);
  }

  /** `deploy complete RFC --with-exceptions` (complete-exceptions.ts); the chase of the RFC stops. */
  async completeWithExceptions(rfcKey: string, person: Pick<Person, 'name'>): Promise<Completed> {
    const done = await completeWithExceptions(
      { ...this.completion, latest: (key, kind) => this.latest(key, kind) },
      rfcKey,
      person,
      this.deps.clock.now(),
    );
    await this.chase.stop(rfcKey, STORED.completed(rfcKey, person.name));
    return done;
  }

  /** A note in the deployment's thread (a failure is logged). */
  async note(d: DeploymentDoc, msg: string | OutMessage): Promise<void> {
    const to = d.progressRef ? threadOf(d.progressRef) : d.conversation;
    try {
      await this.deps.outbound.post(to, msg);
    } catch (err) {
      // Also a refusal thrown at once, e.g. the platform of the thread has no adapter in this process.
      this.deps.log.warn({ err: (err as Error).message }, 'deployment note failed');
    }
  }

  /** One chase round (deployment-chase.ts). */
  chaseRun(id: string, opts: { manual?: boolean } = {}): Promise<ChaseRound> {
    return this.chase.round(id, opts);
  }

  /**
   * Stops the chase of an RFC's latest deployment (rollback, close, cancel); the deployment's label if there was one.
   */
  stopChase(rfcKey: string, reason: string): Promise<string | undefined> {
    return this.chase.stop(rfcKey, reason);
  }

  /** `chase RFC retry HOST --yes`: an operator lets a target (an `unknown` one) run again, now. */
  chaseRetry(rfcKey: string, host: string, by: string): Promise<TargetDoc> {
    return this.chase.retryHost(rfcKey, host, by);
  }

  /** Takes a host off the chase list by hand. */
  chaseDrop(rfcKey: string, host: string): Promise<DeploymentDoc> {
    return this.chase.drop(rfcKey, host);
  }

  /**
   * The reconcile job (deployment-start.ts): starts that never said they started, RFCs deploying without a deployment.
   */
  reconcile(): Promise<string[]> {
    return reconcileStarts(this.deps);
  }

  /** Schedules the runner for every deployment still running (after a restart; the lease decides who runs). */
  resumeOrphans(): Promise<number> {
    return resumeOrphans(this.deps.jobs);
  }

  /** Running deployments nobody runs get a runner job (deployment-recovery.ts). */
  resumeStalled(): Promise<string[]> {
    return resumeStalled(this.deps.jobs, this.cfg.leaseMs);
  }
}
