import {
  approvalRefusal,
  effectiveType,
  refuse,
  templateOf,
  templateRefusal,
  type Decision,
  type PolicyRfc,
  type PolicySettings,
  type Refusal,
} from './change-policy';
import * as say from './render-policy';

/**
 * The change policy for deployments: `/deploy`, the runner before every wave (and before each
 * target it starts), `/deploy resume`, every chase round, and `/rollback`. Pure, like change-policy.ts:
 * the callers gather the facts (the RFC, the hosts with their groups, what the approved targets
 * resolve to now, the freezes, the time) and act on the answer.
 */

/** A host as the policy sees it: its name and every group it answers to (src/inventory memberships). */
export interface PolicyHost {
  name: string;
  memberships: readonly string[];
}

/** A freeze in force at some time (config or chat). */
export interface PolicyFreeze {
  group: string;
  from: Date;
  until: Date;
  reason: string;
  setBy: string;
}

/**
 * What the approved targets resolve to now (a host added to an approved group since is inside; a
 * host outside every approved name is not), and for a standard change what its template may reach.
 */
export interface ScopeFacts {
  approvedHosts: ReadonlySet<string>;
  templateHosts?: ReadonlySet<string>;
}

/** What the policy needs of a deployment (a DeploymentDoc satisfies it). */
export interface PolicyDeployment {
  kind: 'deploy' | 'rollback';
  rfcKey?: string;
  /** The approval digest it was started for. */
  approvalDigest?: string;
  package: { name: string; version: string };
  createdAt: Date;
  label: string;
}

export interface TimeFacts {
  now: Date;
  freezes: readonly PolicyFreeze[];
  timezone: string;
}

/** The freezes covering any of `hosts` at `now`, with the hosts each covers. */
export function blockingFreezes(
  hosts: readonly PolicyHost[],
  freezes: readonly PolicyFreeze[],
  now: Date,
): Array<PolicyFreeze & { hosts: string[] }> {
  const out: Array<PolicyFreeze & { hosts: string[] }> = [];
  for (const f of freezes) {
    if (!(f.from <= now && now < f.until)) continue;
    const covered = hosts.filter((h) => h.memberships.includes(f.group) || h.name === f.group).map((h) => h.name);
    if (covered.length) out.push({ ...f, hosts: covered });
  }
  return out;
}

function freezeRefusal(hosts: readonly PolicyHost[], t: TimeFacts): Refusal | undefined {
  const frozen = blockingFreezes(hosts, t.freezes, t.now);
  if (!frozen.length) return undefined;
  return refuse('PRECONDITION', 'freeze', say.frozen(frozen.map((f) => say.frozenPart(f, t.timezone))), say.FREEZE_FIX);
}

function scopeRefusal(
  rfc: PolicyRfc,
  hosts: readonly PolicyHost[],
  scope: ScopeFacts,
  s: PolicySettings,
): Refusal | undefined {
  const approved = rfc.approval?.content.targets ?? [];
  const outside = hosts.filter((h) => !scope.approvedHosts.has(h.name)).map((h) => h.name);
  if (outside.length)
    return refuse('PRECONDITION', 'scope', say.outOfScope(rfc.key, outside, approved), say.SCOPE_FIX(rfc.key));
  const t = rfc.type === 'standard' ? templateOf(rfc, s) : undefined;
  if (t) {
    const beyond = hosts.filter((h) => !scope.templateHosts?.has(h.name)).map((h) => h.name);
    if (beyond.length)
      return refuse('PRECONDITION', 'scope', say.outOfTemplateScope(rfc.key, beyond, t.id), say.SCOPE_FIX(rfc.key));
  }
  return undefined;
}

function windowRefusal(rfc: PolicyRfc, t: TimeFacts): Refusal | undefined {
  const w = rfc.approval?.content.window;
  if (!w) return refuse('PRECONDITION', 'window', say.noWindow(rfc.key), say.WINDOW_FIX);
  if (t.now < new Date(w.start) || t.now > new Date(w.end))
    return refuse('PRECONDITION', 'window', say.outsideWindow(rfc.key, w, t.now, t.timezone), say.WINDOW_FIX);
  return undefined;
}

/**
 * How long a deployment's chase may go on: the end of the approved window plus
 * `changes.policy.chaseGraceHours` (a confirmed emergency change, which may run outside its
 * window: from when the deployment started if that is later).
 */
