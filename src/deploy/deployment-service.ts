import type { Logger } from 'pino';
import { invalidState, notFound } from '../core/errors';
import type { JobScheduler } from '../core/job-scheduler';
import { DEPLOY_CHASE_JOB, DEPLOY_RUN_JOB } from '../core/job-names';
import { threadOf, type ConversationRef } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import type { OutMessage } from '../chat/out-message';
import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import { claimOnce } from '../db/claim-once';
import { claims } from '../db/claims';
import { nextSequence } from '../db/counter';
import type { HostDoc } from '../inventory/host.model';
import type { InventoryService } from '../inventory/inventory-service';
import type { PackageService } from '../packages/package-service';
import type { Person } from '../people/person';
import { forEachLimited } from '../ssh/semaphore';
import { CHASE_STATES, Deployment, deploymentLabel, DeployTarget, type DeploymentDoc, type TargetDoc } from './deployment.model';
import { FreezeService } from './freezes';
import { planWaves, waveCount } from './planner';
import { countStates, type Counts } from './progress';
import { chaseEndedNote, chaseIncidentText, chaseRecoveredNote, completionNote, renderProgress } from './render-deployment';
import type { ChangePort } from './change-port';
import { attemptTarget, chaseEntries, DeploymentRunner, newRunnerId, type RunResult } from './runner';
import { sshOptions } from './target-exec';

/** The unique key of the one pending watchdog run of a deployment. */
export function deployWatchKey(id: DeploymentDoc['_id'] | string): string {
  return `deploy-watch:${String(id)}`;
}


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

export interface StartInput {
  kind: 'deploy' | 'rollback';
  rfcKey?: string;
  rollbackOf?: DeploymentDoc['_id'];
  package: { name: string; version: string };
  emergency?: boolean;
  person: Pick<Person, 'id' | 'name'>;
  conversation: ConversationRef;
  hosts: readonly Pick<HostDoc, 'name'>[];
  targetsText: string;
  options?: Partial<DeploymentDoc['options']>;
  /** Chase policy of this deployment (default: deploy.chase). */
  chaseEveryMs?: number;
  chaseForMs?: number;
}

/** Deployments and rollbacks: create, run (through the runner), cancel, chase, complete. */
export class DeploymentService {
  readonly freezes: FreezeService;

  constructor(private readonly deps: DeploymentServiceDeps) {
    this.freezes = new FreezeService(deps);
  }

  private get cfg() {
    return this.deps.config.deploy;
  }

  /** Records the deployment and its targets, posts the progress message and schedules the runner. */
  async start(input: StartInput): Promise<DeploymentDoc> {
    const options = {
      canary: input.options?.canary ?? this.cfg.canary,
      parallel: input.options?.parallel ?? this.cfg.parallel,
      waveSize: input.options?.waveSize ?? this.cfg.waveSize,
      abortFailureRatio: input.options?.abortFailureRatio ?? this.cfg.abortFailureRatio,
    };
    const names = input.hosts.map((h) => h.name);
    const waves = planWaves(names, options);
    const number = await nextSequence('deployment');
    const created = await Deployment.create({
      number,
      kind: input.kind,
      rfcKey: input.rfcKey,
      rollbackOf: input.rollbackOf,
      package: input.package,
      script: input.kind === 'rollback' ? 'backout' : 'install',
      emergency: input.emergency ?? false,
      requestedBy: input.person.id,
      requestedByName: input.person.name,
      conversation: input.conversation,
      targetsText: input.targetsText,
      total: names.length,
      waves: waveCount(waves),
      options,
      state: 'running',
      cancelRequested: false,
      leaseEpoch: 0,
      completed: false,
      chase: {
        everyMs: input.chaseEveryMs ?? Math.round(this.cfg.chase.everyMinutes * 60_000),
        forMs: input.chaseForMs ?? Math.round(this.cfg.chase.forHours * 3600_000),
        active: false,
        expiredReported: false,
      },
      createdAt: this.deps.clock.now(),
    });
    await DeployTarget.insertMany(names.map((host, i) => ({ deploymentId: created._id, host, wave: waves[i], state: 'pending', attempts: 0, dropped: false, chased: false })));
    const d = created.toObject() as DeploymentDoc;
    const ref = await this.deps.outbound.post(input.conversation, renderProgress(d, countStates(names.map(() => 'pending' as const))));
    await Deployment.updateOne({ _id: d._id }, { $set: { progressRef: ref } });
    await this.deps.jobs.now(DEPLOY_RUN_JOB, { deploymentId: String(d._id) });
    return { ...d, progressRef: ref };
  }

  async byId(id: string | DeploymentDoc['_id']): Promise<DeploymentDoc> {
    const d = await Deployment.findById(String(id)).lean<DeploymentDoc>();
    if (!d) throw notFound(`There is no deployment ${String(id)}.`);
    return d;
  }

