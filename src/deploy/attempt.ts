import type { Logger } from 'pino';
import type { Config } from '../config/schema';
import { claimOnce, claimOwner } from '../db/claim-once';
import { claims } from '../db/claims';
import type { HostDoc } from '../inventory/host.model';
import type { PackageDoc } from '../packages/package.model';
import type { SshClientOptions } from '../ssh/ssh-session';
import type { DeploymentDoc, TargetDoc } from './deployment.model';
import { DeployOutcome, outcomeId, type OutcomeDoc } from './target-outcome.model';
import { insertOutcomes } from './target-fold';
import { recordWhileUnreachable } from './record-retry';
import { runOnHost, scriptTimeoutMs, targetEnv, type TargetOutcome } from './target-exec';

export const INTERRUPTED_ERROR =
  'interrupted while running; not run again (the package is not idempotent and has no check script)';

/**
 * A target whose run was interrupted may run again by itself: its check runs first, or the package says it is
 * idempotent.
 */
export function safeToRerun(pkg: Pick<PackageDoc, 'scripts' | 'idempotent'>): boolean {
  return pkg.scripts.check !== undefined || pkg.idempotent;
}

export interface AttemptContext {
  config: Config;
  log?: Logger;
  d: Pick<DeploymentDoc, '_id' | 'rfcKey' | 'package' | 'script'>;
  pkg: PackageDoc;
  ssh: SshClientOptions;
  runnerId: string;
}

/** An attempt's outcome with its number (the target documents take it in batches: target-fold.ts). */
export type AttemptOutcome = TargetOutcome & { attempt: number };

/**
 * One attempt on one target, decided once: attempt n of a target is claimed by a unique insert
 * (`deploy:<id>:<host>:attempt:<n>`) before anything runs, so no two runners (or a runner and the
 * chase job) run the same attempt; the claim marks the start, and the outcome is one insert by a
 * deterministic `_id` (`<id>:<host>:<n>`): no update of the target per attempt. Undefined when another
 * runner holds the attempt and has not recorded its outcome (then the recorded one is returned). A target
 * caught running by a crash (`resumed`) is checked first when the package has a check script, run again when
 * it is idempotent, and otherwise marked `unknown` without running (the script may have finished: killing
 * the bot does not stop it), unless `approved` (an operator's `chase RFC retry HOST --yes`).
 */
export async function attemptTarget(
  ctx: AttemptContext,
  t: Pick<TargetDoc, '_id' | 'host' | 'attempts'>,
  host: HostDoc | undefined,
  opts: {
    resumed?: boolean;
    check?: boolean;
    approved?: boolean;
    onStart?: (attempt: number) => void;
    /** Takes the outcome to insert in a batch (the runner's group commit); else it is inserted now. */
    record?: (outcome: OutcomeDoc) => void;
  } = {},
): Promise<AttemptOutcome | undefined> {
  const attempt = t.attempts + 1;
  const key = claims.deployAttempt(ctx.d._id, t.host, attempt);
  const id = outcomeId(ctx.d._id, t.host, attempt);
  // Retried through a database restart: a claim whose answer was lost in the outage is found ours.
  const claimed = await recordWhileUnreachable(
    async () => (await claimOnce(key, ctx.runnerId)) || (await claimOwner(key)) === ctx.runnerId,
    ctx.log,
  );
  if (!claimed) {
    const done = await DeployOutcome.findById(id).lean<OutcomeDoc>();
    return done ? { ...outcomeOfDoc(done), attempt } : undefined;
  }
  const startedAt = new Date();
  let outcome: TargetOutcome;
  if (opts.resumed && !opts.approved && !safeToRerun(ctx.pkg)) {
    outcome = { state: 'unknown', exitCode: null, error: INTERRUPTED_ERROR };
  } else if (!host) {
    outcome = { state: 'failed', exitCode: null, error: `${t.host} is no longer in the inventory` };
  } else {
    opts.onStart?.(attempt);
    const useCheck = (opts.resumed || opts.check) && ctx.d.script === 'install';
    outcome = await runOnHost(
      {
        name: host.name,
        address: host.address,
        port: host.port,
        user: host.user ?? ctx.config.deploy.ssh.user,
        hostKey: host.hostKey,
      },
      {
        script: ctx.pkg.scripts[ctx.d.script],
        check: useCheck ? ctx.pkg.scripts.check : undefined,
        env: targetEnv(ctx.d, host.name),
        timeoutMs: scriptTimeoutMs(ctx.pkg, ctx.config.deploy.ssh.commandTimeoutMs),
      },
      ctx.ssh,
    );
  }
  const doc: OutcomeDoc = {
    _id: id,
    deploymentId: ctx.d._id,
    host: t.host,
    attempt,
    state: outcome.state,
    exitCode: outcome.exitCode ?? null,
    error: outcome.error ?? null,
    output: outcome.output ?? '',
    runnerId: ctx.runnerId,
    startedAt,
    endedAt: new Date(),
  };
  if (opts.record) opts.record(doc);
  // Retried through a database restart: an insert whose answer was lost in the outage is found recorded.
  else await recordWhileUnreachable(() => insertOutcomes([doc]), ctx.log);
  return { ...outcome, attempt };
}

function outcomeOfDoc(o: OutcomeDoc): TargetOutcome {
  return {
    state: o.state as TargetOutcome['state'],
    exitCode: o.exitCode ?? null,
    ...(o.error ? { error: o.error } : {}),
    output: o.output ?? '',
  };
}
