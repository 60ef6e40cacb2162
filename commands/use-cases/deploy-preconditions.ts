import { DateTime } from 'luxon';
import { invalidState, notFound, preconditionFailed } from '../../src/core/errors';
import type { Services } from '../services';
import { formatLocal } from '../../src/core/format-time';
import type { HostDoc } from '../../src/inventory/host.model';
import { describeQuery, targetQuery, type TargetQuery } from '../../src/inventory/select-targets';
import type { PackageDoc } from '../../src/packages/package.model';
import { tokenize } from '../../src/core/tokenize';
import type { RfcLike } from '../../src/deploy/change-port';
import { Deployment, deploymentLabel, type DeploymentDoc } from '../../src/deploy/deployment.model';
import { sshOptions } from '../../src/deploy/target-exec';

export interface DeployPlan {
  rfc: RfcLike;
  pkg: PackageDoc;
  hosts: HostDoc[];
  query: TargetQuery;
}

/** The RFC's own targets (`pilot`, `school=nordby`) as a query. */
function rfcQuery(rfc: RfcLike): TargetQuery {
  const t = tokenize(rfc.targets.join(' '));
  return targetQuery(t.words, t.pairs);
}

export async function requireRfc(services: Services, key: string): Promise<RfcLike> {
  const rfc = await services.changes.get(key);
  if (!rfc) throw notFound(`${key.slice(0, 40)} is not an RFC I know.`, 'Type `rfc list` to see the RFCs.');
  return rfc;
}

/**
 * Every precondition of `/deploy`, in order, each refusal naming what failed: the RFC is
 * release-approved (scheduled) and not already deploying; now is inside its change window (unless
 * it is an emergency change); the package verifies; the targets resolve; no freeze covers them
 * (unless emergency); an SSH key is configured. The caller's role is checked by the router.
 */
export async function checkDeploy(services: Services, key: string, typed: TargetQuery | undefined): Promise<DeployPlan> {
  const rfc = await requireRfc(services, key);
  const tz = services.config.organisation.timezone;
  const emergency = rfc.type === 'emergency';
  if (rfc.state === 'deploying') {
    const running = await Deployment.findOne({ rfcKey: rfc.key, state: 'running' }).lean<DeploymentDoc>();
    throw invalidState(`${rfc.key} is already deploying${running ? ` (${deploymentLabel(running)})` : ''}.`, `Type \`deploy status ${rfc.key}\`, or \`deploy cancel ${rfc.key}\`.`);
  }
  if (rfc.state !== 'scheduled') {
    throw preconditionFailed(`${rfc.key} is not release-approved: it is ${rfc.state}. A deployment needs the CCB's release approval (state scheduled).`, `Type \`rfc show ${rfc.key}\`.`);
  }
  const now = services.clock.now();
  if (!emergency) {
    if (!rfc.window) throw preconditionFailed(`${rfc.key} has no change window.`, `Set one with \`rfc edit ${rfc.key} window=…\`.`);
    if (now < rfc.window.start || now > rfc.window.end) {
      throw preconditionFailed(
        `Outside the change window of ${rfc.key}: it is ${formatLocal(rfc.window.start, tz)} – ${formatLocal(rfc.window.end, tz)} (${tz}); now it is ${DateTime.fromJSDate(now).setZone(tz).toFormat('yyyy-LL-dd HH:mm')}.`,
        'Deploy inside the window, or ask the CCB for a new one.',
      );
    }
  }
  if (!rfc.package) throw preconditionFailed(`${rfc.key} names no package.`, `Set it with \`rfc edit ${rfc.key} package=NAME@VERSION\`.`);
  const check = await services.packages.check(rfc.package.name, rfc.package.version);
  if (!check.ok) throw preconditionFailed(`The package does not verify: ${check.reason}.`, 'Nothing ran. Re-sign it, or fix the scripts and add a new version.');
  const query = typed && (typed.names.length || Object.keys(typed.filters).length) ? typed : rfcQuery(rfc);
  const hosts = await services.inventory.resolve(query);
  if (!emergency) {
    const frozen = await services.deployments.freezes.blocking(hosts, now);
    if (frozen.length) {
      throw preconditionFailed(
        `Frozen: ${frozen.map((f) => `${services.deployments.freezes.describe(f)} (covers ${f.hosts.length} of the targets)`).join('; ')}.`,
        'Wait until the freeze ends, or ask for an emergency change.',
      );
    }
  }
  try {
    await sshOptions(services.config.deploy);
  } catch (err) {
    throw preconditionFailed(`Cannot reach the targets: ${(err as Error).message.replace(/\.$/u, '')}.`, (err as { fix?: string }).fix);
  }
  return { rfc, pkg: check.pkg, hosts, query: { ...query, names: query.names.length || Object.keys(query.filters).length ? query.names : [] } };
}

export function describePlan(plan: { hosts: HostDoc[]; query: TargetQuery }): string {
  return describeQuery(plan.query);
}
