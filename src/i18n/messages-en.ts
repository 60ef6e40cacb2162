import { commonEn } from './en/common';
import { votesEn } from './en/votes';
import { digestEn } from './en/digest';
import { fixQuestionsEn } from './en/fix-questions';
import { deployEn } from './en/deploy';
import { statsEn } from './en/stats';
import { problemsEn } from './en/problems';
import { ticketsEn } from './en/tickets';
import { changePolicyEn } from './en/change-policy';
import { rfcFieldsEn } from './en/rfc-fields';
import { changesEn } from './en/changes';
import { deployOpsEn } from './en/deploy-ops';
import { inventoryEn } from './en/inventory';
import { consoleEn } from './en/console';
import { intakeEn } from './en/intake';
import { packagesEn } from './en/packages';
import { auditEn } from './en/audit';
import { cardsEn } from './en/cards';
import { configEn } from './en/config';
import { cliEn } from './en/cli';
import { keyFileEn } from './en/key-file';
import { signingEn } from './en/signing';
import { platformSetupEn } from './en/platform-setup';

/**
 * The English message catalog: every sentence a teacher (reporter) can receive. `{name}` is a
 * placeholder filled by `msg()`; `*bold*`, `_italic_` and `` `code` `` are the bot's markup.
 * The keys of this catalog are the keys every other language must have. Each area's sentences live
 * in en/<area>.ts (and <lang>/<area>.ts for the other languages), spread in here.
 */
