import { formatLocal } from '../core/format-time';
import { shortDigest } from './approved-content';

/** The sentences of the change policy's refusals and effects (src/changes/change-policy*.ts). */

export function notOwner(key: string, requesterName: string, what: string, roles: readonly string[]): string {
  return `Only ${key}'s requester (${requesterName}) or a ${roles.join(' or ')} may ${what} it.`;
}

export function ownChange(key: string, what: string): string {
  return `You requested ${key}, so you may not ${what} it: four eyes, someone other than the requester decides.`;
}

export function ownChangeFix(what: 'vote' | 'override' | 'confirm'): string {
  if (what === 'vote') return 'The other members of the board vote on it.';
  return `Ask a change manager other than yourself to ${what === 'override' ? 'override the vote' : 'confirm it'}.`;
}

export function needsRole(what: string, role: string): string {
  return `Only a ${role} may ${what}.`;
}

export function reasonMissing(what: string): string {
  return `${what} needs a reason: it is recorded and shown to the CCB.`;
}

export function standardOnlyFromTemplate(key: string): string {
  return `${key} cannot become a standard change by editing: a standard change comes only from a configured template.`;
}

export function standardNotTyped(): string {
  return 'A standard change comes only from a configured template; `type=standard` cannot be typed.';
}

export function templateType(template: string, typed: string): string {
  return `An RFC from template ${template} is a standard change; it cannot be ${typed}.`;
}

export const STANDARD_FIX =
  'Create it from a template: `rfc new --template ID …` (`changes.templates`), or leave it normal and submit it to ' +
  'the CCB.';

export function typeFixed(key: string, state: string): string {
  return `${key} is ${state}; its type was fixed when it was submitted.`;
}

export function standardTypeFixed(key: string, template: string): string {
  return `${key} is a standard change from template ${template}; its type cannot change.`;
}

export function duringVote(key: string, state: string): string {
  return `${key} is ${state}: the CCB is voting on it, so nothing about it changes now.`;
}

export function finalState(key: string, state: string): string {
  return `${key} is ${state}; it no longer changes.`;
}

export function deployedContent(key: string, state: string, fields: readonly string[]): string {
  return `${key} is ${state}; what was approved and shipped (${fields.join(', ')}) no longer changes.`;
}

export function postApprovalOnly(fields: readonly string[]): string {
  return `Only these may change now: ${fields.join(', ')} (changes.policy.postApprovalFields).`;
}

export function noTemplate(key: string, template: string | undefined): string {
  return (
    `${key} is a standard change, but its template ${template ?? '(none)'} is not configured; nothing is ` +
    `pre-approved.`
  );
}

export function outsideTemplate(key: string, template: string, problems: readonly string[]): string {
  return `${key} is outside what template ${template} allows: ${problems.join('; ')}.`;
}

export function templateFix(template: string): string {
  return `Keep to the template's limits (\`changes.templates\` ${template}), or propose a normal change for the CCB.`;
}

export const templateProblems = {
  type: (type: string) => `its type is ${type}, not standard`,
  fixed: (field: string, wanted: string) => `${field} is fixed by the template ("${wanted.slice(0, 60)}")`,
  noTargets: () => 'it names no targets',
  targets: (wider: readonly string[], allowed: readonly string[]) =>
    `targets ${wider.join(', ')} are not among the template's targets (${allowed.join(', ') || 'none'})`,
  noPackage: (pkg: string) => `package ${pkg}: the template allows no package`,
  pkg: (pkg: string, allowed: readonly string[]) =>
    `package ${pkg} is not one the template allows (${allowed.join(', ')})`,
};

export function noApproval(key: string): string {
  return `${key} has no approval from the CCB (or a standard-change template).`;
}

export function proposalOnly(key: string): string {
  return `${key} is approved as a proposal only; it has no release approval.`;
}

export function approvalBroken(key: string): string {
  return `${key}'s approval record does not match the content it says it approved.`;
}

export function contentChanged(key: string, fields: readonly string[], digest: string): string {
  return (
    `${key} is not what was approved: ${fields.join(', ')} changed since the approval (digest ` +
    `${shortDigest(digest)}).`
  );
}

export function approvedByRequester(key: string): string {
  return `${key}'s approval was given by its own requester; four eyes require someone else.`;
}

export function noApprovers(key: string): string {
  return `${key}'s approval names nobody who approved it.`;
}

export const APPROVAL_FIX = (key: string) =>
  `Type \`rfc show ${key}\`; the CCB approves it again after \`rfc submit ${key}\`.`;

export function reopenNeedsNoApproval(key: string): string {
  return `${key} cannot go to the CCB again while it still carries an approval.`;
}

export function deployingMovesItself(key: string, to: string): string {
  return `${key} is deploying; only its deployment moves it on (to ${to}), once it has ended.`;
}

export function notSubmittable(key: string, state: string): string {
  return `${key} is ${state}; only a draft or a postponed change is submitted to the CCB.`;
}

export function releasePostponed(key: string): string {
  return `${key} was postponed in its release vote; it is already approved.`;
}

