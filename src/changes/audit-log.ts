import type { Logger } from 'pino';
import type * as openpgp from 'openpgp';
import type { Config } from '../config/schema';
import { refusal, said, type Said } from '../i18n/refusal';
import { Claim, claimOnce } from '../db/claim-once';
import { claims } from '../db/claims';
import { isDuplicateKey } from '../core/duplicate-key';
import { withKeyLock } from '../db/keyed-lock';
import { checkRecordSignature, recordVerificationKeys, type SigningState } from '../signing/record-keys';
import {
  auditEntryId,
  entryHash,
  GENESIS_HASH,
  legacyRowHash,
  plainData,
  sealedRowsOf,
  verifyChain,
  type AuditRecord,
  type SealedRow,
} from './audit-chain';
import { AUDIT_KINDS, ChangeAudit, type AuditEntry } from './change-audit.model';
import { Rfc } from './rfc.model';

/** What a caller appends; the chain fields and the signature are the log's. */
export type NewAuditEntry = Pick<
  AuditEntry,
  'rfcKey' | 'at' | 'actorId' | 'actorName' | 'kind' | 'from' | 'to' | 'reason' | 'data'
>;

/** Entries that may not be recorded without the bot's signature (unless allowUnsigned). */
export const MUST_SIGN: ReadonlySet<string> = new Set(['decision', 'override']);

/**
 * The claim that says the rows from before the chain were sealed (kept for good, like every claim not listed as
 * time-bounded).
 */
export const AUDIT_SEAL_CLAIM = claims.auditSeal();

interface Head {
  seq: number;
  hash: string;
}

export interface AuditLogDeps {
  config: Config;
  log: Logger;
  /** The bot's key (loaded once by the owner). */
  signing(): Promise<SigningState>;
}

/** Appends beyond this many lost races in a row mean something else is wrong. */
const MAX_APPEND_ATTEMPTS = 100;
const HEAD_CACHE_LIMIT = 5000;

let instances = 0;

/**
 * The change audit as one hash chain per change (src/changes/audit-chain.ts), on MongoDB and
 * FerretDB alike. An append inserts entry `head + 1` under its deterministic `_id`: a duplicate key
 * means another process appended first, so the head is read again (by `_id`, forward) and the entry
 * rebuilt, re-hashed and re-signed on top of it; the chain cannot fork. Within this instance the
 * appends of one change queue on a lock, and the head is cached, so an append is one insert.
 */
export class AuditLog {
  private readonly heads = new Map<string, Head>();
  private readonly lockScope = `audit-log-${++instances}`;
  private keys?: Promise<openpgp.PublicKey[]>;

  constructor(private readonly deps: AuditLogDeps) {}

  private get allowUnsigned(): boolean {
    return this.deps.config.changes.signing.allowUnsigned;
  }

  /**
   * Refuses (PRECONDITION, naming the fix) when the bot has no key and unsigned records are not allowed: call it before
   * anything changes. `what` would be recorded (`audit.what.ccbDecision`), said in the reader's language.
   */
  async requireSigner(what: Said): Promise<void> {
    if (this.allowUnsigned) return;
    const state = await this.deps.signing();
    if (!state.signer) throw noSigningKey(what, state.reason);
  }

