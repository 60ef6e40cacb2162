import type { Logger } from 'pino';
import { claimOwner } from '../db/claim-once';
import { claims } from '../db/claims';
import { allDuplicates, installedFact, recordInstalledMany, type InstalledDoc } from '../inventory/installed';
import { deploymentLabel, type DeploymentDoc, type TargetDoc, type TargetState } from './deployment.model';
import { recordWhileUnreachable } from './record-retry';
import { readTargets, writeTargets } from './target-book';
import { DeployOutcome, outcomeId, type OutcomeDoc } from './target-outcome.model';

export interface FoldEntry {
  host: string;
  state: TargetState;
  attempts: number;
  /** Succeeded on a chase retry. */
  chased?: boolean;
}

/** How long an outcome waits to be written with the others that ended meanwhile (one insert for all). */
export const OUTCOME_COMMIT_MS = 200;

/**
 * How often a runner in a long wave writes the states into the target book (else at each wave's end, pause and
 * end): each write inserts the whole list (target-book.ts), so it is paced by time, not by targets. Who needs a
 * state sooner reads the claims and outcomes (`asOfLatestAttempt`).
 */
export const TARGET_FLUSH_MS = 30_000;

/** What `host` runs after a successful attempt of `d`, for the inventory (a rollback takes the version off). */
export function installedAfter(
  d: Pick<DeploymentDoc, 'package' | 'kind' | 'rfcKey' | 'number'>,
  host: string,
): InstalledDoc {
  return installedFact({
    host,
    package: d.package.name,
    version: d.package.version,
    action: d.kind === 'rollback' ? 'backout' : 'install',
    rfcKey: d.rfcKey,
    deployment: deploymentLabel(d),
    at: new Date(),
  });
}

/**
 * A runner's writes in batches. Outcomes are inserted every `OUTCOME_COMMIT_MS` (a group commit: one `insertMany`
 * instead of an insert per target; a runner killed meanwhile leaves those targets claimed without an outcome, as if
 * the kill came while their script ran). The states go into the deployment's target book, one version inserted by
 * `_id` per flush — every `TARGET_FLUSH_MS` in a long wave, at the end of a wave and at the end — instead of two
 * updates per target (on FerretDB 1.x each update scans the collection); what the hosts now run is recorded with
 * them (installed-version facts and each package's host list).
 */
export class TargetFold {
  private pending = new Map<string, FoldEntry>();
  private outcomes: OutcomeDoc[] = [];
  private facts: InstalledDoc[] = [];
  private commitTimer?: NodeJS.Timeout;
  private committing: Promise<void> = Promise.resolve();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly deploymentId: DeploymentDoc['_id'],
    private readonly log?: Logger,
  ) {}

  add(entry: FoldEntry): void {
    this.pending.set(entry.host, entry);
  }

  /** An outcome to insert with the next batch, and what the host now runs to record at the next flush. */
  record(outcome: OutcomeDoc | undefined, installed?: InstalledDoc): void {
    if (installed) this.facts.push(installed);
    if (!outcome) return;
    this.outcomes.push(outcome);
    this.commitTimer ??= setTimeout(() => {
      this.commitTimer = undefined;
      void this.commit().catch((err: Error) => this.log?.warn({ err: err.message }, 'outcome batch failed'));
    }, OUTCOME_COMMIT_MS);
  }

  /** Inserts the outcomes recorded so far; commits never overlap. */
  commit(): Promise<void> {
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    const outcomes = this.outcomes.splice(0);
    if (!outcomes.length) return this.committing;
    this.committing = this.committing
      .catch(() => undefined)
      .then(() => recordWhileUnreachable(() => insertOutcomes(outcomes), this.log));
    return this.committing;
  }

  /**
   * Brings targets not ended in their documents up to their latest attempt (claims and outcomes by `_id`), for a
   * runner taking over from one that stopped before its last batch reached them; writes what it found.
   */
  async catchUp(targets: TargetDoc[], installed: (host: string) => InstalledDoc): Promise<void> {
    for (const t of targets) {
      if (t.state !== 'pending' && t.state !== 'running') continue;
      const latest = await latestAttempt(this.deploymentId, t);
      if (!latest) continue;
      t.state = latest.state;
      t.attempts = latest.attempts;
      this.add(latest);
      // Its outcome was written; what the host now runs may not have been.
      if (latest.state === 'succeeded') this.record(undefined, installed(t.host));
    }
    await this.flush();
  }

  /**
   * Commits the outcomes, then records what the hosts now run (the facts and each package's host list) and writes
   * the states added since the last flush; flushes never overlap. A runner stopped before its flush leaves those
   * targets pending or running in the book: the next one brings them up from their outcomes (`catchUp`), facts
   * included.
   */
  async flush(): Promise<void> {
    await this.commit();
    const batch = [...this.pending.values()];
    this.pending.clear();
    const facts = this.facts.splice(0);
    if (!batch.length && !facts.length) return this.chain;
    this.chain = this.chain
      .catch(() => undefined)
      .then(async () => {
        if (facts.length) await recordWhileUnreachable(() => recordInstalledMany(facts), this.log);
        if (batch.length) await writeFold(this.deploymentId, batch, this.log);
      });
    return this.chain;
  }
}

/** One insert for many outcomes; one already there (a retry after an outage) is the same fact. */
export async function insertOutcomes(outcomes: readonly OutcomeDoc[]): Promise<void> {
  await DeployOutcome.insertMany(outcomes, { ordered: false }).catch((err: { writeErrors?: unknown[] }) => {
    if (!allDuplicates(err)) throw err;
  });
}

async function writeFold(deploymentId: DeploymentDoc['_id'], batch: readonly FoldEntry[], log?: Logger): Promise<void> {
  const byHost = new Map(batch.map((e) => [e.host, e]));
  const endedAt = new Date();
  await recordWhileUnreachable(
    () =>
      writeTargets(deploymentId, (targets) => {
        for (const t of targets) {
          const e = byHost.get(t.host);
          if (!e) continue;
          t.state = e.state;
          t.attempts = e.attempts;
          if (e.state !== 'running' && e.state !== 'pending') t.endedAt = endedAt;
          if (e.chased) t.chased = true;
        }
        return true;
      }),
    log,
  );
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
  return withOutcomes(await liveStates(deploymentId));
}

/** The same without the outcomes' details: the states, for counts. */
export async function liveStates(deploymentId: DeploymentDoc['_id']): Promise<TargetDoc[]> {
  const targets = (await readTargets(deploymentId)).sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  const live: TargetDoc[] = [];
  for (const t of targets)
    live.push(t.state === 'pending' || t.state === 'running' ? await asOfLatestAttempt(deploymentId, t) : t);
  return live;
}

/** A target brought up to its latest attempt (claims and outcome by `_id`): its document may lag one batch. */
export async function asOfLatestAttempt<T extends Pick<TargetDoc, 'host' | 'attempts' | 'state'>>(
  deploymentId: DeploymentDoc['_id'],
  t: T,
): Promise<T> {
  const latest = await latestAttempt(deploymentId, t);
  return latest ? { ...t, state: latest.state, attempts: latest.attempts } : t;
}
