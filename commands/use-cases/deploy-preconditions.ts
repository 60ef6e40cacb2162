import { OpsdeskError } from '../../src/core/errors';
import { refusal, said } from '../../src/i18n/refusal';
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
  if (!rfc) throw refusal('NOT_FOUND', said('pre.unknownRfc', { key: key.slice(0, 40) }), said('pre.unknownRfcFix'));
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
    throw refusal('PRECONDITION', said('pre.packageBad', { reason: check.said }), said('pre.packageBadFix'));
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
    const reason = said('pre.unreachable', { reason: (err as Error).message.replace(/\.$/u, '') });
    const e = refusal('PRECONDITION', reason);
    // The SSH settings' own fix (a configuration setting to check), as it is.
    const fix = (err as { fix?: string }).fix;
    throw fix ? new OpsdeskError(e.code, e.message, { fix, localized: { message: reason } }) : e;
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
  const shown = newer.slice(0, 5).map(([h, v]) => said('pre.downgradeHost', { host: h, version: v }));
  // Each host a parameter of its own: said in the reader's language, joined by commas.
  const list = shown.reduce((all, one) => said('pre.downgradeList', { list: all, one }));
  throw refusal(
    'PRECONDITION',
    said('pre.downgrade', {
      key: rfc.key,
      package: `${pkg.name} ${pkg.version}`,
      count: newer.length,
      hosts: newer.length > 5 ? said('pre.downgradeMore', { hosts: list, count: newer.length - 5 }) : list,
    }),
    said('pre.downgradeFix', { key: rfc.key }),
  );
}

export function describePlan(plan: { hosts: HostDoc[]; query: TargetQuery }): string {
  return describeQuery(plan.query);
}
