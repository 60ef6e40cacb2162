import { said, saidDate, type Said } from '../i18n/refusal';
import type { MessageKey } from '../i18n/messages-en';

/**
 * The sentences of the change policy's refusals and effects (src/changes/change-policy*.ts), by catalog key
 * (src/i18n/<lang>/change-policy.ts): said in the reader's language where they are answered.
 */

type Item = string | Said;

/** `a, b, c` joined by `key` (`{a} or {b}`, `{a}; {b}`) as a sentence, so the joining word is translated too. */
export function joined(items: readonly Item[], key: MessageKey = 'policy.list'): Item {
  if (!items.length) return said('policy.none');
  return items.reduce((a, b) => said(key, { a, b }));
}

const some = (hosts: readonly string[]): Item =>
  hosts.length > 8
    ? said('policy.andMore', { hosts: hosts.slice(0, 8).join(', '), count: hosts.length - 8 })
    : hosts.join(', ');

export type PolicyVerb =
  'edit' | 'submit' | 'withdraw' | 'built' | 'release' | 'schedule' | 'review' | 'close' | 'cancel';

export function notOwner(key: string, requesterName: string, action: PolicyVerb, roles: readonly string[]): Said {
  return said('policy.notOwner', {
    key,
    name: requesterName,
    roles: joined(roles, 'policy.or'),
    what: said(`policy.action.${action}`),
  });
}

export function ownChange(key: string, what: 'voteOn' | 'override' | 'confirm'): Said {
  return said('policy.ownChange', { key, what: said(`policy.own.${what}`) });
}

export function ownChangeFix(what: 'vote' | 'override' | 'confirm'): Said {
  return said(`policy.ownChangeFix.${what}`);
}

export function needsRole(what: 'override' | 'confirm', role: string): Said {
  return said('policy.needsRole', { role, what: said(`policy.role.${what}`) });
}

export function reasonMissing(what: 'override' | 'confirm'): Said {
  return said('policy.reasonMissing', { what: said(`policy.reason.${what}`) });
}

export const standardOnlyFromTemplate = (key: string) => said('policy.standardOnlyFromTemplate', { key });
export const standardNotTyped = () => said('policy.standardNotTyped');
export const templateType = (template: string, typed: string) => said('policy.templateType', { template, typed });
export const STANDARD_FIX = said('policy.standardFix');
export const typeFixed = (key: string, state: string) => said('policy.typeFixed', { key, state });
export const typeFixedFix = (type: string) => said('policy.typeFixedFix', { type });
export const standardTypeFixed = (key: string, template: string) => said('policy.standardTypeFixed', { key, template });
export const duringVote = (key: string, state: string) => said('policy.duringVote', { key, state });
export const DURING_VOTE_FIX = said('policy.duringVoteFix');
export const finalState = (key: string, state: string) => said('policy.finalState', { key, state });
export const deployedContent = (key: string, state: string, fields: readonly string[]) =>
  said('policy.deployedContent', { key, state, fields: joined(fields) });
export const postApprovalOnly = (fields: readonly string[]) =>
  said('policy.postApprovalOnly', { fields: joined(fields) });
export const noTemplate = (key: string, template: string | undefined) =>
  said('policy.noTemplate', { key, template: template ?? said('policy.noneTemplate') });
/** `key` undefined: the RFC being created ("The new RFC"). */
export const outsideTemplate = (key: string | undefined, template: string, problems: readonly Item[]) =>
  said('policy.outsideTemplate', {
    key: key ?? said('policy.theNewRfc'),
    template,
    problems: joined(problems, 'policy.problems'),
  });
export const templateFix = (template: string) => said('policy.templateFix', { template });

export const templateProblems = {
  type: (type: string) => said('policy.problem.type', { type }),
  fixed: (field: string, wanted: string) => said('policy.problem.fixed', { field, wanted: wanted.slice(0, 60) }),
  noTargets: () => said('policy.problem.noTargets'),
  targets: (wider: readonly string[], allowed: readonly string[]) =>
    said('policy.problem.targets', { wider: wider.join(', '), allowed: joined(allowed) }),
  noPackage: (pkg: string) => said('policy.problem.noPackage', { pkg }),
  pkg: (pkg: string, allowed: readonly string[]) => said('policy.problem.pkg', { pkg, allowed: allowed.join(', ') }),
};

export const noApproval = (key: string) => said('policy.noApproval', { key });
export const proposalOnly = (key: string) => said('policy.proposalOnly', { key });
export const approvalBroken = (key: string) => said('policy.approvalBroken', { key });
/** `digest`: the short form (approved-content.ts's shortDigest). */
export const contentChanged = (key: string, fields: readonly string[], digest: string) =>
  said('policy.contentChanged', { key, fields: joined(fields), digest });
export const approvedByRequester = (key: string) => said('policy.approvedByRequester', { key });
export const noApprovers = (key: string) => said('policy.noApprovers', { key });
export const APPROVAL_FIX = (key: string) => said('policy.approvalFix', { key });
export const reopenNeedsNoApproval = (key: string) => said('policy.reopenNeedsNoApproval', { key });
export const deployingMovesItself = (key: string, to: string) => said('policy.deployingMovesItself', { key, to });
export const DEPLOYING_FIX = (key: string) => said('policy.deployingFix', { key });
export const SHOW_FIX = (key: string) => said('policy.showFix', { key });
export const notSubmittable = (key: string, state: string) => said('policy.notSubmittable', { key, state });
export const releasePostponed = (key: string) => said('policy.releasePostponed', { key });
export const RELEASE_AGAIN_FIX = (key: string) => said('policy.releaseAgainFix', { key });
export const postponedBeforeApproval = (key: string) => said('policy.postponedBeforeApproval', { key });
export const SUBMIT_AGAIN_FIX = (key: string) => said('policy.submitAgainFix', { key });
export const notEmergency = (key: string, type: string) => said('policy.notEmergency', { key, type });
export const alreadyConfirmed = (key: string, by: string) => said('policy.alreadyConfirmed', { key, by });

