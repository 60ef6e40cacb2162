/** The intake's own notices (a message it cannot read, an event over its time budget) and the tokenizer's refusals. */
export const intakeEn = {
  'intake.noCrypto':
    'I cannot read encrypted messages here: end-to-end encryption is not available on this opsdesk. Please write ' +
    'to me in an unencrypted room or DM.',
  'intake.undecryptable': 'I could not decrypt your last message. Please send it again, or verify this session.',
  'intake.message': 'message',
  'intake.reaction': 'reaction',
  'intake.overBudget':
    'I could not process that {what} within {seconds} s, so I have moved on to the next ones. It may still take ' +
    'effect later; if you hear nothing more about it, please try again in a while.',
  'intake.nobody': 'nobody (no roles configured)',
  'tokens.openQuote': 'A quote is not closed.',
  'tokens.openQuoteFix': 'Close the quote or leave quotes out.',
  'tokens.badOption': '`{word}` is not a valid option.',
  'tokens.needsValue': '`--{flag}` needs a value.',
} as const;
