import type { Logger } from 'pino';
import type { OutMessage } from '../chat/out-message';
import type { ChangeState } from '../changes/change-lifecycle';
import type { Config } from '../config/schema';
import { claimOnceRetried } from '../db/claim-once';
import { claims } from '../db/claims';
import type { InventoryService } from '../inventory/inventory-service';
import type { ChangePort } from './change-port';
import { Deployment, deploymentLabel, ENDED_DEPLOYMENT_STATES, type DeploymentDoc } from './deployment.model';
import { completionNote, belowCriterionNote } from './render-deployment';
import { rfcProgress, type RfcProgress } from './rfc-progress';
import { newRunnerId } from './lease';

export interface CompletionDeps {
  config: Config;
  log: Logger;
  inventory: InventoryService;
  changes: () => ChangePort | undefined;
  note(d: DeploymentDoc, msg: string | OutMessage): Promise<void>;
}

/** Moves the RFC of a deployment (a refusal is logged: another step may have moved it first). */
export async function moveRfc(
  deps: CompletionDeps,
  d: DeploymentDoc,
  to: ChangeState,
  reason: string,
): Promise<boolean> {
  const changes = deps.changes();
  if (!changes || !d.rfcKey) return false;
  try {
    await changes.transition(d.rfcKey, to, { personId: 'opsdesk' }, reason);
    return true;
  } catch (err) {
    deps.log.warn({ rfc: d.rfcKey, to, err: (err as Error).message }, 'RFC not moved');
    return false;
  }
}

/** The RFC's progress over its approved targets, when it is deploying (else undefined). */
export async function deployingProgress(deps: CompletionDeps, d: DeploymentDoc): Promise<RfcProgress | undefined> {
  const rfc = d.rfcKey ? await deps.changes()?.get(d.rfcKey) : undefined;
  if (!rfc || rfc.state !== 'deploying') return undefined;
  return rfcProgress(deps.inventory, rfc);
}

/**
 * The completion criterion over the RFC's approved targets, across all its deployments: once it
 * holds (after a deployment ended or a chase round), the RFC becomes deployed and the
 * post-deployment review is asked for, once. True when it holds.
 */
export async function checkRfcCompletion(deps: CompletionDeps, d: DeploymentDoc): Promise<boolean> {
  if (d.kind !== 'deploy' || !ENDED_DEPLOYMENT_STATES.includes(d.state)) return false;
  const p = await deployingProgress(deps, d);
  if (!p?.total) return false;
  const ratio = p.succeeded.length / p.total;
  const criterion = deps.config.deploy.completionRatio;
  if (ratio < criterion) return false;
  if (!(await claimOnceRetried(claims.deployCompleted(d._id), newRunnerId()))) return true;
  await Deployment.updateOne({ _id: d._id }, { $set: { completed: true } });
  const pct = Math.round(ratio * 100);
  const moved = await moveRfc(
    deps,
    d,
    'deployed',
    `${pct}% of ${p.total} approved targets succeeded (criterion ${Math.round(criterion * 100)}%)`,
  );
  await deps.note(
    d,
    completionNote(
      d,
      { succeeded: p.succeeded.length, total: p.total, pct, deployed: moved },
      deps.config.organisation.language,
    ),
  );
  return true;
}

/**
 * A deployment of an RFC ended (once): the criterion over the RFC, or else where the RFC stands
 * and the ways on. A deployment that did not end `done` puts the RFC back to scheduled only when
 * none of its approved targets succeeded yet; otherwise it stays deploying (`/deploy` runs the
 * rest).
 */
export async function afterDeployEnd(deps: CompletionDeps, d: DeploymentDoc): Promise<void> {
  if (await checkRfcCompletion(deps, d)) return;
  const p = await deployingProgress(deps, d);
  if (!p) return;
  if (d.state !== 'done' && !p.succeeded.length) {
    await moveRfc(deps, d, 'scheduled', `${deploymentLabel(d)} ${d.state}: ${d.reason ?? ''}`.trim());
    return;
  }
  await deps.note(
    d,
    belowCriterionNote(d.rfcKey!, p, deps.config.deploy.completionRatio, deps.config.organisation.language),
  );
}
