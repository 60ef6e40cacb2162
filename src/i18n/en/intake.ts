/** Words in a refusal (nobody may run a command) and the tokenizer's refusals. */
export const intakeEn = {
  'intake.nobody': 'nobody (no roles configured)',
  'tokens.openQuote': 'A quote is not closed.',
  'tokens.openQuoteFix': 'Close the quote or leave quotes out.',
  'tokens.badOption': '`{word}` is not a valid option.',
  'tokens.needsValue': '`--{flag}` needs a value.',
} as const;
