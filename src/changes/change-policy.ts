import type { RfcFieldName } from '../config/sections/changes';
import { FINAL_STATES, transitionRefusal, type ChangeState } from './change-lifecycle';
import { approvedContent, changedFields, contentDigest, shortDigest, type ApprovalRecord } from './approved-content';
import {
  actsFor,
  OK,
  refuse,
  SHIPPED,
  VOTING,
  type Decision,
  type PolicyActor,
  type PolicyRfc,
  type PolicySettings,
  type Refusal,
  type RfcAction,
} from './change-policy-core';
import { templateRefusal } from './change-policy-template';
import * as say from './render-policy';

/**
 * The change policy: the one place that decides whether a change may move. Pure functions over the
 * RFC, the person acting, the time and the settings; each returns `allowed` (with its effects, such
 * as "this edit reopens the approval vote") or `refused` with a code, the rule, the reason and the
 * fix. Commands, the vote service, the change service's transitions, the deployment runner, the
 * resume and chase paths and rollback all ask here (deployments: change-policy-deploy.ts).
 */

export * from './change-policy-core';
export * from './change-policy-template';

/**
 * Why the RFC's approval does not hold for `stages` (undefined when it does): it exists and is of
 * one of those stages; its record is intact; the content is still what was approved (exactly, for
 * a release or template approval; the values approved then, for a proposal approval, whose blanks
 * the build may fill before the release vote); people other than the requester approved it (four
 * eyes), or it is within its configured template.
 */
export function approvalRefusal(
  rfc: PolicyRfc,
  stages: readonly ApprovalRecord['stage'][],
  s: PolicySettings,
): Refusal | undefined {
  const a = rfc.approval;
  const fix = say.APPROVAL_FIX(rfc.key);
  if (!a) return refuse('PRECONDITION', 'no-approval', say.noApproval(rfc.key), fix);
  if (!stages.includes(a.stage)) return refuse('PRECONDITION', 'no-approval', say.proposalOnly(rfc.key), fix);
  if (a.digest !== contentDigest(a.content)) return refuse('PRECONDITION', 'digest', say.approvalBroken(rfc.key), fix);
  const now = approvedContent(rfc);
  const changed =
    a.stage === 'approval'
      ? changedFields(a.content, now).filter((f) => a.filled.includes(f))
      : changedFields(a.content, now);
  if (changed.length)
    return refuse('PRECONDITION', 'digest', say.contentChanged(rfc.key, changed, shortDigest(a.digest)), fix);
  if (a.how === 'template') {
    if (a.stage !== 'template' || a.template !== rfc.template)
      return refuse('PRECONDITION', 'no-approval', say.noApproval(rfc.key), fix);
    return templateRefusal(rfc, s);
  }
  if (!a.approvers.length) return refuse('PRECONDITION', 'no-approval', say.noApprovers(rfc.key), fix);
  if (s.fourEyes && (a.approvers.includes(rfc.requesterId) || a.decidedById === rfc.requesterId)) {
    return refuse('FORBIDDEN', 'four-eyes', say.approvedByRequester(rfc.key), fix);
  }
  return undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) =>
    v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length) ? null : v;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/**
 * What an allowed edit does: set the fields, reopen the approval vote, or re-approve a standard change by its template.
 */
export type EditEffect = 'set' | 'reopen' | 'recheck';

/**
 * May `actor` set `fields` (parsed values) on the RFC, and what follows? Before any approval
 * everything may change (the type only to normal or emergency, and only before it is submitted).
 * During a vote nothing changes. After an approval only the post-approval fields change freely;
 * any other change reopens the approval vote (a proposal approval's blanks may still be filled
 * before the release vote, which then approves them). A standard change stays inside its template
 * and is re-approved by it. Once deploying, only post-approval fields change.
 */
