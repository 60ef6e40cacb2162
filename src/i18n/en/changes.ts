/** The change process: `rfc` answers, the RFC view, the dialogue, conflicts and the planning steps. */
export const changesEn = {
  // rfc show / list
  'rfc.line': '{key} [{state}] {title} — {type}, {requester}',
  'rfc.lineAt': '{key} [{state}] {title} — {type}, {requester}, {at}',
  'rfc.heading': '{key} {title} [{state}] ({type}, requested by {requester})',
  'rfc.missing': 'Missing before submit: {fields}.',
  'rfc.ready': 'Ready: type `rfc submit {key}`.',
  'rfc.auditHint': 'Type `rfc audit {key}` for its history.',
  'rfc.approvedBy': 'by {names}',
  'rfc.approvedByOverride': 'by {names} (override)',
  'rfc.approvedByTemplate': 'by template {template}',
  'rfc.approved': 'Approved ({stage}): {by}, digest {digest}',
  'rfc.revisionOf': 'Revision {revision} of {of} (rejected).',
  'rfc.revisedAs': 'Revised as {key}.',
  'rfc.conditionMet': 'Start condition met (marked by {by}).',
  'rfc.conditionOpen': 'Start condition not marked met yet: `rfc condition {key} met` ({role}).',
  'rfc.conflicts': '⚠ Conflicts: {list}',
  'rfc.emergencyConfirmed': 'Emergency confirmed by {by}: {reason}',
  'rfc.emergencyUnconfirmed':
    'Emergency not confirmed: normal rules apply until a change manager other than the requester confirms it.',
  'rfc.card.type': 'Type',
  'rfc.card.requester': 'Requester',
  'rfc.card.template': 'Template',
  'rfc.list.none': 'No changes.',
  'rfc.list.noneOf': 'No {filter} changes.',
  'rfc.list.count.one': '{count} change:',
  'rfc.list.count.other': '{count} changes:',
  'rfc.list.title': '{count} changes ({filter})',
  'rfc.list.more': '…and {count} more.',
  'rfc.list.badFilter': '"{typed}" is not a list filter: {filters}.',
  // rfc audit (the entries and the chain's verdict are the record itself, kept as written)
  'rfc.audit.heading.one': '{key} record ({count} entry): {verdict}',
  'rfc.audit.heading.other': '{key} record ({count} entries): {verdict}',
  'rfc.audit.title': '{key} record',
  'rfc.audit.chain': 'Chain',
  'rfc.audit.head': 'Head: entry {seq}, {hash}',
  // rfc new and the dialogue
  'rfc.new.badType': '--type must be normal or emergency (standard changes come from a --template).',
  'rfc.new.noTitle': 'TITLE is missing.',
  'rfc.new.titleTooLong': 'TITLE is longer than 200 characters; put the detail in the description.',
  'rfc.new.noTemplate': 'There is no standard-change template "{typed}".',
  'rfc.new.templates': 'Templates: {ids}.',
  'rfc.new.noTemplates': 'No templates are configured (changes.templates).',
  'rfc.new.untitled': 'Untitled change',
  'rfc.new.created': 'Created {key} ({type}, draft): {title}.',
  'rfc.new.createdFromTemplate': 'Created {key} ({type}, from template {template}: pre-approved, draft): {title}.',
  'rfc.new.createdEmergency':
    'Created {key} ({type}, draft): {title}; an emergency only once a change manager other than you confirms it ' +
    '(`rfc confirm {key} REASON`).',
  'rfc.ask.complete': '{key} has everything the CCB needs. Type `/rfc submit {key}` to send it to the CCB.',
  'rfc.ask.next':
    '{key}, {label} ({count} still missing: {fields}): {question}\n_Answer here; `cancel` stops the questions, ' +
    '`/rfc edit {key} {field}=…` works too._',
  'rfc.ask.stopped':
    'OK, no more questions on {key}. Fill the rest with `/rfc edit {key} field=value`, then `/rfc submit {key}`.',
  'rfc.ask.noted': 'Noted {label}.',
  'rfc.arg.notField': '"{typed}" is not an RFC field.',
  'rfc.arg.fields': 'Fields: {fields}.',
  'rfc.arg.needsValue': '{field} needs a value: {field}=… or --{field} "…".',
  'rfc.arg.missing': 'RFC is missing.',
  'rfc.arg.expected': 'expected an RFC number such as RFC-17',
  'rfc.arg.notKey': '"{typed}" is not an RFC number such as RFC-17.',
  // edit, submit, standard changes
  'rfc.edit.set': '{key}: set {fields}.',
  'rfc.edit.setEffect': '{key}: set {fields}. {effect}',
  'rfc.edit.reopened': '{note} The approval vote is open until {at}.',
  'rfc.edit.recheck': 'It is still within template {template}, which approves it again.',
  'rfc.submit.receipt':
    "Receipt: {key} is queued {where}. The vote closes {at} or as soon as the outcome is certain; I'll tell you " +
    'the decision.',
  'rfc.submit.whereCcb': 'for the CCB ({members} members, quorum {quorum})',
  'rfc.submit.whereTab':
    "for technical review by the {tab} board ({members} members, quorum {quorum}), then the {board} board's vote",
  'rfc.submit.unconfirmed': ' Its emergency is not confirmed yet, so the normal vote rule applies.',
  'rfc.standard.scheduled': '{key} is a pre-approved standard change: *scheduled* for {when} without a CCB vote.',
  'rfc.standard.itsWindow': 'its window',
  // the lifecycle steps
  'rfc.withdrawn': '{key} is withdrawn.',
  'rfc.step.needsState': '{key} is {state}; `rfc {command}` needs it {states}.',
  'rfc.step.needsFields': '{key} needs {fields} before `rfc {command}`.',
  'rfc.step.addThem': 'Add them: {usage}',
  'rfc.step.releaseVote': '{key} asks the CCB for release approval (go/no-go); the vote closes {at}.',
  'rfc.step.now': '{key} is now {state}.',
  'rfc.step.chaseStopped': ' Its chase list is no longer retried ({stopped}).',
  'rfc.schedule.done': '{key} window: {window} ({state}).',
  'rfc.review.posted': 'Post-deployment review of {key} by {name}{details}: {note}',
  'rfc.review.notInTime': ', not in time',
  'rfc.review.badSatisfaction': '--satisfaction must be 1 to 5.',
  'rfc.review.done': '{key} is reviewed. Close it with `/rfc close {key}`.',
  'rfc.review.donePosted': '{key} is reviewed; the review is posted to the CCB. Close it with `/rfc close {key}`.',
  'rfc.override.badDecision': 'The decision must be approve or reject.',
  'rfc.override.noDecision': 'approve|reject is missing.',
  'rfc.override.done': '{key}: the {kind} vote is overridden: *{decision}* ({reason}). It is now {state}.',
  'rfc.confirm.done':
    '{key} is confirmed as an emergency change by {name} ({reason}): the emergency vote rule, window and freeze ' +
    'exceptions apply.',
  'rfc.export.done':
    '{key} record written to {file}, signed by opsdesk key {fingerprint} in {signature}; its audit chain is ' +
    '{verdict}.\nVerify it: `gpg --import {publicKey}` then `gpg --verify {signature} {file}`.',
  'rfc.condition.noMet': 'Write `met` after the RFC: `rfc condition RFC met`.',
  'rfc.condition.noteTooLong': 'NOTE is longer than 500 characters.',
  'rfc.condition.done':
    '{key}: start condition "{condition}" marked met by {name}. It is on the record; `/deploy {key}` no longer ' +
    'waits for it.',
  'rfc.condition.doneNote':
    '{key}: start condition "{condition}" marked met by {name} ({note}). It is on the record; `/deploy {key}` no ' +
    'longer waits for it.',
  'rfc.revise.reasonTooLong': '--reason is longer than 500 characters.',
  'rfc.revise.head': '{key} is revision {revision} of {of} (which stays rejected, its record kept).',
  'rfc.revise.missing': '{head} Still missing before the vote: {fields}; then `rfc submit {key}`.',
  // conflicts
  'conflict.hosts.one': '{count} host',
  'conflict.hosts.other': '{count} hosts',
  'conflict.someHosts': '{hosts}, … and {count} more',
  'conflict.rfc': '{key}{title} ({state}): {hosts} in both ({names}), windows overlap {span}',
  'conflict.freeze': 'freeze of {group} by {by} ({reason}): covers {hosts} ({names}) {span}',
  'conflict.note.one': '\n⚠ Conflict (not blocking):\n{lines}',
  'conflict.note.other': '\n⚠ {count} conflicts (not blocking):\n{lines}',
  'conflict.noteBlocking.one': '\n⚠ Conflict:\n{lines}',
  'conflict.noteBlocking.other': '\n⚠ {count} conflicts:\n{lines}',
  'conflict.blocked.one': '{key} conflicts with another plan (changes.policy.blockConflicts):\n{lines}',
  'conflict.blocked.other': '{key} conflicts with {count} other plans (changes.policy.blockConflicts):\n{lines}',
  'conflict.fix':
    'Move the window (`rfc schedule RFC START..END`), narrow the targets, or agree the order with the other ' +
    "change's requester; `changes.policy.blockConflicts: false` makes conflicts a warning.",
} as const;
