/** The one-tap questions beyond "Fixed?": the known error's workaround, a follow-up case, and their answers. */
export const fixQuestionsEn = {
  'fixq.autoClosed': 'it was resolved on {at} and nobody said it was still broken within {days} school days',
  'fixq.answered.yes': '_Answered ✅ yes by {name}._',
  'fixq.answered.no': '_Answered ❌ no by {name}._',
  'fixq.alreadyAnswered': 'That question about {key} was answered already.',
  'fixq.notYours': 'Only the reporter of {key} answers this question.',
  'fixq.outdated': '{key} is {status} now, so that question no longer applies. Type `ticket show {key}` to see it.',
  'fixq.followUp':
    '{key} was resolved more than {days} days ago and can no longer be reopened.\n' +
    '*Log your message as a new case linked to {key}?* {howTo}',
  'fixq.yesNewCase': 'Yes, new case',
  'fixq.no': 'No',
  'fixq.followUpDeclined': 'All right, nothing was logged. {key} stays as it is.',
  'fixq.followUpLogged': 'Logged as *{key}*, linked to {old}. The service desk will get back to you.',
  'fixq.knownError': 'This looks like {problem} (known error): {workaround}\n_({why})_\n*Did that fix it?* {howTo}',
  'fixq.why.words': 'it shares the words {words}',
  'fixq.why.categorySchool': 'same category ({category}) and school ({school}) as a case linked to it',
  'fixq.workaroundFixed': 'Good! {key} is closed as solved by the workaround of {problem}.',
  'fixq.workaroundDidNotHelp': '{key} stays open and is linked to {problem}; the service desk will get back to you.',
  'change.receiptRemoved': '{key}: the text of this report was removed by its reporter.',
  'change.reportRemoved':
    'You deleted your report, so I removed its text from {key} and from my receipt. The case stays open; ' +
    'write a message starting with {key} to tell the service desk more, or that it can be closed.',
  'change.reportRemovedToAssignee':
    'The reporter deleted their report of {key}; its text is removed from the case, which stays open.',
  'change.reportEdited': 'Updated {key} with your edit (its history keeps the first version).',
  'change.reportEditedToAssignee': 'The reporter edited their report of {key}; it now reads: {text}',
  'change.editedCommand': 'I do not run edited commands — send it again.',
  'change.commentRemoved': 'You deleted your comment, so I removed it from {key}.',
  'change.commentRemovedToAssignee': 'The author of a comment on {key} deleted it; it is removed from the case.',
  'change.commentEdited': 'Updated your comment on {key} (its history keeps the first version).',
  'limit.commentTooLong': 'Your comment is {length} characters long; I take comments of up to {max}.',
  'limit.commentTooLongFix': 'Say it in a few sentences, or in several comments. Nothing was added to {key}.',
  'limit.tooManyMentions': 'That comment mentions {count} people; a comment goes to at most {max}.',
  'limit.tooManyMentionsFix': 'Mention fewer people (ask the others in a channel). Nothing was added to {key}.',
  'limit.caseFull': '{key} holds {cap} entries, the most a case can hold, so nothing more can be added to it.',
  'limit.caseFullFix':
    'If something new is wrong, report it as a new problem (without "{key}"); an operator can close {key}.',
  'problem.recurring':
    '*{count} similar reports at {school}* within {days} days: {keys} (shared words: {words}).\n> {title}\n' +
    'Is there one problem behind them? Record it: `problem new {title} --link {links}`',
} as const;
