/**
 * Deployments before and around the run: the pilot's go/no-go, the chase list, the preconditions of
 * `/deploy` (and a start scheduled `at` a time), and the checks of its flags.
 */
export const deployOpsEn = {
  'hosts.more': '{hosts} … and {count} more',

  // The pilot's go/no-go (posted where the deployment was asked for).
  'pilot.waiting': 'The pilot is done: waiting for the go/no-go.',
  'pilot.decider.ccb': 'a CCB member',
  'pilot.decider.release-manager': 'a release manager',
  'pilot.line': 'Pilot {group} ({count}: {hosts}): {counts}.',
  'pilot.wait': '{count} host(s) wait for the go.',
  'pilot.ask':
    '{decider}: react :{go}: for go or :{noGo}: for no-go, or type `deploy go {key}` / `deploy no-go {key}`.',
  'pilot.text': 'Go/no-go for {label} ({package}): {lines}',
  'pilot.title': 'Go/no-go: {label}',
  'pilot.status': 'WAITING FOR GO/NO-GO',
  'pilot.goNote': 'Go from {name}: the other {count} host(s) run now.',
  'pilot.noGoReason': 'No-go after the pilot from {name}; the hosts after the pilot were skipped.',
  'pilot.noGoNote': 'No-go from {name}: nothing more runs. {rollback}',
  'pilot.noGoRollback': '`rollback {key}` undoes the {count} pilot host(s) that received it ({hosts}).',
  'pilot.noGoNothing': 'No pilot host received it; nothing to roll back.',
  'pilot.notDecider': 'Only {decider} answers the go/no-go of {label} (deploy.pilot.decidedBy).',
  'pilot.noneWaiting': '{key} has no pilot waiting for a go/no-go.',
  'pilot.noneWaitingState': '{key} has no pilot waiting for a go/no-go ({label} is {state}).',
  'pilot.answered': 'The go/no-go of {label} was answered already.',
  'pilot.statusFix': 'Type `deploy status {key}`.',
  'pilot.cmd.go': '{label}: go from {name}; the rest runs now.',
  'pilot.cmd.noGo': '{label}: no-go from {name}; it stopped after the pilot. `rollback {key}` undoes the pilot hosts.',

  // `chase RFC list|now|retry`.
  'chase.notListed': '{host} is not on the chase list of {key}.',
  'chase.listFix': 'Type `chase {key} list`.',
  'chase.notEnded': '{label} is {state}; its chase list is retried once it ended.',
  'chase.held': 'interrupted mid-run, may have run already; not retried until `chase {key} retry {host} --yes`',
  'chase.entry': '{host}: {state}',
  'chase.entryWhy': '{host}: {state} ({why})',
  'chase.empty': 'The chase list of {key} is empty.',
  'chase.policyActive': 'retried every {minutes} min until {until}',
  'chase.policyIdle': 'not being retried',
  'chase.policyPaused': 'not being retried (paused: {reason})',
  'chase.more': '… and {count} more: `deploy show D-{n} failed` groups them by error.',
  'chase.list': 'Chase list of {key} ({count}, {policy}):\n{lines}',
  'chase.round': 'Chase of {key}: retried {retried}, {count} succeeded{recovered}, {left} left.{held}{running}',
  'chase.roundRecovered': ' ({hosts}; `deploy show D-{n} succeeded`)',
  'chase.roundHeld':
    ' Not retried (interrupted mid-run, may have run already): {hosts}; `chase {key} retry HOST --yes` runs one again.',
  'chase.roundRunning': ' Still running from an earlier round, not run again: {hosts}.',
  'chase.retriedOk': "{host} ran again at {name}'s request and succeeded.",
  'chase.retriedFailed': "{host} ran again at {name}'s request: {state}. It stays on the chase list of {key}.",

  // The preconditions of `/deploy` (the change policy's own refusals: src/changes/render-policy.ts).
  'pre.unknownRfc': '{key} is not an RFC I know.',
  'pre.unknownRfcFix': 'Type `rfc list` to see the RFCs.',
  'pre.packageBad': 'The package does not verify: {reason}.',
  'pre.packageBadFix': 'Nothing ran. Re-sign it, or fix the scripts and add a new version.',
  'pre.unreachable': 'Cannot reach the targets: {reason}.',
  'pre.downgrade': '{key} would install {package}, older than {count} target(s) run: {hosts}.',
  'pre.downgradeHost': '{host} runs {version}',
  'pre.downgradeList': '{list}, {one}',
  'pre.downgradeMore': '{hosts}, … and {count} more',
  'pre.downgradeFix':
    'Nothing ran. If the downgrade is intended, declare it: `rfc edit {key} downgrade=yes` (the CCB then approves it ' +
    'again).',
  'pre.alreadyDeploying': '{key} is already deploying.',
  'pre.alreadyDeployingRace': '{key} is already deploying (another `deploy` started at the same moment).',
  'pre.noProgress':
    '{label} did not start: I could not post its progress message ({error}). Nothing ran, and it will not run later.',
  'pre.noProgressFix': 'Check the chat connection, then type `deploy {key}` again.',
  'pre.startLate': '{label} did not start in time; it is recorded as failed and will not run.',
  'pre.againFix': 'Type `deploy {key}` again.',
  'pre.targetsUnknown.one': 'Targets do not resolve: {names} is neither a host nor a group in the inventory.',
  'pre.targetsUnknown.other': 'Targets do not resolve: {names} are neither hosts nor groups in the inventory.',
  'pre.targetsUnknownFix': 'Type `/inventory groups` for the group names, `/inventory list` for the hosts.',
  'pre.targetsEmpty': 'Targets do not resolve: no host matches {query}.',
  'pre.targetsEmptyFix': 'Type `/inventory list` with the same filters to check.',

  // The deployment an RFC has, and what may be done with it now.
  'dep.noId': 'There is no deployment {id}.',
  'dep.none': '{key} has no deployment yet.',
  'dep.noneRollback': '{key} has no rollback yet.',
  'dep.noneFix': 'Start one with `deploy {key}`.',
  'dep.nothingToCancel': '{label} is {state}; there is nothing to cancel.',
  'dep.nothingToCancelFix':
    'If {key} stays deploying: `deploy {key}` runs the rest, `deploy complete {key} --with-exceptions` accepts it ' +
    'as it is, `rollback {key}` undoes it.',
  'dep.notPaused': '{label} is {state}; only a paused deployment (or chase) is resumed.',
  'dep.pilotWaits': '{label} waits for the go/no-go after its pilot; a resume does not answer it.',
  'dep.pilotWaitsFix': 'Type `deploy go {key}` or `deploy no-go {key}`.',
  'dep.raced': '{label} changed at the same moment; nothing was resumed.',

  // A start scheduled for later: `/deploy RFC … at window|DATE TIME`.
  'at.needsTime': '`at` needs a time.',
  'at.fix': "Write `at window` (the approved window's opening) or `at 2026-12-01 07:30`.",
  'at.dryRun': '--dry-run shows a start now; leave out `at …`, or schedule it without --dry-run.',
  'at.noWindow': '{key} has no approved window to start at.',
  'at.noWindowFix': 'Type `rfc show {key}`.',
  'at.windowOpen': 'The window of {key} has opened already.',
  'at.past': 'That time is already past.',
  'at.nowFix': 'To start now: `deploy {key}`.',
  'at.already': '{key} already has a scheduled start.',
  'at.alreadyFix': 'Type `rfc show {key}` to see it, or `deploy cancel {key}` to cancel it first.',
  'at.when': '{time}',
  'at.whenWindow': "{time} (the approved window's opening)",
  'at.scheduled':
    '{key} starts at {when}, scheduled by {name}. Every precondition (approval, window, freezes, targets, start ' +
    'condition, pilot) is checked again then. `deploy cancel {key}` cancels it.',
  'at.line': 'Scheduled start: {when}, by {name}; `deploy cancel {key}` cancels it.',
  'at.started': 'The start of {key} scheduled for {when} by {name}: every precondition holds; it starts now.',
  'at.refused': 'The start of {key} scheduled for {when} by {name} is refused: {reason} Nothing ran.{fix}',
  'at.cancelled': 'The start of {key} scheduled for {when} is cancelled by {by}; nothing ran.',
  'at.mayNot': '{name} may no longer deploy (roles: {roles}).',
  'at.mayNotFix': 'Someone who may: `deploy {key}`.',
  'at.failed': 'the start failed (see the log)',

  // The checks of `/deploy`'s flags (each names its flag).
  'flag.wholeNumber': '{name} must be a whole number.',
  'flag.atMost': '{name} is at most {max}.',
  'flag.atLeast': '{name} must be at least {min}.',
  'flag.canary': '{name} is a number, a group or HOST,HOST.',
  'flag.group': '{name} names a group.',
  'flag.minutes': '{name} must be a number of minutes (at most {max}).',
  'flag.hours': '{name} must be a number of hours (at most {max}).',

  // `deploy show D-n [STATE|HOST] [--csv]`.
  'show.none': '{label}: no host is {state}.',
  'show.group.one': '{line}: 1 host ({hosts})',
  'show.group.other': '{line}: {count} hosts ({hosts})',
  'show.moreKinds': '… and {count} more kinds of error.',
  'show.grouped': '{label}: {count} host(s) {state}, by error line:\n{lines}',
  'show.host': '{label}, {host}: {state}, {attempts} attempt(s).',
  'show.hostDropped': '{label}, {host}: {state}, {attempts} attempt(s), dropped from the chase list.',
  'show.tail': 'Last {count} line(s) of output:',
  'show.numberMissing': 'D-N is missing: which deployment (as `D-12`, from its progress message)?',
  'show.notAnOption': '--{flag} is not an option here; --csv attaches the list as a file.',
  'show.allIsForFile': '`all` is for the file: `deploy show D-N all --csv`.',
  'show.noDeployment': 'There is no deployment D-{n}.',
  'show.statusFix': 'Type `deploy status RFC`.',
  'show.all': '{label}: {count} host(s).',
  'show.attached': 'The whole list is attached: {file}.',
  'show.csvOneHost': '--csv lists hosts in a state (or `all`), not one host.',
  'show.neither': '{what} is neither a state nor a host of {label}.',
  'show.neitherFix': 'Type `deploy show D-{n} failed` (states: {states}).',

  // `deploy complete RFC --with-exceptions`.
  'complete.sayIt':
    'Say that you accept the hosts not reached: `deploy complete {key} --with-exceptions`. They are recorded and ' +
    'followed up (one problem, or --incidents for one per host).',
  'complete.done':
    '{key} is deployed with exceptions (accepted by {name}): {succeeded}/{total} succeeded; {count} exception(s)' +
    '{list}. Its chase list is no longer retried. Next: `rfc review {key}`.',
  'complete.list': ': {hosts}; follow-up: {keys}',
  'complete.notDeploying': '{key} is {state}; only a deploying RFC is completed with exceptions.',
  'complete.notEnded': '{label} is {state}; it must end before {key} is completed.',
  'complete.notEndedFix': 'Type `deploy cancel {key}` first (targets running finish), then this again.',
  'complete.already': '{key} was completed with exceptions already.',

  // `deploy freeze|unfreeze` (src/deploy/freezes.ts).
  'freeze.notADate': '"{typed}" is not a date.',
  'freeze.notADateFix': 'Write it as 2026-06-12 or "2026-06-12 08:00".',
  'freeze.past': '{time} is already past.',
  'freeze.none': 'No freeze set from chat covers {group}.',
  'freeze.noneFix': 'Type `deploy freezes` to see them; config freezes change in the config file.',
  'freeze.describe': '{group} frozen until {until} by {name}: {reason}',
} as const;