/** The change manager's reopen notice: to the requester and on the new CCB card. */
export const reopenedNote = (key: string, fields: readonly string[], by: string) =>
  said('policy.reopened', { key, fields: joined(fields), by });

// --- deployments ---------------------------------------------------------------------------

export const alreadyDeploying = (key: string, label: string | undefined) =>
  label ? said('policy.alreadyDeployingAs', { key, label }) : said('policy.alreadyDeploying', { key });
export const DEPLOYING_NOW_FIX = (key: string) => said('policy.deployingNowFix', { key });
export const notReleaseApproved = (key: string, state: string) => said('policy.notReleaseApproved', { key, state });
export const RFC_SHOW_FIX = (key: string) => said('policy.rfcShowFix', { key });
export const noWindow = (key: string) => said('policy.noWindow', { key });

export function outsideWindow(key: string, w: { start: Date; end: Date }, now: Date, tz: string): Said {
  return said('policy.outsideWindow', {
    key,
    start: saidDate(w.start, tz),
    end: saidDate(w.end, tz),
    timezone: tz,
    now: saidDate(now, tz),
  });
}

export const WINDOW_FIX = said('policy.windowFix');
export const noPackage = (key: string) => said('policy.noPackage', { key });
export const PACKAGE_FIX = (key: string) => said('policy.packageFix', { key });
export const wrongPackage = (label: string, pkg: string, approved: string | undefined) =>
  said('policy.wrongPackage', { label, pkg, approved: approved ?? said('policy.noPackageName') });
export const digestMismatch = (label: string, key: string) => said('policy.digestMismatch', { label, key });

export const outOfScope = (key: string, hosts: readonly string[], approved: readonly string[]) =>
  said(hosts.length === 1 ? 'policy.outOfScope.one' : 'policy.outOfScope.other', {
    hosts: some(hosts),
    key,
    approved: joined(approved),
  });

export const outOfTemplateScope = (key: string, hosts: readonly string[], template: string) =>
  said(hosts.length === 1 ? 'policy.outOfTemplateScope.one' : 'policy.outOfTemplateScope.other', {
    hosts: some(hosts),
    template,
    key,
  });

export const SCOPE_FIX = (key: string) => said('policy.scopeFix', { key });

/** One freeze and how many of the targets it covers (the words of FreezeService.describe). */
export function frozenPart(
  f: { group: string; until: Date; setBy: string; reason: string; hosts: readonly string[] },
  tz: string,
): Said {
  return said('policy.frozenPart', {
    group: f.group,
    until: saidDate(f.until, tz),
    by: f.setBy,
    reason: f.reason,
    count: f.hosts.length,
  });
}

export const frozen = (parts: readonly Said[]) => said('policy.frozen', { parts: joined(parts, 'policy.problems') });
export const FREEZE_FIX = said('policy.freezeFix');

export function chaseTooLong(hours: number, bound: Date, tz: string, graceHours: number, maxHours: number): Said {
  return said('policy.chaseTooLong', {
    hours,
    bound: saidDate(bound, tz),
    timezone: tz,
    grace: graceHours,
    max: Math.max(0, Math.floor(maxHours)),
  });
}

export const CHASE_FIX = (max: number) => said('policy.chaseFix', { max: Math.max(0, Math.floor(max)) });

export const chasePastBound = (bound: Date, tz: string) =>
  said('policy.chasePastBound', { bound: saidDate(bound, tz), timezone: tz });

export const noRfc = (label: string) => said('policy.noRfc', { label });
export const rfcState = (label: string, key: string, state: string, wanted: readonly string[]) =>
  said('policy.rfcState', { label, key, state, wanted: joined(wanted, 'policy.or') });
export const rolledBack = (label: string) => said('policy.rolledBack', { label });
export const rollbackState = (key: string, state: string) => said('policy.rollbackState', { key, state });
export const stillRunning = (label: string) => said('policy.stillRunning', { label });
export const CANCEL_FIRST_FIX = (key: string) => said('policy.cancelFirst', { key });
export const STATUS_FIX = (key: string) => said('policy.statusFix', { key });

export const startConditionOpen = (key: string, condition: string, role: string) =>
  said('policy.startConditionOpen', { key, condition, role });
export const CONDITION_FIX = (key: string) => said('policy.conditionFix', { key });

// --- the lifecycle (change-lifecycle.ts's transitionRefusal) ---------------------------------

export const lifeAlready = (key: string, state: string) => said('policy.life.already', { key, state });

export function lifeCannot(key: string, from: string, to: string, next: readonly string[]): Said {
  const text = next.length
    ? said('policy.life.cannot', { key, from, to, next: next.join(', ') })
    : said('policy.life.cannotFinal', { key, from, to });
  if (from !== 'deploying') return text;
  return said('policy.life.withWaysOut', { text, out: said('policy.life.waysOut', { key }) });
}

export const lifeDraftToScheduled = (key: string, type: string) => said('policy.life.draftToScheduled', { key, type });
export const lifeReviewFirst = (key: string) => said('policy.life.reviewFirst', { key });
export const lifePostponedToVote = (key: string, type: string) => said('policy.life.postponedToVote', { key, type });