export function editDecision(
  rfc: PolicyRfc,
  actor: PolicyActor,
  fields: Partial<Record<RfcFieldName, unknown>>,
  s: PolicySettings,
  action: Extract<RfcAction, 'edit' | 'built' | 'release' | 'schedule'> = 'edit',
): Decision<{ effect: EditEffect; reopened: RfcFieldName[] }> {
  const who = actsFor(rfc, actor, action);
  if (!who.ok) return who;
  const names = Object.keys(fields) as RfcFieldName[];
  const current = rfc as unknown as Record<string, unknown>;
  const changed = names.filter((f) => !sameValue(fields[f], current[f]));
  const post = (f: RfcFieldName) => s.postApprovalFields.includes(f);
  const approvedAlready = Boolean(rfc.approval) || !['draft', 'postponed'].includes(rfc.state);
  if ('type' in fields && changed.includes('type')) {
    if (fields.type === 'standard')
      return refuse(
        'INVALID_STATE',
        'standard-only-from-template',
        say.standardOnlyFromTemplate(rfc.key),
        say.STANDARD_FIX,
      );
    if (rfc.type === 'standard')
      return refuse('INVALID_STATE', 'type-fixed', say.standardTypeFixed(rfc.key, rfc.template ?? '?'));
    if (approvedAlready)
      return refuse(
        'INVALID_STATE',
        'type-fixed',
        say.typeFixed(rfc.key, rfc.state),
        say.typeFixedFix(String(fields.type)),
      );
  }
  if ((FINAL_STATES as readonly string[]).includes(rfc.state))
    return refuse('INVALID_STATE', 'lifecycle', say.finalState(rfc.key, rfc.state));
  if (VOTING.includes(rfc.state))
    return refuse('INVALID_STATE', 'during-vote', say.duringVote(rfc.key, rfc.state), say.DURING_VOTE_FIX);
  const content = changed.filter((f) => !post(f));
  if (SHIPPED.includes(rfc.state)) {
    if (content.length)
      return refuse(
        'INVALID_STATE',
        'approved-content',
        say.deployedContent(rfc.key, rfc.state, content),
        say.postApprovalOnly(s.postApprovalFields),
      );
    return { ok: true, effect: 'set', reopened: [] };
  }
  if (rfc.type === 'standard') {
    const after = { ...rfc, ...fields } as PolicyRfc;
    const outside = templateRefusal(after, s, { complete: rfc.state !== 'draft' && rfc.state !== 'postponed' });
    if (outside) return outside;
    return { ok: true, effect: rfc.state === 'scheduled' && content.length ? 'recheck' : 'set', reopened: [] };
  }
  const a = rfc.approval;
  if (!a && (rfc.state === 'draft' || rfc.state === 'postponed')) return { ok: true, effect: 'set', reopened: [] };
  // After an approval: a proposal approval lets the build fill what was blank; anything else reopens.
  const reopened =
    a?.stage === 'approval' && rfc.state !== 'scheduled' ? content.filter((f) => a.filled.includes(f)) : content;
  return { ok: true, effect: reopened.length ? 'reopen' : 'set', reopened };
}

/** May `actor` send the RFC to the CCB (approval vote)? */
export function submitDecision(rfc: PolicyRfc, actor: PolicyActor): Decision {
  const who = actsFor(rfc, actor, 'submit');
  if (!who.ok) return who;
  const life =
    rfc.state === 'draft' || rfc.state === 'postponed'
      ? transitionRefusal(rfc.key, rfc.type, rfc.state, 'proposed')
      : say.notSubmittable(rfc.key, rfc.state);
  if (life) return refuse('INVALID_STATE', 'lifecycle', life, say.SHOW_FIX(rfc.key));
  if (rfc.state === 'postponed' && rfc.approval)
    return refuse('INVALID_STATE', 'lifecycle', say.releasePostponed(rfc.key), say.RELEASE_AGAIN_FIX(rfc.key));
  return OK;
}

/** May a standard RFC be scheduled by its template (without a vote)? */
export function standardDecision(rfc: PolicyRfc, actor: PolicyActor, s: PolicySettings): Decision {
  const who = actsFor(rfc, actor, 'submit');
  if (!who.ok) return who;
  if (rfc.type !== 'standard')
    return refuse(
      'INVALID_STATE',
      'standard-only-from-template',
      say.standardOnlyFromTemplate(rfc.key),
      say.STANDARD_FIX,
    );
  if (rfc.state !== 'draft' && rfc.state !== 'postponed')
    return refuse('INVALID_STATE', 'lifecycle', say.notSubmittable(rfc.key, rfc.state), say.SHOW_FIX(rfc.key));
  const life = transitionRefusal(rfc.key, rfc.type, rfc.state, 'scheduled');
  if (life) return refuse('INVALID_STATE', 'lifecycle', life);
  return templateRefusal(rfc, s) ?? OK;
}

/** May `actor` take the lifecycle step `action` (to `to`)? Built and release need the proposal's approval to hold. */
export function stepDecision(
  rfc: PolicyRfc,
  actor: PolicyActor,
  action: RfcAction,
  to: ChangeState,
  s: PolicySettings,
): Decision {
  const who = actsFor(rfc, actor, action);
  if (!who.ok) return who;
  const life = transitionRefusal(rfc.key, rfc.type, rfc.state, to);
  if (life) return refuse('INVALID_STATE', 'lifecycle', life, say.SHOW_FIX(rfc.key));
  if (to === 'built' || to === 'release-vote') {
    if (rfc.state === 'postponed' && !rfc.approval)
      return refuse(
        'INVALID_STATE',
        'no-approval',
        say.postponedBeforeApproval(rfc.key),
        say.SUBMIT_AGAIN_FIX(rfc.key),
      );
    return approvalRefusal(rfc, ['approval'], s) ?? OK;
  }
  return OK;
}