  /** The latest deployment (or rollback) of an RFC. */
  async latest(rfcKey: string, kind?: DeploymentDoc['kind']): Promise<DeploymentDoc | null> {
    return Deployment.findOne({ rfcKey: String(rfcKey), ...(kind ? { kind } : {}) }).sort({ createdAt: -1, number: -1 }).lean<DeploymentDoc>();
  }

  async requireLatest(rfcKey: string, kind?: DeploymentDoc['kind']): Promise<DeploymentDoc> {
    const d = await this.latest(rfcKey, kind);
    if (!d) throw notFound(`${rfcKey} has no ${kind ?? 'deployment'} yet.`, `Start one with \`deploy ${rfcKey}\`.`);
    return d;
  }

  async targets(d: Pick<DeploymentDoc, '_id'>): Promise<TargetDoc[]> {
    return DeployTarget.find({ deploymentId: d._id }).sort({ wave: 1, host: 1 }).lean<TargetDoc[]>();
  }

  async counts(d: Pick<DeploymentDoc, '_id'>): Promise<Counts> {
    return countStates((await this.targets(d)).map((t) => t.state));
  }

  /** The runner's job: run or resume the deployment, then complete it once. */
  async run(id: string, touch?: () => Promise<void>): Promise<RunResult> {
    const result = await new DeploymentRunner(this.deps, (await this.byId(id))._id, touch).run();
    if (result.kind === 'ran' && result.deployment.state !== 'running') await this.afterEnd(result.deployment);
    return result;
  }

  /** Asks the runner to stop starting targets; it skips the rest and ends as cancelled. */
  async cancel(rfcKey: string): Promise<DeploymentDoc> {
    const d = await this.requireLatest(rfcKey);
    if (d.state !== 'running') throw invalidState(`${deploymentLabel(d)} is ${d.state}; there is nothing to cancel.`);
    await claimOnce(claims.deployCancel(d._id), newRunnerId());
    await Deployment.updateOne({ _id: d._id }, { $set: { cancelRequested: true } });
    return { ...d, cancelRequested: true };
  }

  /** Once per deployment end: RFC state, completion, chase schedule. */
  private async afterEnd(d: DeploymentDoc): Promise<void> {
    if (!(await claimOnce(claims.deployEnded(d._id), newRunnerId()))) return;
    const changes = this.deps.changes();
    const counts = await this.counts(d);
    if (d.rfcKey && changes) {
      if (d.state !== 'done' && d.kind === 'deploy') {
        await this.moveRfc(d, 'scheduled', `${deploymentLabel(d)} ${d.state}: ${d.reason ?? ''}`.trim());
      } else if (d.kind === 'rollback' && d.state === 'done' && !d.targetsText.includes('(partial)')) {
        await this.moveRfc(d, 'rolled-back', `${deploymentLabel(d)} ran the backout script on ${counts.succeeded} of ${d.total} targets`);
      }
    }
    await this.checkCompletion(d, counts);
    if (d.state === 'done' && (await chaseEntries(d._id)).length && d.chase.everyMs > 0) {
      const until = new Date(this.deps.clock.now().getTime() + (d.chase.forMs ?? this.cfg.chase.forHours * 3600_000));
      await Deployment.updateOne({ _id: d._id }, { $set: { 'chase.active': true, 'chase.until': until } });
      await this.scheduleChase(d);
    }
  }

  private async scheduleChase(d: DeploymentDoc): Promise<void> {
    await this.deps.jobs.at(DEPLOY_CHASE_JOB, new Date(Date.now() + d.chase.everyMs), { deploymentId: String(d._id) }, `chase:${String(d._id)}`);
  }

  private async moveRfc(d: DeploymentDoc, to: string, reason: string): Promise<boolean> {
    const changes = this.deps.changes();
    if (!changes || !d.rfcKey) return false;
    try {
      await changes.transition(d.rfcKey, to as never, { personId: 'opsdesk' }, reason);
      return true;
    } catch (err) {
      this.deps.log.warn({ rfc: d.rfcKey, to, err: (err as Error).message }, 'RFC not moved');
      return false;
    }
  }

  /** At the completion criterion the RFC becomes deployed and the post-deployment review is asked for (once). */
  private async checkCompletion(d: DeploymentDoc, counts: Counts): Promise<void> {
    if (d.kind !== 'deploy' || d.state !== 'done' || !d.total) return;
    const ratio = counts.succeeded / d.total;
    if (ratio < this.cfg.completionRatio) return;
    if (!(await claimOnce(claims.deployCompleted(d._id), newRunnerId()))) return;
    await Deployment.updateOne({ _id: d._id }, { $set: { completed: true } });
    const pct = Math.round(ratio * 100);
    const moved = await this.moveRfc(d, 'deployed', `${pct}% of ${d.total} targets succeeded (criterion ${Math.round(this.cfg.completionRatio * 100)}%)`);
    await this.note(d, completionNote(d, { succeeded: counts.succeeded, pct, deployed: moved }));
  }

