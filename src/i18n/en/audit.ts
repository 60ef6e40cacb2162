/**
 * The change records' audit chain (src/changes/audit-chain.ts, audit-log.ts): the verdict `rfc audit` shows, where
 * and why a record breaks, and the refusals of a decision the bot cannot sign. The entries themselves are the record
 * (English data) and are not here.
 */
export const auditEn = {
  'audit.verified': 'verified ({parts})',
  'audit.broken': 'BROKEN at {at} ({kind}: {reason})',
  'audit.brokenMark': '<- BROKEN',
  'audit.sealedPlace': 'sealed',
  'audit.parts': '{a}, {b}',
  'audit.and': '{a} and {b}',
  'audit.entries.one': '{count} entry',
  'audit.entries.other': '{count} entries',
  'audit.sealedPart': '{count} of them sealed from before the chain',
  'audit.unsignedPart': '{count} unsigned (allowUnsigned: hash chain only)',
  'audit.signedBy': 'signed by {keys}',
  'audit.notSigned': 'not signed',
  'audit.kind.changed': 'changed',
  'audit.kind.removed': 'removed',
  'audit.kind.reordered': 'reordered',
  'audit.kind.inserted': 'inserted',
  'audit.kind.forged': 'forged',
  'audit.kind.unsealed': 'unsealed',
  'audit.kind.unverifiable': 'unverifiable',
  // Where a record breaks.
  'audit.at.entry': 'entry {seq}',
  'audit.at.row': 'row {id}',
  'audit.at.sealed': 'sealed entry {n} of {count}',
  // Why.
  'audit.unsealed.one':
    '{count} row from before the chain, not sealed yet (the bot seals them when it starts with its key)',
  'audit.unsealed.other':
    '{count} rows from before the chain, not sealed yet (the bot seals them when it starts with its key)',
  'audit.empty': 'the record is empty',
  'audit.badSeq': 'its sequence number {seq} is not a whole number from 1',
  'audit.second': 'a second entry {seq} ({id})',
  'audit.missing': 'entry {seq} is missing',
  'audit.missingRange': 'entries {from} to {to} are missing',
  'audit.hash': 'its content does not match its hash',
  'audit.storedAs': 'it is stored as {id}, not {want}',
  'audit.notFirst': 'entry 1 does not start the chain',
  'audit.prevHash': 'its previous hash is not the hash of entry {seq} (moved or inserted)',
  'audit.noSignature': 'it has no signature',
  'audit.signature': 'its signature {reason}',
  'audit.kindSignature.decision': 'its decision signature {reason}',
  'audit.kindSignature.override': 'its override signature {reason}',
  'audit.rowMissing': 'row {id} is missing',
  'audit.rowChanged': 'row {id} does not match the hash its seal recorded',
  'audit.notInChain': 'it is not in the chain and no seal lists it',
  // Why a signature fails (the bot's record signatures, src/signing/record-keys.ts).
  'audit.sig.noKey': 'cannot be checked: no public key of the bot (changes.signing.publicKeyFile or keyDir)',
  'audit.sig.unreadable': 'cannot be read',
  'audit.sig.empty': 'holds no signature',
  'audit.sig.otherKey': "is by key {keyId}, not the bot's",
  'audit.sig.invalid': 'does not verify',
  // `opsdesk audit verify`'s last line.
  'audit.summary': '{ok} of {total} change records verify.',
  'audit.summaryBroken': '{ok} of {total} change records verify; {broken} broken.',
  'audit.noRecords': 'No change records.',
  // A decision the bot cannot sign, and an append that keeps losing.
  'audit.noKey': 'opsdesk has no signing key, so it cannot record {what}.',
  'audit.noKeyBecause': 'opsdesk has no signing key, so it cannot record {what} ({reason}).',
  'audit.noKeyFix': 'An admin runs `opsdesk keys init` (or sets OPSDESK_SIGNING_KEY) and restarts the bot.',
  'audit.what.decision': 'the decision on {key}',
  'audit.what.override': 'the override on {key}',
  'audit.what.ccbDecision': "the CCB's decision on {key}",
  'audit.what.overrideVote': 'an override of the vote on {key}',
  'audit.busy': "{key}'s record is being appended to by too many at once; nothing was recorded.",
} as const;
