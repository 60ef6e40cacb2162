import type { Logger } from 'pino';
import { claimOwner } from '../db/claim-once';
import { claims } from '../db/claims';
import { DeployTarget, type DeploymentDoc, type TargetDoc, type TargetState } from './deployment.model';
import { recordWhileUnreachable } from './record-retry';
import { DeployOutcome, outcomeId, type OutcomeDoc } from './target-outcome.model';

export interface FoldEntry {
  host: string;
  state: TargetState;
  attempts: number;
  /** Succeeded on a chase retry. */
  chased?: boolean;
}

/**
 * Brings the target documents up to date in batches: a target's start is its attempt claim and its
 * outcome an insert (target-outcome.model.ts); this writes their states into `deploy_targets` with one
 * `updateMany` per kind of change (state, attempt) when flushed — on each progress flush, at the end of a
 * wave and at the end — instead of two updates per target (on FerretDB 1.x each scans the collection).
 */
export class TargetFold {
  private pending = new Map<string, FoldEntry>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly deploymentId: DeploymentDoc['_id'],
    private readonly runnerId: string,
    private readonly log?: Logger,
  ) {}

  add(entry: FoldEntry): void {
    this.pending.set(entry.host, entry);
  }

  /** Writes what was added since the last flush; flushes never overlap. */
  flush(): Promise<void> {
    const batch = [...this.pending.values()];
    this.pending.clear();
    if (!batch.length) return this.chain;
    this.chain = this.chain.then(() => writeFold(this.deploymentId, this.runnerId, batch, this.log));
    return this.chain;
  }
}

async function writeFold(
  deploymentId: DeploymentDoc['_id'],
  runnerId: string,
  batch: readonly FoldEntry[],
  log?: Logger,
): Promise<void> {
  const groups = new Map<string, { entry: FoldEntry; hosts: string[] }>();
  for (const e of batch) {
    const key = `${e.state}|${e.attempts}|${e.chased ? 1 : 0}`;
    const g = groups.get(key) ?? { entry: e, hosts: [] };
    g.hosts.push(e.host);
    groups.set(key, g);
  }
  const endedAt = new Date();
  for (const { entry, hosts } of groups.values()) {
    const ended = entry.state !== 'running' && entry.state !== 'pending';
    await recordWhileUnreachable(
      () =>
        DeployTarget.updateMany(
          { deploymentId, host: { $in: hosts } },
          {
            $set: {
              state: entry.state,
              attempts: entry.attempts,
              runnerId,
              ...(ended ? { endedAt } : {}),
              ...(entry.chased ? { chased: true } : {}),
            },
          },
        ),
      log,
    );
  }
}

/**
 * A target's latest attempt from the durable facts (its claims and outcome), for a runner that takes over
 * from one that stopped before it flushed: undefined when no attempt was made after `t.attempts`; otherwise
 * the last claimed attempt and its outcome's state, or `running` when it has none (interrupted).
 */
export async function latestAttempt(
  deploymentId: DeploymentDoc['_id'],
  t: Pick<TargetDoc, 'host' | 'attempts'>,
): Promise<FoldEntry | undefined> {
  let last: number | undefined;
  for (let k = t.attempts + 1; await claimOwner(claims.deployAttempt(deploymentId, t.host, k)); k++) last = k;
  if (last === undefined) return undefined;
  const o = await DeployOutcome.findById(outcomeId(deploymentId, t.host, last)).lean<OutcomeDoc>();
  return { host: t.host, state: o?.state ?? 'running', attempts: last };
}

/**
 * The targets with what their last attempt recorded (error, exit code, output, times, runner), read by `_id`
 * one outcome each: for the few hosts a reply or a chase list shows in detail.
 */
export async function withOutcomes<T extends Pick<TargetDoc, 'deploymentId' | 'host' | 'attempts'>>(
  targets: readonly T[],
): Promise<T[]> {
  const out: T[] = [];
  for (const t of targets) {
    const o = t.attempts
      ? await DeployOutcome.findById(outcomeId(t.deploymentId, t.host, t.attempts)).lean<OutcomeDoc>()
      : null;
    out.push(
      o
        ? {
            ...t,
            exitCode: o.exitCode ?? null,
            error: o.error ?? undefined,
            output: o.output ?? '',
            startedAt: o.startedAt,
            endedAt: o.endedAt,
            runnerId: o.runnerId,
          }
        : t,
    );
  }
  return out;
}

/**
 * A deployment's targets as the durable facts say now, a batch not yet written included: the target documents,
 * each not ended brought up to its latest attempt (claims and outcomes by `_id`), with their outcomes.
 */
export async function liveTargets(deploymentId: DeploymentDoc['_id']): Promise<TargetDoc[]> {
  const targets = await DeployTarget.find({ deploymentId }).sort({ host: 1 }).lean<TargetDoc[]>();
  for (const t of targets) {
    if (t.state !== 'pending' && t.state !== 'running') continue;
    const latest = await latestAttempt(deploymentId, t);
    if (latest) Object.assign(t, { state: latest.state, attempts: latest.attempts });
  }
  return withOutcomes(targets);
}