  /**
   * Appends one entry to its change's chain and signs it. In call order per change: the queue
   * place is taken before the first await, so an entry recorded before another sorts before it.
   */
  append(entry: NewAuditEntry): Promise<AuditEntry> {
    return withKeyLock(`${this.lockScope}:${entry.rfcKey}`, async () => {
      const state = await this.deps.signing();
      if (MUST_SIGN.has(entry.kind) && !state.signer && !this.allowUnsigned)
        throw noSigningKey(
          said(entry.kind === 'override' ? 'audit.what.override' : 'audit.what.decision', { key: entry.rfcKey }),
          state.reason,
        );
      if (!AUDIT_KINDS.includes(entry.kind)) throw new Error(`unknown audit entry kind ${entry.kind}`);
      const fields = {
        rfcKey: entry.rfcKey,
        at: new Date(entry.at),
        actorId: entry.actorId,
        ...(entry.actorName !== undefined ? { actorName: entry.actorName } : {}),
        kind: entry.kind,
        ...(entry.from !== undefined ? { from: entry.from } : {}),
        ...(entry.to !== undefined ? { to: entry.to } : {}),
        ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
        ...(entry.data !== undefined ? { data: plainData(entry.data) } : {}),
      };
      let head = this.heads.get(entry.rfcKey) ?? (await this.findHead(entry.rfcKey));
      for (let attempt = 1; ; attempt++) {
        const seq = head.seq + 1;
        const doc: AuditEntry = { _id: auditEntryId(entry.rfcKey, seq), ...fields, seq, prevHash: head.hash };
        doc.hash = entryHash(doc);
        if (state.signer) doc.signature = await state.signer.sign(doc.hash);
        try {
          // The raw insert stores exactly what was hashed (mongoose would drop empty objects).
          await ChangeAudit.collection.insertOne(doc as never);
          this.remember(entry.rfcKey, { seq, hash: doc.hash });
          return doc;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          if (attempt >= MAX_APPEND_ATTEMPTS) throw refusal('CONFLICT', said('audit.busy', { key: entry.rfcKey }));
          // Another process appended entry `seq`: continue from it.
          head = await this.forward(entry.rfcKey, head);
        }
      }
    });
  }

  private remember(rfcKey: string, head: Head): void {
    if (this.heads.size >= HEAD_CACHE_LIMIT && !this.heads.has(rfcKey)) this.heads.clear();
    this.heads.set(rfcKey, head);
  }

  private async entryAt(rfcKey: string, seq: number): Promise<Head | undefined> {
    const doc = await ChangeAudit.findById(auditEntryId(rfcKey, seq))
      .select({ seq: 1, hash: 1 })
      .lean<{ seq: number; hash: string }>();
    return doc ? { seq, hash: doc.hash } : undefined;
  }

  /** The last entry after `from`, probing `_id`s forward one by one. */
  private async forward(rfcKey: string, from: Head): Promise<Head> {
    let head = from;
    for (;;) {
      const next = await this.entryAt(rfcKey, head.seq + 1);
      if (!next) return head;
      head = next;
    }
  }

  /**
   * The head of a change this instance has not seen yet, by `_id` lookups only (no scan): doubling
   * until an entry is absent, then halving back to the last present one (about 2·log2(n) lookups;
   * one for a new change). Should another process append meanwhile, the insert says so.
   */
  private async findHead(rfcKey: string): Promise<Head> {
    let known: Head = { seq: 0, hash: GENESIS_HASH };
    let absent = 1;
    for (;;) {
      const at = await this.entryAt(rfcKey, absent);
      if (!at) break;
      known = at;
      absent *= 2;
    }
    while (absent - known.seq > 1) {
      const mid = Math.floor((known.seq + absent) / 2);
      const at = await this.entryAt(rfcKey, mid);
      if (at) known = at;
      else absent = mid;
    }
    return known;
  }

  /**
   * Every row stored for a change (chained and from before the chain), unordered. Reads by `rfcKey`: not for hot paths.
   */
  rows(rfcKey: string): Promise<AuditEntry[]> {
    return ChangeAudit.find({ rfcKey: String(rfcKey) }).lean<AuditEntry[]>();
  }

  /** A change's record in order, with the verdict of its chain and signatures. */
  async record(rfcKey: string): Promise<AuditRecord> {
    return this.verify(rfcKey, await this.rows(rfcKey));
  }

  private async verify(rfcKey: string, rows: AuditEntry[]): Promise<AuditRecord> {
    const keys = await this.verificationKeys();
    return verifyChain(rfcKey, rows, {
      allowUnsigned: this.allowUnsigned,
      checkSignature: (text, sig) => checkRecordSignature(text, sig, keys),
    });
  }

  private verificationKeys(): Promise<openpgp.PublicKey[]> {
    this.keys ??= this.deps.signing().then((s) => recordVerificationKeys(this.deps.config.changes.signing, s.signer));
    // A key file that cannot be read is read again next time (once it is fixed).
    this.keys.catch(() => (this.keys = undefined));
    return this.keys;
  }