export const en = {
  ...commonEn,
  ...ticketsEn,
  ...problemsEn,
  ...statsEn,
  ...deployEn,
  ...fixQuestionsEn,
  ...digestEn,
  ...votesEn,
  ...changePolicyEn,
  ...rfcFieldsEn,
  ...changesEn,
  ...deployOpsEn,
  ...inventoryEn,
  ...consoleEn,
  ...intakeEn,
  ...packagesEn,
  ...auditEn,
  ...cardsEn,
  ...configEn,
  ...cliEn,
  ...keyFileEn,
  ...signingEn,
  ...platformSetupEn,
  // Names shown inside sentences.
  'status.new': 'new',
  'status.assigned': 'assigned',
  'status.in-progress': 'in-progress',
  'status.waiting-on-reporter': 'waiting-on-reporter',
  'status.escalated': 'escalated',
  'status.resolved': 'resolved',
  'status.closed': 'closed',
  'priority.P1': 'P1 critical',
  'priority.P2': 'P2 high',
  'priority.P3': 'P3 normal',
  'priority.P4': 'P4 low',
  'category.printing': 'printing',
  'category.network': 'network',
  'category.login': 'login',
  'category.hardware': 'hardware',
  'category.software': 'software',
  'category.other': 'other',

  // The receipt of a new report.
  'receipt.text':
    'Logged as *{key}* ({category}, {priority}). The service desk will get back to you here.\n' +
    'To add details, reply in this thread or write a message starting with {key}.',
  'receipt.status': 'NEW',
  'receipt.category': 'Category',
  'receipt.priority': 'Priority',
  'receipt.footer': 'Reply in this thread or write "{key} …" to add details.',
  'comment.added': 'Added to {key}. Thanks!',

  // Notices about the case.
  'notice.replyHint': '_Reply in this thread or write `{key} …` to add details._',
  'notice.status': '{key} is now *{status}*.',
  'notice.statusNote': '{key} is now *{status}*: {note}',
  'notice.assigned': '{key} is now *assigned* to {name}.',
  'notice.escalated': '{key} is now *escalated* to {name}: {reason}',
  'notice.comment': '{name} on {key}: {note}',
  'notice.reopened': '{key} is *reopened*: {note}',
  'notice.problemFixed': 'The problem behind {key} ({title}) is fixed: {fix}',
  'notice.problemFixedOpen': 'The problem behind {key} ({title}) is fixed: {fix}\nTell us if it still happens.',

  // Confirm and reopen (the teacher's own commands).
  'confirm.done': 'Thanks! {key} is closed.',
  'reopen.done': '{key} is reopened ({status}). The service desk has been told.',

  // Refusals and limits a teacher can meet.
  'refuse.tooLong': 'Your message is {length} characters long; I take reports of up to {max}.',
  'refuse.tooLongFix':
    'Describe the problem in a few sentences; an operator will ask for more if needed. Nothing was logged.',
  'refuse.unseenCase': '{key} is not a case you can see, so I have not added your message to it.',
  'refuse.unseenCaseFix':
    'If it is a new problem, send it again without "{key}" and I will log it as a new case. `ticket list` shows ' +
    'your cases.',
  // Refusals of commands a teacher can meet.
  'refuse.notVisible': '{key} is not a case you can see.',
  'refuse.notVisibleFix': 'Type `ticket list` to see your cases.',
  'refuse.confirmNotResolved': '{key} is {status}; only a resolved case can be confirmed.',
  'refuse.reopenStillOpen': '{key} is still open ({status}).',
  'refuse.reopenTooLate': '{key} was resolved more than {days} days ago and can no longer be reopened.',
  'refuse.reopenTooLateFix': 'Report the problem again as a new case.',
  'refuse.forbidden': '`{command}` is for: {roles}. You are: {yours}.',
  'refuse.forbiddenFixKnown': 'Ask an admin if you need that role.',
  'refuse.forbiddenFixUnknown': "Ask the service desk to add you to opsdesk's people list.",
  'refuse.roleUnknown': 'unknown',
  'refuse.notACommand': '`{text}` is not a command — type {prefix}help.',
  'refuse.notACommandMeant':
    '`{text}` is not a command — type {prefix}help. Did you mean `{prefix}{meant}` (no blank after the {prefix})?',
  'refuse.notACommandFix': 'Nothing was logged. To report a problem, write it without a {prefix} at the start.',
  'floods.folded':
    'Added to *{key}*, which you reported a moment ago. What you send less than {pause} after your last message ' +
    'goes there too; if this is a different problem, send it again after a pause of {pause}.',
  'floods.personLimited':
    'You have reported many problems in a short time (I log {count} per {span}), so I have not logged this one. ' +
    'Please send it again after {time}; until then I do not log or answer new reports from you. ' +
    'To add to a case you have, reply in its thread.',
  'floods.originLimited':
    'Many reports are arriving from {where} at the moment, so I have not logged this one. ' +
    'Please send it again after {time}; until then I do not log or answer new reports from {where}. ' +
    "If it is urgent, ask your school's ICT contact.",
  'floods.slackWorkspace': 'your Slack workspace ({id})',
  'floods.heldBack':
    'There are more comments on {key} (and perhaps other cases) than I send you in a minute, so I am holding ' +
    'further ones back for a moment. Nothing is lost: `ticket show {key}` shows every comment.',
  'floods.noWords':
    'I got {what}{named}, but no words with it, so I have not {done}. ' +
    'Please send it again with a sentence saying what is wrong, as its caption.',
  'floods.noWords.files': '{count} files',
  'floods.noWords.picture': 'your picture',
  'floods.noWords.file': 'your {kind}',
  'floods.noWords.addedTo': 'added it to {key}',
  'floods.noWords.logged': 'logged anything',
  // Help (the frame; command summaries: help-summaries.ts).
  'fix.howTo': 'Answer with one tap: ✅ *{yes}* or ❌ *{no}* (the button, or that reaction on this message).',
  'fix.yesFixed': 'Yes, fixed',
  'fix.stillBroken': 'Still broken',
  'fix.resolved':
    '{key} is now *resolved*{note}\n*Fixed?* {howTo}\nOr type `ticket confirm {key}`, or ' +
    '`ticket reopen {key} WHAT IS WRONG`; a reply in this thread saying what is still wrong ' +
    'reopens it too.',
  'fix.autoClose': 'If nobody answers, {key} closes on its own after {days} school days.',
  'fix.closed':
    '{key} is now *closed*{note}\n_If the problem comes back, write to me in a new message (not ' +
    'in this thread) and I will log a new case._',
  'fix.confirmedByTap': 'Thanks! {key} is closed.',
  'fix.reopenedByReporter': '{key} is reopened ({status}). The service desk has been told.',
  'fix.thanksClosed': 'Glad it works! {key} is closed.',
  'fix.thanksResolved': 'Added to {key}. Glad it works! Tap ✅ *{yes}* on the question above to close it.',
  'help.youCan': 'What you can do',
  'help.eg': 'E.g.',
  'help.footerMine':
    'Type `{prefix}help COMMAND` for details (e.g. `{prefix}help ticket`), `{prefix}help all` for every command.',
  'help.everyTitle': '*opsdesk* — every command.',
  'help.everyCardTitle': 'opsdesk: every command',
  'help.forYou': '(for you: {subs})',
  'help.title': '*opsdesk* — the school IT service desk.',
  'help.cardTitle': 'opsdesk help',
  'help.intro': 'Write to me in a direct message to report a problem; you get a case number at once.',
  'help.commands': 'Commands',
  'help.notForYou': '(not for your role)',
  'help.footerText': 'Type `{prefix}help COMMAND` for details, e.g. `{prefix}help ticket`.',
  'help.footerCard': 'Type {prefix}help COMMAND for details, e.g. {prefix}help ticket',
  'help.forRoles': '(for {roles})',
  'help.examples': 'Examples',
  'help.usage': 'Usage',
  'help.who': 'Who: {roles}',
  'help.all': 'All {family} commands: {prefix}help {family}',
  'span.minute': '1 minute',
  'span.minutes': '{count} minutes',
  'span.seconds': '{count} seconds',
} as const;

export type MessageKey = keyof typeof en;
