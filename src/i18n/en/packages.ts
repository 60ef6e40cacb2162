/**
 * The package library's checks (src/packages/): what is wrong with a package or its signature. Their
 * reason is part of a `/deploy` refusal, so the reader gets it in her language; the CLI shows the English.
 */
export const packagesEn = {
  'pkg.manifestInvalid': 'the manifest is not a valid opsdesk package manifest',
  'pkg.manifestFor': 'the manifest is for {manifest}, not {pkg}',
  'pkg.idempotentDiffers': 'the idempotent flag differs from the manifest',
  'pkg.timeoutDiffers': 'the timeout differs from the manifest',
  'pkg.scriptMissing': 'the {kind} script named in the manifest is missing',
  'pkg.scriptNotSigned': 'the {kind} script is not in the signed manifest',
  'pkg.scriptHash': "the {kind} script's SHA-256 does not match the signed manifest (manifest {want}…, script {got}…)",
  'pkg.problems': '{label}: {problems}',
  'pkg.list': '{a}; {b}',
  'pkg.error': '{error}',
  'pkg.notSigned': '{label} is not signed',
  'pkg.sig.noTrustedKeys': 'no trusted release keys are configured (deploy.trustedKeys)',
  'pkg.sig.unreadable': 'the signature cannot be read: {error}',
  'pkg.sig.none': 'the signature file holds no signature',
  'pkg.sig.untrusted': 'it is signed by key {keyId}, which is not a trusted release key',
  'pkg.sig.invalid': 'the signature by {keyId} does not verify: {error}',
  'pkg.notFound': 'There is no package {name} in the library.',
  'pkg.notFoundFix': 'Add it with `opsdesk package add`.',
  'pkg.exists': '{name} {version} is already in the library.',
  'pkg.existsFix': 'Give it a new version, or add --replace (its signature is dropped).',
  'pkg.botKeyTrusted':
    "deploy.trustedKeys lists the bot's own signing key {fingerprint} (in {file}); the bot's key may not be a " +
    'release key.',
  'pkg.botKeyTrustedFix':
    "Remove {file} from deploy.trustedKeys and trust the release managers' public keys instead; packages are " +
    'signed with their keys (opsdesk package sign --key).',
  'pkg.trustedKeysFix': 'Fix deploy.trustedKeys in the config.',
  'pkg.botKeySigns':
    "That is the bot's own signing key ({fingerprint}), not a release key; the bot's key never signs packages.",
  'pkg.botKeySignsFix': "Sign with a release manager's key (opsdesk package sign --key FILE).",
  'pkg.signatureRefused': 'The signature for {name} {version} is refused: {reason}.',
  'pkg.verifyFix': 'Re-sign it with `opsdesk package sign`, or fix the scripts and add a new version.',
  'pkg.notPrivateKey': '{source} is not an armored OpenPGP private key.',
  'pkg.notPrivateKeyFix': 'Give the release key exported with `gpg --export-secret-keys --armor`.',
  'pkg.keyProtected': 'The release key {source} is protected and {variable} is not set.',
  'pkg.keyProtectedFix': 'Set {variable} to its passphrase.',
  'pkg.keyProtectedOldFix':
    'Set {variable} to its passphrase: {old} is no longer read for release keys ' +
    "(the bot's key has its own, {bot}).",
} as const;
