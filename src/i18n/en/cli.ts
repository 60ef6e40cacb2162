/**
 * The operator's terminal CLI (`opsdesk start|console|check-config|inventory|package|keys|audit|repair`):
 * its help texts and its own lines, in the terminal's language (src/i18n/terminal-language.ts).
 * Commander's own words (`Usage:`, `Options:`, `error: unknown option`) stay commander's English.
 */
export const cliEn = {
  'cli.description': 'Chat-ops bot for a school IT service desk: incidents, CCB votes, SSH deployments, daily digest.',
  'cli.helpAfterError': '(add --help for usage)',
  'cli.opt.help': 'display help for command',
  'cli.opt.version': 'output the version number',
  'cli.opt.config': 'config file',
  'cli.opt.configDefault': 'config file (YAML or JSON); default: $OPSDESK_CONFIG or fixtures/opsdesk.example.yaml',
  'cli.logTo': 'opsdesk: logging to {file} (set LOG_LEVEL=info to see the log here)',
  'cli.start': 'run the bot: the console (if enabled), Slack and Matrix (if configured), jobs and /healthz',
  'cli.start.as': 'the person speaking in the console at start',
  'cli.console': 'talk to the bot in this terminal only (or from a pipe: one line per message); exits at end of input',
  'cli.console.as': 'the person speaking at start',
  'cli.checkConfig': 'validate a config file and print what is wrong',
  'cli.checkConfig.valid': '{source} is valid: {people}, time zone {timezone}.',
  'cli.people.one': '{count} person',
  'cli.people.other': '{count} people',
  'cli.commands': 'print the reference of every chat command (usage, who may run it)',
  'cli.commands.markdown': 'as Markdown (the generated part of docs/commands.md)',
  'cli.audit': 'the change records: hash-chained, signed audit log of every RFC',
  'cli.audit.verify':
    'verify every RFC record (hash chain, sequence, signatures); one line per RFC; exit 1 if any is broken',
  'cli.inventory': 'the hosts deployments reach: import from YAML or CSV, list',
  'cli.inventory.import':
    'add or update hosts from a YAML (hosts: [...]) or CSV file; refuses the whole file if any row is wrong',
  'cli.inventory.file': 'inventory file',
  'cli.inventory.format': 'yaml or csv (default: from the file name)',
  'cli.inventory.prune': 'remove hosts that are not in the file',
  'cli.inventory.unknownFormat': 'Cannot tell the format of {file}.',
  'cli.inventory.unknownFormatFix': 'Name it .yaml or .csv, or pass --format yaml|csv.',
  'cli.inventory.notImported': '{file} is not imported:\n{errors}',
  'cli.inventory.notImportedFix': 'Fix the rows named above and import again; nothing was changed.',
  'cli.inventory.imported': '{file}: {created} created, {updated} updated, {unchanged} unchanged.',
  'cli.inventory.importedPruned':
    '{file}: {created} created, {updated} updated, {unchanged} unchanged, {removed} removed.',
  'cli.inventory.list': 'list hosts, optionally selected like deploy targets (pilot school=nordby)',
  'cli.inventory.targets': 'host or group names and key=value filters',
  'cli.inventory.noPinnedKey': '(no pinned key)',
  'cli.inventory.count': '{count} host(s): {query}',
  'cli.import.notValid': 'not valid {format}: {reason}',
  'cli.import.notAList': 'expected a list of hosts, or `hosts:` with one',
  'cli.import.row': 'row {n}',
  'cli.import.host': 'host {n}',
  'cli.import.entry': 'entry',
  'cli.import.twice': '{where}: {name} appears twice',
  'cli.import.expect.word': 'expected letters, digits, ".", "_" or "-"',
  'cli.import.expect.present': 'is missing',
  'cli.import.expect.address': 'expected a host name or IP address',
  'cli.import.expect.user': 'expected a user name such as "root"',
  'cli.import.expect.attribute': 'expected an attribute name',
  'cli.import.expect.fingerprint':
    'expected a SHA256 fingerprint such as "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"',
  'cli.keys': "the bot's OpenPGP signing key (signed change records)",
  'cli.keys.init':
    'generate the signing key into changes.signing.keyDir (private key mode 0600; passphrase from ' +
    'OPSDESK_BOT_KEY_PASSPHRASE)',
  'cli.keys.dir': 'write the key here instead of changes.signing.keyDir',
  'cli.keys.name': 'user id name',
  'cli.keys.email': 'user id email',
  'cli.keys.force': 'replace an existing key',
  'cli.keys.warning': 'Warning: {message}.',
  'cli.keys.written':
    'Signing key {fingerprint} written:\n  private: {privateFile} (keep it secret; or pass it in ' +
    'OPSDESK_SIGNING_KEY)\n  public:  {publicFile}',
  'cli.keys.verifyHint': 'Verify an export with: gpg --import {publicFile} && gpg --verify RFC-1.json.asc RFC-1.json',
  'cli.package': 'the software library: add packages, sign their manifests, verify them',
  'cli.package.add':
    'add a package: install and backout scripts (and an optional check script); prints the manifest to sign',
  'cli.package.install': 'install script',
  'cli.package.backout': 'backout script',
  'cli.package.check': 'check script: exits 0 when the change is in place',
  'cli.package.idempotent': 'the scripts may run again on a host where they already ran (the convention)',
  'cli.package.timeout': 'longest a script may run on one host',
  'cli.package.description': 'what the package does',
  'cli.package.replace': 'replace an existing version (drops its signature)',
  'cli.package.badTimeout': '--timeout must be a whole number of seconds.',
  'cli.package.badTimeoutFix': 'Give the seconds as a number, e.g. --timeout 600.',
  'cli.package.added':
    'Added {name} {version} (unsigned). Sign it with: opsdesk package sign {name} {version} --key FILE',
  'cli.package.manifest': 'print the manifest text to sign elsewhere (gpg --detach-sign --armor)',
  'cli.package.sign':
    'sign a package manifest with a release key (--key, mode 0600; passphrase in OPSDESK_RELEASE_KEY_PASSPHRASE) ' +
    'or attach a detached signature (--signature)',
  'cli.package.key': 'armored OpenPGP private key',
  'cli.package.signature': 'armored detached signature made elsewhere',
  'cli.package.keyOrSignature': 'Give either --key FILE or --signature FILE.',
  'cli.package.keyOrSignatureFix': 'Sign here with --key, or attach a signature made elsewhere with --signature.',
  'cli.package.releaseKey': 'the release key',
  'cli.package.signed': 'Signed {name} {version} by {signer}.',
  'cli.package.verify':
    'check the scripts against the signed manifest and the signature against the trusted release keys',
  'cli.package.refused': 'Refused: {reason}.',
  'cli.package.refusedFix':
    'Sign the package (opsdesk package sign) once its scripts are final, with a key in deploy.trustedKeys.',
  'cli.package.verifies': '{name} {version} verifies: signed by {signer}, scripts match the manifest.',
  'cli.package.list': 'list the packages in the library',
  'cli.package.signedBy': 'signed by {signer}',
  'cli.package.unsigned': 'unsigned',
  'cli.package.isIdempotent': 'idempotent',
  'cli.package.count': '{count} package(s).',
  'cli.repair':
    "rebuild the cases' thread links, case number mark and digest/stats roll-ups from the cases (a full read)",
  'cli.repair.links': 'thread links added: {count}',
  'cli.repair.mark': 'case number mark: {mark}',
  'cli.repair.rollups': 'roll-ups rebuilt from {count} cases',
} as const;
