import { notFound, preconditionFailed } from '../../src/core/errors';
import type { Services } from '../services';
import type { HostDoc } from '../../src/inventory/host.model';
import { describeQuery, type TargetQuery } from '../../src/inventory/select-targets';
import type { PackageDoc } from '../../src/packages/package.model';
import type { RfcLike } from '../../src/deploy/change-port';
import { deploymentLabel } from '../../src/deploy/deployment.model';
import { policyHost, scopeOf, targetsQuery } from '../../src/deploy/deploy-gate';
import { sshOptions } from '../../src/deploy/target-exec';
import { policyError } from '../../src/changes/change-policy';
import { deployDecision } from '../../src/changes/change-policy-deploy';
import { compareVersions, versionsOf } from '../../src/inventory/installed';

export interface DeployPlan {
  rfc: RfcLike;
  pkg: PackageDoc;
  hosts: HostDoc[];
  query: TargetQuery;
  /** A confirmed emergency change (window and freezes do not apply). */
  emergency: boolean;
  /** The approval digest this deployment runs under. */
  digest: string;
  /** The latest its chase may go on. */
  chaseBound: Date;
}

export async function requireRfc(services: Services, key: string): Promise<RfcLike> {
  const rfc = await services.changes.get(key);
  if (!rfc) throw notFound(`${key.slice(0, 40)} is not an RFC I know.`, 'Type `rfc list` to see the RFCs.');
  return rfc;
}

/**
 * Every precondition of `/deploy`, each refusal naming what failed and what would allow it. The
 * change policy (`deployDecision`): the RFC is scheduled with an approval of exactly its content
 * (by people other than its requester, or its standard-change template); now is inside the
 * approved window; the targets, resolved now, are inside what the approved targets resolve to
 * now; no freeze covers them (both waived only for a confirmed emergency); `--chase-hours` stays
 * inside the chase limit. Then: the package verifies, the targets resolve, an SSH key is
 * configured. The caller's role is checked by the router. `at`: as of that time (a start scheduled for later).
 */
export async function checkDeploy(
  services: Services,
  key: string,
  typed: TargetQuery | undefined,
  opts: { chaseHours?: number; at?: Date } = {},
): Promise<DeployPlan> {
  const rfc = await requireRfc(services, key);
  const settings = services.changes.policy();
  // A start scheduled for later is checked as of its time (its window, the freezes then); again when it fires.
  const now = opts.at ?? services.clock.now();
  const time = {
    now,
    freezes: await services.deployments.freezes.active(now),
    timezone: services.config.organisation.timezone,
  };
  const latest = rfc.state === 'deploying' ? await services.deployments.latest(rfc.key, 'deploy') : null;
  const current = latest && ['starting', 'running', 'paused'].includes(latest.state) ? latest : null;
  const decide = (hosts: HostDoc[], all: HostDoc[]) =>
    deployDecision({
      rfc,
      hosts: hosts.map(policyHost),
      scope: scopeOf(rfc, all, services.config),
      time,
      settings,
      current: current ? deploymentLabel(current) : undefined,
      chaseHours: opts.chaseHours,
    });
  // What the RFC allows at all (state, approval, window), before looking at the package or the targets.
  const first = decide([], []);
  if (!first.ok) throw policyError(first);
  const pkgName = rfc.approval!.content.package!;
  const check = await services.packages.check(pkgName.name, pkgName.version);
  if (!check.ok)
    throw preconditionFailed(
      `The package does not verify: ${check.reason}.`,
      'Nothing ran. Re-sign it, or fix the scripts and add a new version.',
    );
  const query =
    typed && (typed.names.length || Object.keys(typed.filters).length)
      ? typed
      : targetsQuery(rfc.approval!.content.targets);
  const hosts = await services.inventory.resolve(query);
  const allowed = decide(hosts, await services.inventory.all());
  if (!allowed.ok) throw policyError(allowed);
  await refuseDowngrade(rfc, pkgName, hosts);
  try {
    await sshOptions(services.config.deploy);
  } catch (err) {
    throw preconditionFailed(
      `Cannot reach the targets: ${(err as Error).message.replace(/\.$/u, '')}.`,
      (err as { fix?: string }).fix,
    );
  }
  return {
    rfc,
    pkg: check.pkg,
    hosts,
    query,
    emergency: allowed.emergency,
    digest: allowed.digest,
    chaseBound: allowed.chaseBound,
  };
}

/** Refuses a version older than a target runs (the inventory's record), unless the RFC declares a downgrade. */
async function refuseDowngrade(rfc: RfcLike, pkg: { name: string; version: string }, hosts: HostDoc[]): Promise<void> {
  if (rfc.downgrade === true) return;
  const running = await versionsOf(
    pkg.name,
    hosts.map((h) => h.name),
  );
  const newer = [...running]
    .filter(([, v]) => compareVersions(pkg.version, v) < 0)
    .sort(([a], [b]) => a.localeCompare(b));
  if (!newer.length) return;
  const shown = newer.slice(0, 5).map(([h, v]) => `${h} runs ${v}`);
  throw preconditionFailed(
    `${rfc.key} would install ${pkg.name} ${pkg.version}, older than ${newer.length} target(s) run: ` +
      `${shown.join(', ')}${newer.length > 5 ? `, … and ${newer.length - 5} more` : ''}.`,
    `Nothing ran. If the downgrade is intended, declare it: \`rfc edit ${rfc.key} downgrade=yes\` (the CCB then ` +
      `approves it again).`,
  );
}

export function describePlan(plan: { hosts: HostDoc[]; query: TargetQuery }): string {
  return describeQuery(plan.query);
}
