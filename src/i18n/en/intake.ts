/** The intake's own notices: a message it cannot read, an event it could not handle in time. */
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
} as const;
