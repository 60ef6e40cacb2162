/** The command framework's refusals (usage, unknown commands, --yes), ages, and the failure notice. */
export const commonEn = {
  'age.minutes': '{count} min',
  'age.hours': '{count} h',
  'age.days': '{count} d',
  'dur.hm': '{h} h {m} min',
  'usage.missing': '{name} is missing.',
  'usage.invalid': '{name}: {problem}.',
  'usage.tooLong': '{name} is longer than {max} characters.',
  'usage.arguments': 'arguments',
  'usage.expectedCase': 'expected a case number such as INC-1042',
  'usage.isMissing': 'is missing',
  'usage.expectedOneOf': 'expected one of {list}',
  'usage.commandTooLong': 'That command is {length} characters long; the limit is {max}.',
  'usage.commandTooLongFix': 'Shorten it, or put long text in several comments.',
  'usage.usageLine': 'Usage: {usage}',
  'usage.usageExample': 'Usage: {usage}\nExample: {example}',
  'usage.notInFamily': '`{typed}` is not a {family} command.',
  'usage.notInFamilyMeant': '`{typed}` is not a {family} command. Did you mean `{meant}`?',
  'usage.familyCommands': '{family} commands: {list}. Type `{prefix}help {family}`.',
  'usage.unknownCommand': "I don't know the command `{typed}`.",
  'usage.unknownCommandMeant': "I don't know the command `{typed}`. Did you mean `{meant}`?",
  'usage.unknownCommandFix': 'Type `{prefix}help` for the list of commands.',
  'usage.hardToUndo': '`{command}` changes things that are hard to undo.',
  'usage.repeatWithYes': 'Repeat it with --yes to go ahead: {command}',
  'usage.repeatWithYesLong': 'Repeat your command with --yes added to go ahead.',
  'failure.internal':
    'Sorry, something went wrong on my side (reference {ref}). The operators can find it in the log; please ' +
    'try again in a moment.',
  'intake.overBudget.message':
    'I could not process that message within {seconds} s, so I have moved on to the next ones. It may still take ' +
    'effect later; if you hear nothing more about it, please try again in a while.',
  'intake.overBudget.reaction':
    'I could not process that reaction within {seconds} s, so I have moved on to the next ones. It may still take ' +
    'effect later; if you hear nothing more about it, please try again in a while.',
  'intake.encryptedNoCrypto':
    'I cannot read encrypted messages here: end-to-end encryption is not available on this opsdesk. Please ' +
    'write to me in an unencrypted room or DM.',
  'intake.undecryptable': 'I could not decrypt your last message. Please send it again, or verify this session.',
} as const;
