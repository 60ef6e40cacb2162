/**
 * The bot's signing key (src/signing/bot-key.ts, record-keys.ts) and the readiness of signed change
 * records (src/bot/runtime.ts): the operator, at start-up, in the CLI and on /readyz.
 */
export const signingEn = {
  'signing.botKey': 'the bot signing key',
  'signing.legacyIgnored':
    "{legacy} is set but ignored: the bot key's passphrase is taken from {current}; remove the old variable",
  'signing.legacyDeprecated':
    '{legacy} is deprecated: rename it to {current} for the bot key (release keys take theirs from ' +
    "OPSDESK_RELEASE_KEY_PASSPHRASE, on the release manager's machine)",
  'signing.notArmored': 'the signing key from {source} is not an armored OpenPGP private key',
  'signing.notArmoredFix':
    'Point OPSDESK_SIGNING_KEY_FILE or changes.signing.privateKeyFile at the key `opsdesk keys init` wrote.',
  'signing.protected': 'the signing key from {source} is protected: set {variable}',
  'signing.protectedFix': "Set {variable} to the key's passphrase in the bot's environment.",
  'signing.wrongPassphrase': 'the signing key from {source} does not open with the passphrase in {variable}',
  'signing.wrongPassphraseFix': 'Set {variable} to the passphrase the key was made with.',
  'signing.noKey': 'no signing key (OPSDESK_SIGNING_KEY, OPSDESK_SIGNING_KEY_FILE or {where})',
  'signing.notStarted': 'not started',
  'signing.unsigned': 'unsigned records (changes.signing.allowUnsigned)',
  'signing.notReady': '{reason}; run `opsdesk keys init` or set OPSDESK_SIGNING_KEY, then restart',
} as const;
