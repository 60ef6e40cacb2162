import { OpsdeskError } from '../core/errors';
import { sayIn, type Said } from '../i18n/refusal';
import type { ChangesConfig, ChangeTemplate, RfcFieldName } from '../config/sections/changes';
import type { Role } from '../people/role';
import type { ChangeState, ChangeType } from './change-lifecycle';
import type { ApprovalRecord, ContentSource } from './approved-content';
import type { EmergencyConfirmation } from './rfc.model';
import * as say from './render-policy';

/** The change policy's vocabulary (change-policy.ts decides with it): settings, actors, the RFC it sees, refusals. */

/** The policy's settings: `changes.policy` and the standard-change templates. */
export interface PolicySettings {
  fourEyes: boolean;
  postApprovalFields: readonly RfcFieldName[];
  chaseGraceHours: number;
  templates: readonly ChangeTemplate[];
}

export function policySettings(c: Pick<ChangesConfig, 'policy' | 'templates'>): PolicySettings {
  return {
    fourEyes: c.policy.fourEyes,
    postApprovalFields: c.policy.postApprovalFields,
    chaseGraceHours: c.policy.chaseGraceHours,
    templates: c.templates,
  };
}

/** The person acting (a Person satisfies it). */
export interface PolicyActor {
  id: string;
  roles: readonly Role[];
}

/** Which rule refused. */
export type PolicyRule =
  | 'role'
  | 'four-eyes'
  | 'reason'
  | 'lifecycle'
  | 'during-vote'
  | 'standard-only-from-template'
  | 'type-fixed'
  | 'template'
  | 'approved-content'
  | 'no-approval'
  | 'digest'
  | 'emergency'
  | 'state'
  | 'window'
  | 'scope'
  | 'freeze'
  | 'package'
  | 'chase-bound'
  | 'start-condition'
  | 'downgrade';

export interface Refusal {
  ok: false;
  code: 'FORBIDDEN' | 'INVALID_STATE' | 'PRECONDITION';
  rule: PolicyRule;
  /** In English (the log, a deployment's stored stop reason); `said` has it by catalog key for the reader. */
  reason: string;
  fix?: string;
  said: { message: Said; fix?: Said };
}

export type Decision<E extends object = object> = ({ ok: true } & E) | Refusal;

export function refuse(code: Refusal['code'], rule: PolicyRule, reason: Said, fix?: Said): Refusal {
  return {
    ok: false,
    code,
    rule,
    reason: sayIn('en', reason),
    ...(fix ? { fix: sayIn('en', fix) } : {}),
    said: { message: reason, fix },
  };
}

export const OK = { ok: true } as const;

/** A refusal as the error a user sees (its message is the reason, its fix the fix). */
export function policyError(r: Refusal): OpsdeskError {
  return new OpsdeskError(r.code, r.reason, { fix: r.fix, detail: { rule: r.rule }, localized: r.said });
}

/** The policy's view of an RFC (an RfcDoc satisfies it). */
export interface PolicyRfc extends ContentSource {
  key: string;
  type: ChangeType;
  state: ChangeState;
  requesterId: string;
  requesterName?: string;
  template?: string;
  targets: string[];
  approval?: ApprovalRecord | null;
  emergency?: EmergencyConfirmation | null;
  /** Who marked the start condition met, for which condition text (the condition is the `startCondition` field). */
  startConditionMet?: { condition: string; by: string } | null;
}

const MANAGERS: readonly Role[] = ['change-manager', 'admin'];
const STEPPERS: readonly Role[] = ['release-manager', ...MANAGERS];
/** While the CCB votes, nothing changes. */
export const VOTING: readonly ChangeState[] = ['proposed', 'release-vote'];
/** Once deploying, only post-approval fields change. */
export const SHIPPED: readonly ChangeState[] = ['deploying', 'deployed', 'reviewed', 'rolled-back'];

const has = (actor: PolicyActor, roles: readonly Role[]) => roles.some((r) => actor.roles.includes(r));

/** What a person does to an RFC, for the "requester or role" rule. */
export type RfcAction =
  'edit' | 'submit' | 'withdraw' | 'built' | 'release' | 'schedule' | 'review' | 'close' | 'cancel';

/**
 * The requester, or someone holding the action's roles (change managers and admins always; release managers for the
 * later steps).
 */
export function actsFor(rfc: PolicyRfc, actor: PolicyActor, action: RfcAction): Decision {
  const roles = action === 'edit' || action === 'submit' || action === 'withdraw' ? MANAGERS : STEPPERS;
  if (actor.id === rfc.requesterId || has(actor, roles)) return OK;
  return refuse('FORBIDDEN', 'role', say.notOwner(rfc.key, rfc.requesterName ?? rfc.requesterId, action, roles));
}

/**
 * The type that decides privileges: an emergency change counts as one only once a change manager
 * other than its requester confirmed it; until then it is treated as normal (vote rule, window, freezes).
 */
export function effectiveType(
  rfc: Pick<PolicyRfc, 'type' | 'emergency' | 'requesterId'>,
  s: Pick<PolicySettings, 'fourEyes'>,
): ChangeType {
  if (rfc.type !== 'emergency') return rfc.type;
  const by = rfc.emergency?.confirmedBy;
  return by && (!s.fourEyes || by !== rfc.requesterId) ? 'emergency' : 'normal';
}
