import type { Logger } from 'pino';
import { refusal, said } from '../i18n/refusal';
import type { JobScheduler } from '../core/job-scheduler';
import { DEPLOY_RUN_JOB } from '../core/job-names';
import type { ConversationRef, MessageRef } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import type { OutMessage } from '../chat/out-message';
import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import { claimOnceRetried } from '../db/claim-once';
import { claims } from '../db/claims';
import { nextSequence } from '../db/counter';
import type { HostDoc } from '../inventory/host.model';
import type { Person } from '../people/person';
import type { ChangePort } from './change-port';
import {
  Deployment,
  deploymentLabel,
  deploymentLabelSaid,
  ENDED_DEPLOYMENT_STATES,
  type DeploymentDoc,
  type TargetDoc,
} from './deployment.model';
import { planWaves, waveCount } from './planner';
import { countStates } from './progress';
import { renderProgress, rfcWithoutDeploymentNote, startAbandonedNote, startFailedReason } from './render-deployment';
import { newRunnerId } from './lease';
import { recordPlan, skipPending, writeTargets } from './target-book';

/**
 * Why a start failed or an RFC moved back, as recorded on the deployment and in the RFC's history: data
 * written once in English, like every stored note (what the channel reads comes from the catalog).
 */
const STORED = {
  notRecorded: (error: string) => `the deployment could not be recorded (${error})`,
  notPosted: (error: string) => `the progress message could not be posted (${error})`,
  neverStarted: (label: string, why: string) => `${label} never started: ${why}`,
  botStopped: 'the bot stopped before it said the deployment started',
  reconciled: (label?: string) => `reconciled: ${label ?? 'no deployment'} is not running`,
  deploying: (label: string, by: string) => `deploy ${label} by ${by}`,
};

export interface StartInput {
  kind: 'deploy' | 'rollback';
  rfcKey?: string;
  rfcId?: DeploymentDoc['rfcId'];
  /** The approval digest the change policy allowed this deployment for (`/deploy`). */
  approvalDigest?: string;
  rollbackOf?: DeploymentDoc['_id'];
  package: { name: string; version: string };
  emergency?: boolean;
  person: Pick<Person, 'id' | 'name'>;
  conversation: ConversationRef;
  hosts: readonly Pick<HostDoc, 'name'>[];
  targetsText: string;
  options?: Partial<DeploymentDoc['options']>;
  /** Chase policy of this deployment (default: deploy.chase), never past `chaseBound`. */
  chaseEveryMs?: number;
  chaseForMs?: number;
  chaseBound?: Date;
  /** The pilot gate: these hosts (listed first in `hosts`, wave 0) run, then it pauses for a go/no-go. */
  pilot?: { group: string; hosts: string[] };
}

export interface StartDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  outbound: OutboundPort;
  jobs: JobScheduler;
  changes: () => ChangePort | undefined;
  /**
   * Starts the runner in this process at once, with the target documents as just recorded; the job scheduled
   * beside it is the safety net (the lease decides who runs).
   */
  launch?: (id: DeploymentDoc['_id'], planned: readonly TargetDoc[]) => void;
}

/**
 * Starts a deployment in an order a crash cannot break. A `/deploy` first moves its RFC to
 * deploying (decided once per RFC step: of two `/deploy` one wins, the other is refused and
 * records nothing); then the deployment is recorded `starting`, which no runner takes; then its
 * progress message tells the user it started; only then is it `running` and its runner scheduled.
 * A start that fails anywhere is recorded `failed` (decided once against the reconcile job, by
 * the `deploy:<id>:start` claim), its RFC goes back to scheduled, and it never runs. A crash
 * between the steps leaves an RFC deploying without a deployment, or a deployment `starting`:
 * the reconcile job (`reconcileStarts`) repairs both.
 */