export function chaseBound(rfc: PolicyRfc, startedAt: Date, s: PolicySettings): Date {
  const end = rfc.approval?.content.window?.end;
  const base =
    effectiveType(rfc, s) === 'emergency'
      ? Math.max(end ? new Date(end).getTime() : 0, startedAt.getTime())
      : end
        ? new Date(end).getTime()
        : startedAt.getTime();
  return new Date(base + s.chaseGraceHours * 3_600_000);
}

export interface DeployInput {
  rfc: PolicyRfc;
  /** The hosts `/deploy` would run on (the typed targets, or the RFC's own, resolved now). */
  hosts: readonly PolicyHost[];
  scope: ScopeFacts;
  time: TimeFacts;
  settings: PolicySettings;
  /** The label of the RFC's deployment that is running (or paused) now, if any. */
  current?: string;
  /** `--chase-hours`, if typed. */
  chaseHours?: number;
}

/**
 * May `/deploy` start? The RFC is scheduled (release-approved, or a standard change), or deploying
 * with none of its deployments running (the rest after a pilot, a re-run), and its
 * approval holds for exactly its content, by people other than the requester or by its template;
 * the targets are inside what was approved (and the template allows); now is inside the approved
 * window and no freeze covers the targets (unless it is a confirmed emergency change); a typed
 * `--chase-hours` stays inside the chase limit.
 */
export function deployDecision(input: DeployInput): Decision<{ emergency: boolean; digest: string; chaseBound: Date }> {
  const { rfc, settings: s, time } = input;
  // Deploying with none of its deployments running (a pilot, waves, a re-run): the rest may go.
  if (rfc.state === 'deploying' && input.current)
    return refuse(
      'INVALID_STATE',
      'state',
      say.alreadyDeploying(rfc.key, input.current),
      say.DEPLOYING_NOW_FIX(rfc.key),
    );
  if (rfc.state !== 'scheduled' && rfc.state !== 'deploying')
    return refuse('PRECONDITION', 'state', say.notReleaseApproved(rfc.key, rfc.state), say.RFC_SHOW_FIX(rfc.key));
  const approval = approvalRefusal(rfc, ['release', 'template'], s);
  if (approval) return approval;
  if (rfc.type === 'standard') {
    const t = templateRefusal(rfc, s);
    if (t) return t;
  }
  const start = startConditionRefusal(rfc);
  if (start) return start;
  const emergency = effectiveType(rfc, s) === 'emergency';
  if (!emergency) {
    const w = windowRefusal(rfc, time);
    if (w) return w;
  }
  if (!rfc.approval?.content.package)
    return refuse('PRECONDITION', 'package', say.noPackage(rfc.key), say.PACKAGE_FIX(rfc.key));
  const scope = scopeRefusal(rfc, input.hosts, input.scope, s);
  if (scope) return scope;
  if (!emergency) {
    const f = freezeRefusal(input.hosts, time);
    if (f) return f;
  }
  const bound = chaseBound(rfc, time.now, s);
  if (input.chaseHours !== undefined && time.now.getTime() + input.chaseHours * 3_600_000 > bound.getTime()) {
    const max = (bound.getTime() - time.now.getTime()) / 3_600_000;
    return refuse(
      'PRECONDITION',
      'chase-bound',
      say.chaseTooLong(input.chaseHours, bound, time.timezone, s.chaseGraceHours, max),
      say.CHASE_FIX(max),
    );
  }
  return { ok: true, emergency, digest: rfc.approval!.digest, chaseBound: bound };
}

/**
 * Why the RFC's start condition does not hold (undefined when it has none or it was marked met for exactly its
 * text): the Redbook's "System p 615 hardware being available", marked met by the named role before `/deploy`.
 */
export function startConditionRefusal(rfc: PolicyRfc): Refusal | undefined {
  const condition = typeof rfc.startCondition === 'string' ? rfc.startCondition : undefined;
  if (!condition) return undefined;
  if (rfc.startConditionMet?.condition === condition) return undefined;
  return refuse(
    'PRECONDITION',
    'start-condition',
    say.startConditionOpen(rfc.key, condition, String(rfc.startConditionRole ?? 'change-manager')),
    say.CONDITION_FIX(rfc.key),
  );
}

/** What becomes of a deployment the policy stops: paused (resumable), stopped for good, or its chase expired. */
export type RunOutcome = 'pause' | 'stop' | 'expire';

