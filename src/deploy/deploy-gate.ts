import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import { OpsdeskError } from '../core/errors';
import { tokenize } from '../core/tokenize';
import { policySettings, templateOf, templateTargets } from '../changes/change-policy';
import {
  runDecision,
  type PolicyFreeze,
  type PolicyHost,
  type RunOutcome,
  type ScopeFacts,
} from '../changes/change-policy-deploy';
import type { Refusal } from '../changes/change-policy';
import { memberships, type HostDoc } from '../inventory/host.model';
import type { InventoryService } from '../inventory/inventory-service';
import { selectHosts, targetQuery } from '../inventory/select-targets';
import type { ChangePort, RfcLike } from './change-port';
import { Deployment, deploymentLabel, type DeploymentDoc } from './deployment.model';
import type { FreezeService } from './freezes';

/** A refusal of the run policy and what becomes of the deployment. */
export type Halt = Refusal & { outcome: RunOutcome };

/**
 * A halt as the error the person who asked gets (a stop: INVALID_STATE, else PRECONDITION), its reason and fix by
 * catalog key, so they are said in that person's language (the English ones for the log).
 */
export function haltError(h: Halt): OpsdeskError {
  return new OpsdeskError(h.outcome === 'stop' ? 'INVALID_STATE' : 'PRECONDITION', h.reason, {
    fix: h.fix,
    detail: { rule: h.rule },
    localized: h.said,
  });
}

/**
 * The facts the run policy needs, gathered once and reused for a few seconds (one read of the RFC, the inventory and
 * the freezes).
 */
export interface GateFacts {
  rfc: RfcLike | null;
  freezes: PolicyFreeze[];
  hosts: Map<string, PolicyHost>;
  scope: ScopeFacts;
  rolledBack: boolean;
}

export interface DeployGateDeps {
  config: Config;
  clock: Clock;
  inventory: Pick<InventoryService, 'all'>;
  freezes: Pick<FreezeService, 'active'>;
  changes: () => ChangePort | undefined;
}

/** Typed targets (`pilot`, `school=nordby`) as a query. */
export function targetsQuery(targets: readonly string[]) {
  const t = tokenize(targets.join(' '));
  return targetQuery(t.words, t.pairs);
}

/** The names of the hosts a target list resolves to now (unknown names resolve to nothing). */
export function resolveNames(all: readonly HostDoc[], targets: readonly string[]): Set<string> {
  if (!targets.length) return new Set();
  return new Set(selectHosts(all, targetsQuery(targets)).hosts.map((h) => h.name));
}

/** A host as the change policy sees it. */
export function policyHost(h: HostDoc): PolicyHost {
  return { name: h.name, memberships: memberships(h) };
}

/** What the approved targets (and, for a standard change, its template's) resolve to among `all` now. */
export function scopeOf(rfc: RfcLike, all: readonly HostDoc[], config: Config): ScopeFacts {
  const approvedHosts = resolveNames(all, rfc.approval?.content.targets ?? []);
  const t = rfc.type === 'standard' ? templateOf(rfc, policySettings(config.changes)) : undefined;
  return { approvedHosts, ...(t ? { templateHosts: resolveNames(all, templateTargets(t)) } : {}) };
}

/**
 * The change policy at the deployment's gate: before every wave and every target the runner starts
 * (also after a resume, a crash or a lost lease) and before every chase round. The facts are read
 * fresh before a wave and reused for at most `REFRESH_MS` between targets; the time is the clock's
 * at each check, so a window that ends mid-wave stops the next target.
 */
export class DeployGate {
  static readonly REFRESH_MS = 2000;

  constructor(private readonly deps: DeployGateDeps) {}

  async facts(d: DeploymentDoc, purpose: 'wave' | 'chase'): Promise<GateFacts> {
    const changes = this.deps.changes();
    const rfc = changes
      ? ((d.rfcId ? await changes.getById(d.rfcId) : null) ?? (d.rfcKey ? await changes.get(d.rfcKey) : null))
      : null;
    const now = this.deps.clock.now();
    const [all, freezes, rolledBack] = await Promise.all([
      this.deps.inventory.all(),
      this.deps.freezes.active(now, true),
      purpose === 'chase' ? Deployment.exists({ rollbackOf: d._id }).then(Boolean) : Promise.resolve(false),
    ]);
    const hosts = new Map(all.map((h) => [h.name, policyHost(h)]));
    const scope = rfc ? scopeOf(rfc, all, this.deps.config) : { approvedHosts: new Set<string>() };
    return { rfc, freezes, hosts, scope, rolledBack };
  }

  /**
   * The refusal (and what becomes of the deployment), or undefined when `hostNames` may run now. Hosts gone from the
   * inventory fail on their own.
   */
  decide(f: GateFacts, d: DeploymentDoc, hostNames: readonly string[], purpose: 'wave' | 'chase'): Halt | undefined {
    const hosts = hostNames.map((n) => f.hosts.get(n)).filter((h): h is PolicyHost => h !== undefined);
    const r = runDecision({
      rfc: f.rfc,
      d: {
        kind: d.kind,
        rfcKey: d.rfcKey,
        approvalDigest: d.approvalDigest,
        package: d.package,
        createdAt: d.createdAt,
        label: deploymentLabel(d),
      },
      hosts,
      scope: f.scope,
      time: { now: this.deps.clock.now(), freezes: f.freezes, timezone: this.deps.config.organisation.timezone },
      settings: policySettings(this.deps.config.changes),
      purpose,
      rolledBack: f.rolledBack,
    });
    return r.ok ? undefined : (r as Halt);
  }

  /** One deployment's checks, with the facts cached between targets. */
  checker(
    d: DeploymentDoc,
    purpose: 'wave' | 'chase',
  ): (hosts: readonly string[], fresh?: boolean) => Promise<Halt | undefined> {
    let facts: Promise<GateFacts> | undefined;
    let at = 0;
    return async (hosts, fresh = false) => {
      // One read at a time: the targets of a wave that start together share it.
      if (fresh || !facts || Date.now() - at > DeployGate.REFRESH_MS) {
        at = Date.now();
        facts = this.facts(d, purpose);
        facts.catch(() => (facts = undefined));
      }
      return this.decide(await facts, d, hosts, purpose);
    };
  }
}
