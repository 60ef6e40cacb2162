/** Private key files refused (src/core/key-file.ts): the operator, at start-up or in the CLI. `{what}`: which key. */
export const keyFileEn = {
  'keyFile.notAFile': '{what} {file} is not a regular file.',
  'keyFile.notAFileFix': 'Point the setting at the key file itself.',
  'keyFile.open':
    '{what} {file} is accessible by other users (mode {mode}); a private key must be readable by its owner only.',
  'keyFile.openFix': 'Run: chmod 600 {file}',
  'keyFile.owner':
    '{what} {file} belongs to uid {uid}, not to {user} (uid {me}) that opsdesk runs as; its owner could read or ' +
    'replace it.',
  'keyFile.ownerFix': 'Run: chown {user} {file} && chmod 600 {file}',
  'keyFile.unreadable': 'Cannot read {what} {file}: {code}',
  'keyFile.unreadableFix': 'Check the path in the config or the environment.',
} as const;