/** May `voterId` vote on the RFC requested by `requesterId`? (Board membership is the vote service's.) */
export function voteDecision(
  rfc: Pick<PolicyRfc, 'key' | 'requesterId'>,
  voterId: string,
  s: Pick<PolicySettings, 'fourEyes'>,
): Decision {
  if (s.fourEyes && voterId === rfc.requesterId)
    return refuse('FORBIDDEN', 'four-eyes', say.ownChange(rfc.key, 'voteOn'), say.ownChangeFix('vote'));
  return OK;
}

/** May `actor` decide an open vote by override? A change manager other than the requester, with a reason. */
export function overrideDecision(rfc: PolicyRfc, actor: PolicyActor, reason: string, s: PolicySettings): Decision {
  if (!actor.roles.includes('change-manager'))
    return refuse('FORBIDDEN', 'role', say.needsRole('override', 'change-manager'));
  if (s.fourEyes && actor.id === rfc.requesterId)
    return refuse('FORBIDDEN', 'four-eyes', say.ownChange(rfc.key, 'override'), say.ownChangeFix('override'));
  if (reason.trim().length < 3) return refuse('PRECONDITION', 'reason', say.reasonMissing('override'));
  return OK;
}

/** May `actor` confirm the RFC's emergency? A change manager other than the requester, with a reason. */
export function confirmDecision(rfc: PolicyRfc, actor: PolicyActor, reason: string, s: PolicySettings): Decision {
  if (!actor.roles.includes('change-manager'))
    return refuse('FORBIDDEN', 'role', say.needsRole('confirm', 'change-manager'));
  if (s.fourEyes && actor.id === rfc.requesterId)
    return refuse('FORBIDDEN', 'four-eyes', say.ownChange(rfc.key, 'confirm'), say.ownChangeFix('confirm'));
  if (rfc.type !== 'emergency') return refuse('INVALID_STATE', 'emergency', say.notEmergency(rfc.key, rfc.type));
  if ((FINAL_STATES as readonly string[]).includes(rfc.state))
    return refuse('INVALID_STATE', 'lifecycle', say.finalState(rfc.key, rfc.state));
  if (rfc.emergency?.confirmedBy)
    return refuse('INVALID_STATE', 'emergency', say.alreadyConfirmed(rfc.key, rfc.emergency.confirmedBy));
  if (reason.trim().length < 3) return refuse('PRECONDITION', 'reason', say.reasonMissing('confirm'));
  return OK;
}

/** The bot's own actor (its deployments and jobs). */
export const SYSTEM_ACTOR_ID = 'opsdesk';

/**
 * The invariant of every transition (ChangeService.transition checks it before it writes): the
 * lifecycle allows it; a change reaches approved, built, release-vote, scheduled or deploying
 * only carrying an approval that holds for exactly its content; it goes back to a vote only
 * without one; and it leaves deploying only by its deployment (the bot's own actor: the end of
 * the deployment, a failed start, the reconcile job), never by a person while it may still run.
 * `after` is the RFC as it would be written.
 */
export function transitionDecision(
  before: PolicyRfc,
  to: ChangeState,
  after: PolicyRfc,
  s: PolicySettings,
  actorId: string = SYSTEM_ACTOR_ID,
): Decision {
  const life = transitionRefusal(before.key, before.type, before.state, to);
  if (life) return refuse('INVALID_STATE', 'lifecycle', life, say.SHOW_FIX(before.key));
  if (before.state === 'deploying' && actorId !== SYSTEM_ACTOR_ID) {
    return refuse('INVALID_STATE', 'state', say.deployingMovesItself(before.key, to), say.DEPLOYING_FIX(before.key));
  }
  switch (to) {
    case 'approved':
    case 'built':
    case 'release-vote':
      return approvalRefusal(after, ['approval'], s) ?? OK;
    case 'scheduled':
      if (before.state === 'deploying') return OK;
      return approvalRefusal(after, before.state === 'release-vote' ? ['release'] : ['template'], s) ?? OK;
    case 'deploying':
      return approvalRefusal(after, ['release', 'template'], s) ?? OK;
    case 'proposed':
      return after.approval ? refuse('INVALID_STATE', 'no-approval', say.reopenNeedsNoApproval(before.key)) : OK;
    default:
      return OK;
  }
}