export async function startDeployment(deps: StartDeps, input: StartInput): Promise<DeploymentDoc> {
  const changes = deps.changes();
  const moving = input.kind === 'deploy' && input.rfcKey && changes ? changes : undefined;
  const label = `${input.package.name} ${input.package.version} to ${input.targetsText}`;
  const rfc = moving ? await moving.get(input.rfcKey!) : null;
  if (rfc?.state === 'deploying') {
    // The rest after a pilot, or a re-run: of two `/deploy` at once after the same deployment, one wins.
    await claimNext(rfc);
  } else if (moving) {
    // Only scheduled -> deploying is in the lifecycle: of two at once, the other hears "already deploying".
    await moving.transition(
      input.rfcKey!,
      'deploying',
      { personId: input.person.id },
      STORED.deploying(label, input.person.name),
      { data: { digest: input.approvalDigest } },
    );
  }
  let d: DeploymentDoc;
  let planned: TargetDoc[];
  try {
    ({ d, planned } = await record(deps, input));
  } catch (err) {
    if (moving) await moveBack(deps, input.rfcKey!, STORED.notRecorded((err as Error).message));
    throw err;
  }
  let progressRef: MessageRef;
  try {
    progressRef = await deps.outbound.post(
      input.conversation,
      renderProgress(d, countStates(input.hosts.map(() => 'pending' as const)), {
        lang: deps.config.organisation.language,
      }),
    );
  } catch (err) {
    await failStart(deps, d, STORED.notPosted((err as Error).message), Boolean(moving));
    throw refusal(
      'PRECONDITION',
      said('pre.noProgress', { label: deploymentLabelSaid(d), error: (err as Error).message }),
      said('pre.noProgressFix', { key: input.rfcKey ?? '' }),
    );
  }
  if (!(await claimOnceRetried(claims.deployStart(d._id), newRunnerId()))) {
    // The reconcile job gave up on this start meanwhile (recorded it failed): it never runs.
    throw refusal(
      'PRECONDITION',
      said('pre.startLate', { label: deploymentLabelSaid(d) }),
      said('pre.againFix', { key: input.rfcKey ?? '' }),
    );
  }
  await Deployment.updateOne({ _id: d._id, state: 'starting' }, { $set: { state: 'running', progressRef } });
  // At once rather than at the job's next poll (up to `jobs.processEvery`); the job is there if this process dies.
  deps.launch?.(d._id, planned);
  await deps.jobs.now(DEPLOY_RUN_JOB, { deploymentId: String(d._id) });
  return { ...d, state: 'running', progressRef };
}

/**
 * The one `/deploy` after an RFC's latest deployment while the RFC stays deploying: that deployment
 * ended, and within the RFC's current deploying (else another `/deploy` just moved it there, and is
 * about to record its own); of two at once, the claim decides.
 */
async function claimNext(rfc: { key: string; stateAt?: Date }): Promise<void> {
  const latest = await Deployment.findOne({ rfcKey: rfc.key, kind: 'deploy' })
    .sort({ createdAt: -1, number: -1 })
    .lean<DeploymentDoc>();
  const ours =
    latest &&
    ENDED_DEPLOYMENT_STATES.includes(latest.state) &&
    (!rfc.stateAt || latest.createdAt >= new Date(rfc.stateAt));
  if (!ours || !(await claimOnceRetried(claims.deployNext(latest._id), newRunnerId())))
    throw refusal(
      'INVALID_STATE',
      said(latest && ours ? 'pre.alreadyDeploying' : 'pre.alreadyDeployingRace', { key: rfc.key }),
      said('pilot.statusFix', { key: rfc.key }),
    );
}