export function postponedBeforeApproval(key: string): string {
  return `${key} was postponed before the CCB approved it; it needs the approval vote first.`;
}

export function notEmergency(key: string, type: string): string {
  return `${key} is a ${type} change; only an emergency change is confirmed.`;
}

export function alreadyConfirmed(key: string, by: string): string {
  return `${key}'s emergency is already confirmed (by ${by}).`;
}

/** The change manager's reopen notice: to the requester and on the new CCB card. */
export function reopenedNote(key: string, fields: readonly string[], by: string): string {
  return (
    `${key} was changed after its approval (${fields.join(', ')}, by ${by}): the approval no longer holds, and ` +
    `the CCB votes on it again.`
  );
}

// --- deployments ---------------------------------------------------------------------------

export function alreadyDeploying(key: string, label: string | undefined): string {
  return `${key} is already deploying${label ? ` (${label})` : ''}.`;
}

export function notReleaseApproved(key: string, state: string): string {
  return (
    `${key} is not release-approved: it is ${state}. A deployment needs the CCB's release approval (state ` +
    `scheduled).`
  );
}

export function noWindow(key: string): string {
  return `${key} has no approved change window.`;
}

export function outsideWindow(key: string, w: { start: Date; end: Date }, now: Date, tz: string): string {
  return (
    `Outside the change window of ${key}: it is ${formatLocal(w.start, tz)} – ${formatLocal(w.end, tz)} ` +
    `(${tz}); now it is ${formatLocal(now, tz)}.`
  );
}

export const WINDOW_FIX =
  'Deploy inside the window, or ask the CCB for a new one (changing the window reopens the vote).';

export function noPackage(key: string): string {
  return `${key} names no approved package.`;
}

export function wrongPackage(label: string, pkg: string, approved: string): string {
  return `${label} ships ${pkg}, but the approval is for ${approved}.`;
}

export function digestMismatch(label: string, key: string): string {
  return `${label} was started for another approval of ${key} than the one it carries now.`;
}

export function outOfScope(key: string, hosts: readonly string[], approved: readonly string[]): string {
  const shown = hosts.slice(0, 8).join(', ') + (hosts.length > 8 ? ` and ${hosts.length - 8} more` : '');
  return (
    `${shown} ${hosts.length === 1 ? 'is' : 'are'} outside what was approved for ${key} (targets ` +
    `${approved.join(', ') || 'none'}).`
  );
}

export function outOfTemplateScope(key: string, hosts: readonly string[], template: string): string {
  const shown = hosts.slice(0, 8).join(', ') + (hosts.length > 8 ? ` and ${hosts.length - 8} more` : '');
  return `${shown} ${hosts.length === 1 ? 'is' : 'are'} outside what template ${template} may reach for ${key}.`;
}

export const SCOPE_FIX = (key: string) =>
  `Deploy to the approved targets only (\`deploy ${key} --dry-run\` lists them), or widen them with \`rfc edit ` +
  `${key} targets=…\`, which reopens the CCB's vote.`;

/** One freeze and how many of the targets it covers (the words of FreezeService.describe). */
export function frozenPart(
  f: { group: string; until: Date; setBy: string; reason: string; hosts: readonly string[] },
  tz: string,
): string {
  return (
    `${f.group} frozen until ${formatLocal(f.until, tz)} by ${f.setBy}: ${f.reason} (covers ${f.hosts.length} ` +
    `of the targets)`
  );
}

export function frozen(parts: readonly string[]): string {
  return `Frozen: ${parts.join('; ')}.`;
}

export const FREEZE_FIX =
  'Wait until the freeze ends, or ask for an emergency change (confirmed by a change manager other than the ' +
  'requester).';

export function chaseTooLong(hours: number, bound: Date, tz: string, graceHours: number, maxHours: number): string {
  return (
    `--chase-hours ${hours} goes past the chase limit ${formatLocal(bound, tz)} (${tz}; the end of the ` +
    `approved window plus ${graceHours} h): at most ${Math.max(0, Math.floor(maxHours))} h now.`
  );
}

export function chasePastBound(bound: Date, tz: string): string {
  return `the chase limit ${formatLocal(bound, tz)} (${tz}; the end of the approved window plus the grace) has passed`;
}

export function noRfc(label: string): string {
  return `${label} belongs to no RFC; a deployment without an approved RFC never runs.`;
}

export function rfcState(label: string, key: string, state: string, wanted: readonly string[]): string {
  return `${key} is ${state} (not ${wanted.join(' or ')}), so ${label} does not go on.`;
}

export function rolledBack(label: string): string {
  return `${label} was rolled back.`;
}

export function rollbackState(key: string, state: string): string {
  return `${key} is ${state}; only a deploying or deployed change can be rolled back.`;
}

export function stillRunning(label: string): string {
  return `${label} is still running.`;
}

export const startConditionOpen = (key: string, condition: string, role: string) =>
  `${key} may not start yet: its start condition "${condition}" has not been marked met (by a ${role}).`;
