import { createHash } from 'node:crypto';
import type { AuditEntry } from './change-audit.model';
import { said, sayIn, type Said } from '../i18n/refusal';

/**
 * The audit record of one change as a hash chain. Entry `seq` (from 1) of RFC-17 is stored under
 * the `_id` `RFC-17#0005` and carries `prevHash` (the hash of entry `seq - 1`, 64 zeros for entry 1),
 * `hash` (SHA-256 of its canonical JSON, below) and the bot's detached OpenPGP signature of that
 * hash. Changing an entry breaks its hash; removing one leaves a gap in `seq`; moving or inserting
 * one breaks the `prevHash` of the entry after it; a forger who recomputes the hashes cannot make
 * the signatures. docs/change-management.md ("Verify a record offline") repeats the rules.
 */

/** `prevHash` of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** The `_id` of entry `seq` of a change: `RFC-17#0005` (unique: two appends cannot both take it). */
export function auditEntryId(rfcKey: string, seq: number): string {
  return `${rfcKey}#${String(seq).padStart(4, '0')}`;
}

/** JSON with object keys sorted at every level and undefined left out. */
export function stableJson(value: unknown, indent?: number): string {
  const sort = (v: unknown): unknown => {
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v as object).sort()) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) out[k] = sort(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value), null, indent);
}

/** The fields an entry's hash covers. */
export type ChainedFields = Pick<
  AuditEntry,
  'rfcKey' | 'seq' | 'prevHash' | 'at' | 'actorId' | 'actorName' | 'kind' | 'from' | 'to' | 'reason' | 'data'
>;

/**
 * The canonical text of an audit entry, as hashed: `rfcKey, seq, prevHash, at` (ISO 8601 UTC with
 * milliseconds), `actorId, actorName, kind, from, to, reason, data`; keys sorted at every level,
 * absent fields left out, no whitespace (stableJson). Not covered: `_id`, `hash`, `signature`.
 */
export function canonicalEntry(e: ChainedFields): string {
  const { rfcKey, seq, prevHash, at, actorId, actorName, kind, from, to, reason, data } = e;
  return stableJson({
    rfcKey,
    seq,
    prevHash,
    at: new Date(at).toISOString(),
    actorId,
    actorName,
    kind,
    from,
    to,
    reason,
    data,
  });
}