  /**
   * Every change's record (every RFC, and any change key found only in the audit), in RFC order. One scan of each
   * collection.
   */
  async verifyAll(): Promise<AuditRecord[]> {
    const [rfcs, rows] = await Promise.all([
      Rfc.find({}, { key: 1, number: 1 }).lean<Array<{ key: string; number: number }>>(),
      ChangeAudit.find({}).lean<AuditEntry[]>(),
    ]);
    const byKey = new Map<string, AuditEntry[]>(rfcs.map((r) => [r.key, []]));
    for (const row of rows) {
      const list = byKey.get(row.rfcKey) ?? [];
      list.push(row);
      byKey.set(row.rfcKey, list);
    }
    const number = (key: string) => {
      const n = Number(key.slice(key.lastIndexOf('-') + 1));
      return Number.isInteger(n) ? n : Number.MAX_SAFE_INTEGER;
    };
    const keys = [...byKey.keys()].sort((a, b) => number(a) - number(b) || a.localeCompare(b));
    const out: AuditRecord[] = [];
    for (const key of keys) out.push(await this.verify(key, byKey.get(key)!));
    return out;
  }

  /**
   * Once per database, at start-up: each change's rows from before the chain (no `seq`) are sealed
   * in their stored order (time, then id) by one signed `note` entry that lists each row's id and
   * hash. The rows stay as they are. Skipped, and tried again at the next start, while the bot has
   * no key (unless allowUnsigned). Returns the number of changes sealed.
   */
  async sealLegacy(owner: string, now: Date): Promise<number> {
    if (await Claim.findById(AUDIT_SEAL_CLAIM).lean()) return 0;
    const state = await this.deps.signing();
    if (!state.signer && !this.allowUnsigned) {
      this.deps.log.warn({ reason: state.reason }, 'audit rows from before the chain are not sealed: no signing key');
      return 0;
    }
    const legacy = await ChangeAudit.collection.find({ seq: { $exists: false } }).toArray();
    const byRfc = new Map<string, AuditEntry[]>();
    for (const row of legacy as unknown as AuditEntry[]) byRfc.set(row.rfcKey, [...(byRfc.get(row.rfcKey) ?? []), row]);
    let sealed = 0;
    for (const [rfcKey, rows] of byRfc) {
      const already = new Set((await this.rows(rfcKey)).flatMap((e) => sealedRowsOf(e)).map((s) => s.id));
      const todo = rows
        .filter((r) => !already.has(String(r._id)))
        .sort(
          (a, b) => new Date(a.at).getTime() - new Date(b.at).getTime() || String(a._id).localeCompare(String(b._id)),
        );
      if (!todo.length) continue;
      const list: SealedRow[] = todo.map((r) => ({ id: String(r._id), hash: legacyRowHash(r) }));
      await this.append({
        rfcKey,
        at: now,
        actorId: 'opsdesk',
        actorName: 'opsdesk',
        kind: 'note',
        reason: sealedNote(todo.length, now),
        data: { sealed: list },
      });
      sealed++;
    }
    await claimOnce(AUDIT_SEAL_CLAIM, owner, now);
    if (sealed) this.deps.log.info({ changes: sealed, rows: legacy.length }, 'audit rows from before the chain sealed');
    return sealed;
  }
}

/** `reason`: why the key did not load (the signing state's own words, English like the log says them). */
function noSigningKey(what: Said, reason: string | undefined) {
  return refusal(
    'PRECONDITION',
    reason ? said('audit.noKeyBecause', { what, reason }) : said('audit.noKey', { what }),
    said('audit.noKeyFix'),
  );
}

/** The seal note stored on the record (the record itself: English data). */
function sealedNote(count: number, now: Date): string {
  const entries = `${count} ${count === 1 ? 'entry' : 'entries'}`;
  return `sealed ${entries} recorded before the audit chain, as stored at ${now.toISOString()}`;
}