  private async note(d: DeploymentDoc, msg: string | OutMessage): Promise<void> {
    const to = d.progressRef ? threadOf(d.progressRef) : d.conversation;
    await this.deps.outbound.post(to, msg).catch((err: Error) => this.deps.log.warn({ err: err.message }, 'deployment note failed'));
  }

  /** One chase round: retries every target on the chase list; reports those that recovered; reschedules or ends the policy. */
  async chaseRun(id: string, opts: { manual?: boolean } = {}): Promise<{ retried: number; recovered: string[]; left: string[] }> {
    const d = await this.byId(id);
    if (d.state !== 'done' || (!d.chase.active && !opts.manual)) return { retried: 0, recovered: [], left: [] };
    const list = await DeployTarget.find({ deploymentId: d._id, state: { $in: [...CHASE_STATES] }, dropped: false }).lean<TargetDoc[]>();
    const recovered: string[] = [];
    if (list.length) {
      const pkg = await this.deps.packages.verified(d.package.name, d.package.version);
      const ssh = await sshOptions(this.cfg);
      const hosts = new Map((await this.deps.inventory.byNames(list.map((t) => t.host))).map((h) => [h.name, h]));
      const ctx = { config: this.deps.config, d, pkg, ssh, runnerId: newRunnerId() };
      await forEachLimited(list, d.options.parallel, async (t) => {
        const outcome = await attemptTarget(ctx, t, hosts.get(t.host), { check: true });
        if (outcome?.state === 'succeeded') {
          await DeployTarget.updateOne({ _id: t._id }, { $set: { chased: true } });
          recovered.push(t.host);
        }
      });
    }
    recovered.sort();
    const left = (await chaseEntries(d._id)).map((e) => e.host);
    if (recovered.length) await this.note(d, chaseRecoveredNote(recovered, left));
    await this.checkCompletion(d, await this.counts(d));
    const now = this.deps.clock.now();
    if (!left.length) {
      await Deployment.updateOne({ _id: d._id }, { $set: { 'chase.active': false } });
    } else if (d.chase.until && now >= d.chase.until) {
      await this.expireChase(d, left);
    } else if (d.chase.active) {
      await this.scheduleChase(d);
    }
    return { retried: list.length, recovered, left };
  }

  private async expireChase(d: DeploymentDoc, left: string[]): Promise<void> {
    await Deployment.updateOne({ _id: d._id }, { $set: { 'chase.active': false, 'chase.expiredReported': true } });
    const incidents: string[] = [];
    if (this.cfg.chase.openIncidents && this.deps.openIncident) {
      for (const host of left) {
        const t = await DeployTarget.findOne({ deploymentId: d._id, host }).lean<TargetDoc>();
        const key = await this.deps.openIncident(d, host, chaseIncidentText(d, host, t));
        if (key) incidents.push(key);
      }
    }
    await this.note(d, chaseEndedNote(left, incidents));
  }

  /** Takes a host off the chase list by hand. */
  async chaseDrop(rfcKey: string, host: string): Promise<DeploymentDoc> {
    const d = await this.requireLatest(rfcKey);
    const r = await DeployTarget.updateOne({ deploymentId: d._id, host: String(host).toLowerCase(), state: { $in: [...CHASE_STATES] } }, { $set: { dropped: true } });
    if (!r.matchedCount) throw notFound(`${host} is not on the chase list of ${rfcKey}.`, `Type \`chase ${rfcKey} list\`.`);
    return d;
  }

  /** Schedules the runner for every deployment still running (after a restart; the lease decides who runs). */
  async resumeOrphans(): Promise<number> {
    const running = await Deployment.find({ state: 'running' }).lean<DeploymentDoc[]>();
    for (const d of running) await this.deps.jobs.now(DEPLOY_RUN_JOB, { deploymentId: String(d._id) });
    return running.length;
  }

  /**
   * Running deployments that nobody runs: the lease expired more than a lease ago (or was never
   * taken, a lease after creation). Each gets a runner job now, under the same unique key as the
   * busy watchdog, so repeated checks replace rather than pile up. The lease still decides who runs.
   */
  async resumeStalled(): Promise<string[]> {
    const cutoff = Date.now() - this.cfg.leaseMs;
    const running = await Deployment.find({ state: 'running' }).lean<DeploymentDoc[]>();
    const stalled = running.filter((d) => (d.leaseUntil ?? d.createdAt).getTime() < cutoff);
    for (const d of stalled) await this.deps.jobs.at(DEPLOY_RUN_JOB, new Date(), { deploymentId: String(d._id) }, deployWatchKey(d._id));
    return stalled.map((d) => String(d._id));
  }
}