/** The deployment and its targets, `starting`. */
async function record(deps: StartDeps, input: StartInput): Promise<{ d: DeploymentDoc; planned: TargetDoc[] }> {
  const cfg = deps.config.deploy;
  const options = {
    canary: input.pilot ? input.pilot.hosts.length : (input.options?.canary ?? cfg.canary),
    parallel: input.options?.parallel ?? cfg.parallel,
    waveSize: input.options?.waveSize ?? cfg.waveSize,
    abortFailureRatio: input.options?.abortFailureRatio ?? cfg.abortFailureRatio,
  };
  const names = input.hosts.map((h) => h.name);
  const waves = planWaves(names, options);
  const created = await Deployment.create({
    number: await nextSequence('deployment'),
    kind: input.kind,
    rfcKey: input.rfcKey,
    rfcId: input.rfcId,
    approvalDigest: input.approvalDigest,
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
    state: 'starting',
    cancelRequested: false,
    leaseEpoch: 0,
    completed: false,
    ...(input.pilot ? { pilot: { ...input.pilot, state: 'running' } } : {}),
    chase: {
      everyMs: input.chaseEveryMs ?? Math.round(cfg.chase.everyMinutes * 60_000),
      forMs: input.chaseForMs ?? Math.round(cfg.chase.forHours * 3600_000),
      ...(input.chaseBound ? { bound: input.chaseBound } : {}),
      active: false,
      expiredReported: false,
    },
    createdAt: deps.clock.now(),
  });
  const planned: TargetDoc[] = names.map((host, i) => ({
    deploymentId: created._id,
    host,
    wave: waves[i],
    state: 'pending',
    attempts: 0,
    dropped: false,
    chased: false,
  }));
  await recordPlan(created._id, planned);
  planned.sort((a, b) => a.wave - b.wave || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  return { d: created.toObject() as DeploymentDoc, planned };
}

async function moveBack(deps: StartDeps, rfcKey: string, why: string): Promise<boolean> {
  const changes = deps.changes();
  if (!changes) return false;
  try {
    await changes.transition(rfcKey, 'scheduled', { personId: 'opsdesk' }, why, { expectFrom: ['deploying'] });
    return true;
  } catch (err) {
    deps.log.warn({ rfc: rfcKey, err: (err as Error).message }, 'RFC not moved back after a failed start');
    return false;
  }
}

/**
 * A start that did not happen: failed for good (if this caller decides it), its RFC scheduled again. False when another
 * decided first.
 */
async function failStart(deps: StartDeps, d: DeploymentDoc, why: string, back: boolean): Promise<boolean> {
  if (!(await claimOnceRetried(claims.deployStart(d._id), newRunnerId()))) return false;
  const now = deps.clock.now();
  await Deployment.updateOne(
    { _id: d._id },
    { $set: { state: 'failed', reason: startFailedReason(why, deps.config.organisation.language), endedAt: now } },
  );
  await writeTargets(d._id, skipPending(now));
  if (back && d.rfcKey) await moveBack(deps, d.rfcKey, STORED.neverStarted(deploymentLabel(d), why));
  return true;
}

async function tell(deps: StartDeps, to: ConversationRef, msg: string | OutMessage): Promise<void> {
  await deps.outbound.post(to, msg).catch((err: Error) => deps.log.warn({ err: err.message }, 'reconcile note failed'));
}

/**
 * The reconcile job: a start older than `deploy.startTimeoutSeconds` that never said it started is
 * recorded failed (it never runs) and its RFC scheduled again; an RFC deploying whose latest
 * deployment ended or never existed is scheduled again. Each says so in the channel. Returns what it repaired.
 */
export async function reconcileStarts(deps: StartDeps): Promise<string[]> {
  const repaired: string[] = [];
  const cutoff = new Date(deps.clock.now().getTime() - deps.config.deploy.startTimeoutSeconds * 1000);
  for (const d of await Deployment.find({ state: 'starting', createdAt: { $lt: cutoff } }).lean<DeploymentDoc[]>()) {
    const rfc = d.rfcKey ? await deps.changes()?.get(d.rfcKey) : null;
    if (await failStart(deps, d, STORED.botStopped, rfc?.state === 'deploying')) {
      repaired.push(deploymentLabel(d));
      await tell(
        deps,
        d.conversation,
        startAbandonedNote(deploymentLabel(d), d.rfcKey, rfc?.state === 'deploying', deps.config.organisation.language),
      );
    }
  }
  const changes = deps.changes();
  for (const rfc of changes ? await changes.inState('deploying') : []) {
    const d = await Deployment.findOne({ rfcKey: rfc.key, kind: 'deploy' })
      .sort({ createdAt: -1, number: -1 })
      .lean<DeploymentDoc>();
    if (d && ['starting', 'running', 'paused', 'done'].includes(d.state)) continue;
    // A deployment that ended after it started moved (or kept) its RFC itself (`afterDeployEnd`).
    if (d?.startedAt) continue;
    // A `/deploy` moves its RFC to deploying just before it records the deployment: give it the start's time.
    if (rfc.stateAt && new Date(rfc.stateAt) >= cutoff) continue;
    const label = d ? deploymentLabel(d) : undefined;
    try {
      await changes!.transition(rfc.key, 'scheduled', { personId: 'opsdesk' }, STORED.reconciled(label), {
        expectFrom: ['deploying'],
      });
    } catch (err) {
      deps.log.warn({ rfc: rfc.key, err: (err as Error).message }, 'RFC not reconciled');
      continue;
    }
    repaired.push(rfc.key);
    await tell(
      deps,
      d?.conversation ?? rfc.conversation,
      rfcWithoutDeploymentNote(rfc.key, label, deps.config.organisation.language),
    );
  }
  return repaired;
}