/** What decisions were signed over before the chain: the canonical JSON without seq and prevHash. */
export function legacyCanonicalEntry(e: Omit<ChainedFields, 'seq' | 'prevHash'>): string {
  const { rfcKey, at, actorId, actorName, kind, from, to, reason, data } = e;
  return stableJson({ rfcKey, at: new Date(at).toISOString(), actorId, actorName, kind, from, to, reason, data });
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** SHA-256 (lower-case hex) of the entry's canonical JSON. */
export function entryHash(e: ChainedFields): string {
  return sha256Hex(canonicalEntry(e));
}

/**
 * What a seal note holds for a row from before the chain: the hash of the whole row as stored
 * (its `_id` and signature included).
 */
export function legacyRowHash(row: AuditEntry): string {
  const { _id, rfcKey, at, actorId, actorName, kind, from, to, reason, data, signature } = row;
  return sha256Hex(
    stableJson({
      _id: String(_id),
      rfcKey,
      at: new Date(at).toISOString(),
      actorId,
      actorName,
      kind,
      from,
      to,
      reason,
      data,
      signature,
    }),
  );
}

/**
 * `data` as it reads back from the database: plain JSON (dates as ISO strings, no undefined), so
 * the hash computed before the insert is the hash of what is stored.
 */
export function plainData(data: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return data === undefined ? undefined : (JSON.parse(stableJson(data)) as Record<string, unknown>);
}

/** A seal note's `data.sealed`: the rows from before the chain, in their stored order. */
export interface SealedRow {
  id: string;
  hash: string;
}

export function sealedRowsOf(e: AuditEntry): SealedRow[] {
  const sealed = e.kind === 'note' ? e.data?.sealed : undefined;
  return Array.isArray(sealed) ? (sealed as SealedRow[]).filter((s) => s && typeof s.id === 'string') : [];
}

/**
 * `unverifiable`: no public key to check against (not evidence of forgery, but nothing is proven). `reason` completes
 * "its signature …" in English; `said`, when given, is the same by catalog key.
 */
export type SignatureCheck =
  { ok: true; fingerprint: string } | { ok: false; reason: string; said?: Said; unverifiable?: boolean };

export type BreakKind = 'changed' | 'removed' | 'reordered' | 'inserted' | 'forged' | 'unsealed' | 'unverifiable';

export type AuditCheck =
  | {
      ok: true;
      /** Every entry shown: sealed rows from before the chain and chained entries. */
      entries: number;
      sealed: number;
      /** Chained entries without a signature (only with changes.signing.allowUnsigned). */
      unsigned: number;
      /** Fingerprints of the keys whose signatures verified. */
      signedBy: string[];
      head?: { seq: number; hash: string };
    }
  | {
      ok: false;
      /** `entry 5`, `sealed entry 2 of 3`, `row 65f0…`: where the record first fails (English; `said.at` by key). */
      at: string;
      kind: BreakKind;
      /** Why, in English; `said.reason` by key. */
      reason: string;
      said: { at: Said; reason: Said };
      /** The `_id` of the row at fault, when there is one (a removed entry has none). */
      rowId?: string;
    };

export interface AuditRecord {
  rfcKey: string;
  /** In record order: sealed rows (as their seal lists them), chained entries, then rows in neither. */
  entries: AuditEntry[];
  check: AuditCheck;
}

export interface VerifyOptions {
  /** Accept chained entries without a signature (changes.signing.allowUnsigned). */
  allowUnsigned: boolean;
  /** Checks an armored detached signature over `text` against the bot's public keys. */
  checkSignature(text: string, armoredSignature: string): Promise<SignatureCheck>;
}

const SIGNED_BEFORE_THE_CHAIN = new Set(['decision', 'override']);

/**
 * The verdict as one line, by catalog key: `verified (14 entries, signed by FINGERPRINT)` or `BROKEN at entry 5
 * (removed: entry 5 is missing)`; said in the reader's language (`rfc audit`).
 */
export function checkSaid(check: AuditCheck): Said {
  if (!check.ok)
    return said('audit.broken', {
      at: check.said.at,
      kind: said(`audit.kind.${check.kind}`),
      reason: check.said.reason,
    });
  const parts: Said[] = [
    said(check.entries === 1 ? 'audit.entries.one' : 'audit.entries.other', { count: check.entries }),
  ];
  if (check.sealed) parts.push(said('audit.sealedPart', { count: check.sealed }));
  if (check.unsigned) parts.push(said('audit.unsignedPart', { count: check.unsigned }));
  parts.push(
    check.signedBy.length
      ? said('audit.signedBy', {
          keys: check.signedBy.slice(1).reduce<Said | string>((a, b) => said('audit.and', { a, b }), check.signedBy[0]),
        })
      : said('audit.notSigned'),
  );
  return said('audit.verified', { parts: parts.reduce((a, b) => said('audit.parts', { a, b })) });
}

/** The verdict in English: the record file's `verdict`, the CLI, the log. */
export function describeCheck(check: AuditCheck): string {
  return sayIn('en', checkSaid(check));
}

const entryAt = (seq: number | string) => said('audit.at.entry', { seq });
const rowAt = (id: string) => said('audit.at.row', { id });

/**
 * Checks every row stored for one change: the chain entry by entry (gap, hash, place, previous
 * hash, signature, in that order), then the rows from before the chain against the seal notes.
 * The first failure is the verdict.
 */
export async function verifyChain(
  rfcKey: string,
  rows: readonly AuditEntry[],
  opts: VerifyOptions,
): Promise<AuditRecord> {
  const chained = rows
    .filter((r) => r.seq !== undefined && r.seq !== null)
    .sort((a, b) => Number(a.seq) - Number(b.seq) || String(a._id).localeCompare(String(b._id)));
  const loose = new Map(rows.filter((r) => r.seq === undefined || r.seq === null).map((r) => [String(r._id), r]));
  // Two processes sealing at the same first start may both list a row: the first listing counts.
  const sealedIds = new Set<string>();
  const seals = chained.flatMap((e) => sealedRowsOf(e)).filter((s) => !sealedIds.has(s.id) && sealedIds.add(s.id));
  const entries = [
    ...seals.map((s) => loose.get(s.id)).filter((r): r is AuditEntry => r !== undefined),
    ...chained,
    ...[...loose.values()].filter((r) => !sealedIds.has(String(r._id))),
  ];
  const broken = (at: Said, kind: BreakKind, reason: Said, row?: AuditEntry): AuditRecord => ({
    rfcKey,
    entries,
    check: {
      ok: false,
      at: sayIn('en', at),
      kind,
      reason: sayIn('en', reason),
      said: { at, reason },
      rowId: row === undefined ? undefined : String(row._id),
    },
  });
  const signature = (sig: { reason: string; said?: Said }) => sig.said ?? sig.reason;

  if (!chained.length) {
    return loose.size
      ? broken(
          entryAt(1),
          'unsealed',
          said(`audit.unsealed.${loose.size === 1 ? 'one' : 'other'}`, { count: loose.size }),
        )
      : broken(entryAt(1), 'removed', said('audit.empty'));
  }

  let prevHash = GENESIS_HASH;
  let expected = 1;
  let unsigned = 0;
  const signedBy = new Set<string>();
  for (const e of chained) {
    const seq = e.seq!;
    if (!Number.isInteger(seq) || seq < 1)
      return broken(rowAt(String(e._id)), 'changed', said('audit.badSeq', { seq: JSON.stringify(seq) }), e);
    if (seq < expected) return broken(entryAt(seq), 'inserted', said('audit.second', { seq, id: String(e._id) }), e);
    if (seq > expected) {
      return broken(
        entryAt(expected),
        'removed',
        seq - expected === 1
          ? said('audit.missing', { seq: expected })
          : said('audit.missingRange', { from: expected, to: seq - 1 }),
      );
    }
    if (typeof e.hash !== 'string' || entryHash(e) !== e.hash)
      return broken(entryAt(seq), 'changed', said('audit.hash'), e);
    if (String(e._id) !== auditEntryId(rfcKey, seq))
      return broken(
        entryAt(seq),
        'reordered',
        said('audit.storedAs', { id: String(e._id), want: auditEntryId(rfcKey, seq) }),
        e,
      );
    if (e.prevHash !== prevHash) {
      return broken(
        entryAt(seq),
        'reordered',
        seq === 1 ? said('audit.notFirst') : said('audit.prevHash', { seq: seq - 1 }),
        e,
      );
    }
    if (!e.signature) {
      if (!opts.allowUnsigned) return broken(entryAt(seq), 'forged', said('audit.noSignature'), e);
      unsigned++;
    } else {
      const sig = await opts.checkSignature(e.hash, e.signature);
      if (!sig.ok)
        return broken(
          entryAt(seq),
          sig.unverifiable ? 'unverifiable' : 'forged',
          said('audit.signature', { reason: signature(sig) }),
          e,
        );
      signedBy.add(sig.fingerprint);
    }
    prevHash = e.hash;
    expected = seq + 1;
  }

  // Rows from before the chain: each must be in a seal, unchanged, and a signed decision must still verify.
  for (const [i, s] of seals.entries()) {
    const at = said('audit.at.sealed', { n: i + 1, count: seals.length });
    const row = loose.get(s.id);
    if (!row) return broken(at, 'removed', said('audit.rowMissing', { id: s.id }));
    if (legacyRowHash(row) !== s.hash) return broken(at, 'changed', said('audit.rowChanged', { id: s.id }), row);
    if (SIGNED_BEFORE_THE_CHAIN.has(row.kind) && row.signature) {
      const sig = await opts.checkSignature(legacyCanonicalEntry(row), row.signature);
      if (!sig.ok)
        return broken(
          at,
          sig.unverifiable ? 'unverifiable' : 'forged',
          said(`audit.kindSignature.${row.kind === 'override' ? 'override' : 'decision'}`, {
            reason: signature(sig),
          }),
          row,
        );
      signedBy.add(sig.fingerprint);
    }
  }
  for (const row of loose.values()) {
    if (!sealedIds.has(String(row._id)))
      return broken(rowAt(String(row._id)), 'inserted', said('audit.notInChain'), row);
  }
  const head = chained[chained.length - 1];
  return {
    rfcKey,
    entries,
    check: {
      ok: true,
      entries: entries.length,
      sealed: seals.length,
      unsigned,
      signedBy: [...signedBy],
      head: { seq: head.seq!, hash: head.hash! },
    },
  };
}
