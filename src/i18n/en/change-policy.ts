/** The change policy's refusals and effects (src/changes/render-policy.ts). */
export const changePolicyEn = {
  'policy.or': '{a} or {b}',
  'policy.list': '{a}, {b}',
  'policy.problems': '{a}; {b}',
  'policy.none': 'none',
  'policy.noneTemplate': '(none)',
  'policy.noPackageName': 'no package',
  'policy.andMore': '{hosts} and {count} more',
  'policy.action.edit': 'edit it',
  'policy.action.submit': 'submit it',
  'policy.action.withdraw': 'withdraw it',
  'policy.action.built': 'mark it as built',
  'policy.action.release': 'send it to the release vote',
  'policy.action.schedule': 'schedule it',
  'policy.action.review': 'review it',
  'policy.action.close': 'close it',
  'policy.action.cancel': 'cancel it',
  'policy.own.voteOn': 'vote on',
  'policy.own.override': 'override the vote on',
  'policy.own.confirm': 'confirm',
  'policy.role.override': 'override a CCB vote',
  'policy.role.confirm': 'confirm an emergency change',
  'policy.reason.override': 'An override',
  'policy.reason.confirm': 'A confirmation',
  'policy.notOwner': "Only {key}'s requester ({name}) or a {roles} may {what}.",
  'policy.ownChange':
    'You requested {key}, so you may not {what} it: four eyes, someone other than the requester decides.',
  'policy.ownChangeFix.vote': 'The other members of the board vote on it.',
  'policy.ownChangeFix.override': 'Ask a change manager other than yourself to override the vote.',
  'policy.ownChangeFix.confirm': 'Ask a change manager other than yourself to confirm it.',
  'policy.needsRole': 'Only a {role} may {what}.',
  'policy.reasonMissing': '{what} needs a reason: it is recorded and shown to the CCB.',
  'policy.standardOnlyFromTemplate':
    '{key} cannot become a standard change by editing: a standard change comes only from a configured template.',
  'policy.standardNotTyped':
    'A standard change comes only from a configured template; `type=standard` cannot be typed.',
  'policy.templateType': 'An RFC from template {template} is a standard change; it cannot be {typed}.',
  'policy.standardFix':
    'Create it from a template: `rfc new --template ID …` (`changes.templates`), or leave it normal and submit it ' +
    'to the CCB.',
  'policy.typeFixed': '{key} is {state}; its type was fixed when it was submitted.',
  'policy.typeFixedFix': 'Withdraw it and propose a new {type} change.',
  'policy.standardTypeFixed': '{key} is a standard change from template {template}; its type cannot change.',
  'policy.duringVote': '{key} is {state}: the CCB is voting on it, so nothing about it changes now.',
  'policy.duringVoteFix': 'Withdraw it first if it must change.',
  'policy.finalState': '{key} is {state}; it no longer changes.',
  'policy.deployedContent': '{key} is {state}; what was approved and shipped ({fields}) no longer changes.',
  'policy.postApprovalOnly': 'Only these may change now: {fields} (changes.policy.postApprovalFields).',
  'policy.noTemplate':
    '{key} is a standard change, but its template {template} is not configured; nothing is pre-approved.',
  'policy.theNewRfc': 'The new RFC',
  'policy.outsideTemplate': '{key} is outside what template {template} allows: {problems}.',
  'policy.templateFix':
    "Keep to the template's limits (`changes.templates` {template}), or propose a normal change for the CCB.",
  'policy.problem.type': 'its type is {type}, not standard',
  'policy.problem.fixed': '{field} is fixed by the template ("{wanted}")',
  'policy.problem.noTargets': 'it names no targets',
  'policy.problem.targets': "targets {wider} are not among the template's targets ({allowed})",
  'policy.problem.noPackage': 'package {pkg}: the template allows no package',
  'policy.problem.pkg': 'package {pkg} is not one the template allows ({allowed})',
  'policy.noApproval': '{key} has no approval from the CCB (or a standard-change template).',
  'policy.proposalOnly': '{key} is approved as a proposal only; it has no release approval.',
  'policy.approvalBroken': "{key}'s approval record does not match the content it says it approved.",
  'policy.contentChanged': '{key} is not what was approved: {fields} changed since the approval (digest {digest}).',
  'policy.approvedByRequester': "{key}'s approval was given by its own requester; four eyes require someone else.",
  'policy.noApprovers': "{key}'s approval names nobody who approved it.",
  'policy.approvalFix': 'Type `rfc show {key}`; the CCB approves it again after `rfc submit {key}`.',
  'policy.reopenNeedsNoApproval': '{key} cannot go to the CCB again while it still carries an approval.',
  'policy.deployingMovesItself': '{key} is deploying; only its deployment moves it on (to {to}), once it has ended.',
  'policy.deployingFix': 'Type `deploy status {key}`; `deploy cancel {key}` or `rollback {key}` end it.',
  'policy.showFix': 'Type `rfc show {key}` to see where it stands.',
  'policy.notSubmittable': '{key} is {state}; only a draft or a postponed change is submitted to the CCB.',
  'policy.releasePostponed': '{key} was postponed in its release vote; it is already approved.',
  'policy.postponedBeforeApproval': '{key} was postponed before the CCB approved it; it needs the approval vote first.',
  'policy.notEmergency': '{key} is a {type} change; only an emergency change is confirmed.',
  'policy.alreadyConfirmed': "{key}'s emergency is already confirmed (by {by}).",
  'policy.reopened':
    '{key} was changed after its approval ({fields}, by {by}): the approval no longer holds, and the CCB votes on ' +
    'it again.',
  'policy.alreadyDeploying': '{key} is already deploying.',
  'policy.alreadyDeployingAs': '{key} is already deploying ({label}).',
  'policy.notReleaseApproved':
    "{key} is not release-approved: it is {state}. A deployment needs the CCB's release approval (state scheduled).",
  'policy.noWindow': '{key} has no approved change window.',
  'policy.outsideWindow': 'Outside the change window of {key}: it is {start} – {end} ({timezone}); now it is {now}.',
  'policy.windowFix': 'Deploy inside the window, or ask the CCB for a new one (changing the window reopens the vote).',
  'policy.noPackage': '{key} names no approved package.',
  'policy.wrongPackage': '{label} ships {pkg}, but the approval is for {approved}.',
  'policy.digestMismatch': '{label} was started for another approval of {key} than the one it carries now.',
  'policy.outOfScope.one': '{hosts} is outside what was approved for {key} (targets {approved}).',
  'policy.outOfScope.other': '{hosts} are outside what was approved for {key} (targets {approved}).',
  'policy.outOfTemplateScope.one': '{hosts} is outside what template {template} may reach for {key}.',
  'policy.outOfTemplateScope.other': '{hosts} are outside what template {template} may reach for {key}.',
  'policy.scopeFix':
    'Deploy to the approved targets only (`deploy {key} --dry-run` lists them), or widen them with `rfc edit {key} ' +
    "targets=…`, which reopens the CCB's vote.",
  'policy.frozenPart': '{group} frozen until {until} by {by}: {reason} (covers {count} of the targets)',
  'policy.frozen': 'Frozen: {parts}.',
  'policy.freezeFix':
    'Wait until the freeze ends, or ask for an emergency change (confirmed by a change manager other than the ' +
    'requester).',
  'policy.chaseTooLong':
    '--chase-hours {hours} goes past the chase limit {bound} ({timezone}; the end of the approved window plus ' +
    '{grace} h): at most {max} h now.',
  'policy.chasePastBound':
    'the chase limit {bound} ({timezone}; the end of the approved window plus the grace) has passed',
  'policy.noRfc': '{label} belongs to no RFC; a deployment without an approved RFC never runs.',
  'policy.rfcState': '{key} is {state} (not {wanted}), so {label} does not go on.',
  'policy.rolledBack': '{label} was rolled back.',
  'policy.rollbackState': '{key} is {state}; only a deploying or deployed change can be rolled back.',
  'policy.stillRunning': '{label} is still running.',
  'policy.cancelFirst': 'Cancel it first: `deploy cancel {key}`.',
  'policy.statusFix': 'Type `deploy status {key}`.',
  'policy.startConditionOpen':
    '{key} may not start yet: its start condition "{condition}" has not been marked met (by a {role}).',
  'policy.releaseAgainFix': 'Ask for release approval again: `/rfc release {key}`.',
  'policy.submitAgainFix': 'Submit it again: `/rfc submit {key}`.',
  'policy.deployingNowFix': 'Type `deploy status {key}`, `deploy resume {key}` or `deploy cancel {key}`.',
  'policy.rfcShowFix': 'Type `rfc show {key}`.',
  'policy.packageFix': 'Set it with `rfc edit {key} package=NAME@VERSION` (the CCB then approves it).',
  'policy.chaseFix': 'Use --chase-hours {max} or less.',
  'policy.conditionFix': 'Once it holds: `rfc condition {key} met [NOTE]` (by the named role).',
  'policy.life.already': '{key} is already {state}.',
  'policy.life.cannot': '{key} is {from}; it cannot become {to}. From {from} it can become: {next}.',
  'policy.life.cannotFinal': '{key} is {from}; it cannot become {to}. {from} is final.',
  'policy.life.waysOut':
    ' Ways out: `deploy {key}` runs the rest, `deploy complete {key} --with-exceptions` accepts it as it is, ' +
    '`rollback {key}` undoes it.',
  'policy.life.withWaysOut': '{text}{out}',
  'policy.life.draftToScheduled':
    '{key} is a {type} change; only standard (pre-approved) changes go from draft straight to scheduled. From ' +
    'draft it can become: proposed, withdrawn.',
  'policy.life.reviewFirst':
    '{key} is an emergency change: it must be reviewed before it is closed. From deployed it can become: ' +
    'reviewed, rolled-back.',
  'policy.life.postponedToVote':
    '{key} is a {type} change; after a postponement it goes back to a vote (proposed or release-vote).',
} as const;