export interface RunInput {
  rfc: PolicyRfc | null;
  d: PolicyDeployment;
  /** The hosts about to run (a wave, one target, the chase list). */
  hosts: readonly PolicyHost[];
  scope: ScopeFacts;
  time: TimeFacts;
  settings: PolicySettings;
  purpose: 'wave' | 'chase';
  /** A rollback of this deployment exists (chase only). */
  rolledBack?: boolean;
}

/**
 * May this deployment run these hosts now? Checked before every wave and target (also after a
 * resume, a crash or a lost lease) and before every chase round. A rollback runs while its RFC is
 * deploying or deployed. A deployment: its RFC exists, is deploying (a chase: deploying, deployed
 * or reviewed, and not rolled back), its approval still holds and is the one the deployment was
 * started for, with the same package; the hosts are inside the approved scope; and now is inside
 * the window (a chase: before its limit) and outside freezes, unless it is a confirmed emergency.
 */
export function runDecision(input: RunInput): Decision | (Refusal & { outcome: RunOutcome }) {
  const { rfc, d, settings: s, time } = input;
  const stop = (r: Refusal) => ({ ...r, outcome: 'stop' as const });
  if (!d.rfcKey || !rfc) return stop(refuse('PRECONDITION', 'no-approval', say.noRfc(d.label)));
  if (d.kind === 'rollback') {
    const states = ['deploying', 'deployed', 'reviewed'];
    return states.includes(rfc.state)
      ? { ok: true }
      : stop(refuse('INVALID_STATE', 'state', say.rfcState(d.label, rfc.key, rfc.state, states)));
  }
  const states = input.purpose === 'chase' ? ['deploying', 'deployed', 'reviewed'] : ['deploying'];
  if (!states.includes(rfc.state))
    return stop(refuse('INVALID_STATE', 'state', say.rfcState(d.label, rfc.key, rfc.state, states)));
  if (input.rolledBack) return stop(refuse('INVALID_STATE', 'state', say.rolledBack(d.label)));
  const approval = approvalRefusal(rfc, ['release', 'template'], s);
  if (approval) return stop(approval);
  if (!d.approvalDigest || d.approvalDigest !== rfc.approval!.digest)
    return stop(refuse('PRECONDITION', 'digest', say.digestMismatch(d.label, rfc.key), say.APPROVAL_FIX(rfc.key)));
  const pkg = rfc.approval!.content.package;
  if (!pkg || pkg.name !== d.package.name || pkg.version !== d.package.version) {
    return stop(
      refuse(
        'PRECONDITION',
        'package',
        say.wrongPackage(
          d.label,
          `${d.package.name} ${d.package.version}`,
          pkg ? `${pkg.name} ${pkg.version}` : undefined,
        ),
      ),
    );
  }
  const emergency = effectiveType(rfc, s) === 'emergency';
  if (input.purpose === 'chase') {
    const bound = chaseBound(rfc, d.createdAt, s);
    if (time.now > bound)
      return { ...refuse('PRECONDITION', 'chase-bound', say.chasePastBound(bound, time.timezone)), outcome: 'expire' };
  } else if (!emergency) {
    const w = windowRefusal(rfc, time);
    if (w) return { ...w, outcome: 'pause' };
  }
  const scope = scopeRefusal(rfc, input.hosts, input.scope, s);
  if (scope) return { ...scope, outcome: 'pause' };
  if (!emergency) {
    const f = freezeRefusal(input.hosts, time);
    if (f) return { ...f, outcome: 'pause' };
  }
  return { ok: true };
}

/**
 * May `/rollback` undo the RFC's deployment `base`? The RFC is deploying or deployed, the
 * deployment no longer runs, and no other rollback of it is under way.
 */
export function rollbackDecision(
  rfc: PolicyRfc,
  base: { state: string; label: string },
  rollback?: { state: string; label: string },
): Decision {
  if (rfc.state !== 'deploying' && rfc.state !== 'deployed')
    return refuse('INVALID_STATE', 'state', say.rollbackState(rfc.key, rfc.state));
  if (base.state === 'running' || base.state === 'starting')
    return refuse('INVALID_STATE', 'state', say.stillRunning(base.label), say.CANCEL_FIRST_FIX(rfc.key));
  if (rollback && ['starting', 'running', 'paused'].includes(rollback.state))
    return refuse('INVALID_STATE', 'state', say.stillRunning(rollback.label), say.STATUS_FIX(rfc.key));
  return { ok: true };
}
