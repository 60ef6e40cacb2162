import { createHash } from 'node:crypto';
import type { AuditEntry } from './change-audit.model';

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

/** `unverifiable`: no public key to check against (not evidence of forgery, but nothing is proven). */
export type SignatureCheck = { ok: true; fingerprint: string } | { ok: false; reason: string; unverifiable?: boolean };

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
      /** `entry 5`, `sealed entry 2 of 3`, `row 65f0…`: where the record first fails. */
      at: string;
      kind: BreakKind;
      reason: string;
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
 * The verdict as one line: `verified (14 entries, signed by FINGERPRINT)` or `BROKEN at entry 5 (removed: entry 5 is
 * missing)`.
 */
export function describeCheck(check: AuditCheck): string {
  if (!check.ok) return `BROKEN at ${check.at} (${check.kind}: ${check.reason})`;
  const parts = [`${check.entries} ${check.entries === 1 ? 'entry' : 'entries'}`];
  if (check.sealed) parts.push(`${check.sealed} of them sealed from before the chain`);
  if (check.unsigned) parts.push(`${check.unsigned} unsigned (allowUnsigned: hash chain only)`);
  parts.push(check.signedBy.length ? `signed by ${check.signedBy.join(' and ')}` : 'not signed');
  return `verified (${parts.join(', ')})`;
}

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
  const broken = (at: string, kind: BreakKind, reason: string, row?: AuditEntry): AuditRecord => ({
    rfcKey,
    entries,
    check: { ok: false, at, kind, reason, rowId: row === undefined ? undefined : String(row._id) },
  });

  if (!chained.length) {
    return loose.size
      ? broken(
          'entry 1',
          'unsealed',
          `${loose.size} ${loose.size === 1 ? 'row' : 'rows'} from before the chain, not sealed yet (the bot seals ` +
            `them when it starts with its key)`,
        )
      : broken('entry 1', 'removed', 'the record is empty');
  }

  let prevHash = GENESIS_HASH;
  let expected = 1;
  let unsigned = 0;
  const signedBy = new Set<string>();
  for (const e of chained) {
    const seq = e.seq!;
    if (!Number.isInteger(seq) || seq < 1)
      return broken(
        `row ${String(e._id)}`,
        'changed',
        `its sequence number ${JSON.stringify(seq)} is not a whole number from 1`,
        e,
      );
    if (seq < expected) return broken(`entry ${seq}`, 'inserted', `a second entry ${seq} (${String(e._id)})`, e);
    if (seq > expected) {
      return broken(
        `entry ${expected}`,
        'removed',
        seq - expected === 1 ? `entry ${expected} is missing` : `entries ${expected} to ${seq - 1} are missing`,
      );
    }
    if (typeof e.hash !== 'string' || entryHash(e) !== e.hash)
      return broken(`entry ${seq}`, 'changed', 'its content does not match its hash', e);
    if (String(e._id) !== auditEntryId(rfcKey, seq))
      return broken(
        `entry ${seq}`,
        'reordered',
        `it is stored as ${String(e._id)}, not ${auditEntryId(rfcKey, seq)}`,
        e,
      );
    if (e.prevHash !== prevHash) {
      return broken(
        `entry ${seq}`,
        'reordered',
        seq === 1
          ? 'entry 1 does not start the chain'
          : `its previous hash is not the hash of entry ${seq - 1} (moved or inserted)`,
        e,
      );
    }
    if (!e.signature) {
      if (!opts.allowUnsigned) return broken(`entry ${seq}`, 'forged', 'it has no signature', e);
      unsigned++;
    } else {
      const sig = await opts.checkSignature(e.hash, e.signature);
      if (!sig.ok)
        return broken(`entry ${seq}`, sig.unverifiable ? 'unverifiable' : 'forged', `its signature ${sig.reason}`, e);
      signedBy.add(sig.fingerprint);
    }
    prevHash = e.hash;
    expected = seq + 1;
  }

  // Rows from before the chain: each must be in a seal, unchanged, and a signed decision must still verify.
  for (const [i, s] of seals.entries()) {
    const at = `sealed entry ${i + 1} of ${seals.length}`;
    const row = loose.get(s.id);
    if (!row) return broken(at, 'removed', `row ${s.id} is missing`);
    if (legacyRowHash(row) !== s.hash)
      return broken(at, 'changed', `row ${s.id} does not match the hash its seal recorded`, row);
    if (SIGNED_BEFORE_THE_CHAIN.has(row.kind) && row.signature) {
      const sig = await opts.checkSignature(legacyCanonicalEntry(row), row.signature);
      if (!sig.ok)
        return broken(at, sig.unverifiable ? 'unverifiable' : 'forged', `its ${row.kind} signature ${sig.reason}`, row);
      signedBy.add(sig.fingerprint);
    }
  }
  for (const row of loose.values()) {
    if (!sealedIds.has(String(row._id)))
      return broken(`row ${String(row._id)}`, 'inserted', 'it is not in the chain and no seal lists it', row);
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
