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
  'problem.recurring':
    '*{count} similar reports at {school}* within {days} days: {keys} (shared words: {words}).\n> {title}\n' +
    'Is there one problem behind them? Record it: `problem new {title} --link {links}`',
} as const;
