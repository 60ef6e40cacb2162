import type { InventoryService } from '../inventory/inventory-service';
import type { RfcLike } from './change-port';
import { resolveNames } from './deploy-gate';
import { withOutcomes } from './target-fold';
import { readTargets } from './target-book';
import { Deployment, type DeploymentDoc, type TargetDoc, type TargetState } from './deployment.model';

/**
 * How far an RFC is, over its approved targets and across all its deployments since its last
 * rollback (a pilot, waves, re-runs, chase rounds): each host counts by the latest state it reached
 * (a target skipped or never started does not hide an earlier success). Hosts dropped by hand
 * (`chase RFC drop HOST`) leave the total.
 */
export interface RfcProgress {
  /** Approved targets now, without the dropped ones. */
  total: number;
  succeeded: string[];
  /** Approved hosts not (yet) succeeded, with their latest state (`not run` when no deployment reached them). */
  open: { host: string; state: TargetState | 'not run'; error?: string }[];
  dropped: string[];
}

const RAN: readonly TargetState[] = ['succeeded', 'failed', 'unreachable', 'host-key-mismatch', 'timed-out', 'unknown'];

/** The deploy deployments of an RFC since its last full rollback that ran, oldest first. */
export async function deploymentsSinceRollback(rfcKey: string): Promise<DeploymentDoc[]> {
  const all = await Deployment.find({ rfcKey }).sort({ createdAt: 1, number: 1 }).lean<DeploymentDoc[]>();
  const lastRollback = all
    .map((d) => d.kind === 'rollback' && d.state === 'done' && !d.targetsText.includes('(partial)'))
    .lastIndexOf(true);
  return all.slice(lastRollback + 1).filter((d) => d.kind === 'deploy');
}

export async function rfcProgress(inventory: InventoryService, rfc: RfcLike): Promise<RfcProgress> {
  const approved = [...resolveNames(await inventory.all(), rfc.approval?.content.targets ?? [])].sort();
  const deployments = await deploymentsSinceRollback(rfc.key);
  // Each deployment's target book by `_id`, oldest deployment first.
  const targets: TargetDoc[] = [];
  for (const d of deployments) targets.push(...(await readTargets(d._id)));
  const latest = new Map<string, TargetDoc>();
  const dropped = new Set<string>();
  for (const t of targets) {
    if (RAN.includes(t.state) || t.state === 'running') latest.set(t.host, t);
    if (t.dropped) dropped.add(t.host);
    else if (latest.get(t.host) === t) dropped.delete(t.host);
  }
  const counted = approved.filter((h) => !dropped.has(h));
  const succeeded = counted.filter((h) => latest.get(h)?.state === 'succeeded');
  // The error lines of the hosts not succeeded, from their last attempt's outcome (by `_id`).
  const detailed = new Map(
    (
      await withOutcomes(counted.map((h) => latest.get(h)).filter((t) => t && t.state !== 'succeeded') as TargetDoc[])
    ).map((t) => [t.host, t]),
  );
  const open = counted
    .filter((h) => latest.get(h)?.state !== 'succeeded')
    .map((h) => {
      const t = detailed.get(h);
      return { host: h, state: t?.state ?? ('not run' as const), ...(t?.error ? { error: t.error } : {}) };
    });
  return { total: counted.length, succeeded, open, dropped: approved.filter((h) => dropped.has(h)) };
}
