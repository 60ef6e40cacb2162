import mongoose, { Schema } from 'mongoose';

export const AUDIT_KINDS = [
  'created',
  'edited',
  'transition',
  'submitted',
  'vote',
  'retracted',
  'decision',
  'override',
  'note',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/**
 * One line of a change's history. Append-only: entries are only ever inserted (never updated or
 * deleted), so the log is the record. Each change's entries form a hash chain (src/changes/audit-chain.ts):
 * entry `seq` of RFC-17 has the `_id` `RFC-17#0005`, the hash of entry `seq - 1` and its own hash,
 * and carries the bot's detached signature of that hash. Rows written before the chain existed
 * (an ObjectId `_id`, no `seq`) are sealed once by a `note` entry that lists them with their hashes.
 */
export interface AuditEntry {
  /** `RFC-17#0005` (`auditEntryId`); an ObjectId on rows from before the chain. */
  _id: string;
  rfcKey: string;
  /** Position in the change's chain, from 1 (absent on rows from before the chain). */
  seq?: number;
  /** `hash` of entry `seq - 1`; 64 zeros for entry 1. */
  prevHash?: string;
  /** SHA-256 (hex) of `canonicalEntry(entry)`. */
  hash?: string;
  at: Date;
  actorId: string;
  actorName?: string;
  kind: AuditKind;
  from?: string;
  to?: string;
  reason?: string;
  /** Small structured detail: field names edited, vote choice, tally, ballot id. */
  data?: Record<string, unknown>;
  /** Armored detached signature of `hash` by the bot's key (before the chain: of a decision's canonical JSON). */
  signature?: string;
}

const auditSchema = new Schema<AuditEntry>(
  {
    _id: { type: String, required: true },
    rfcKey: { type: String, required: true },
    seq: Number,
    prevHash: String,
    hash: String,
    at: { type: Date, required: true },
    actorId: { type: String, required: true },
    actorName: String,
    kind: { type: String, enum: AUDIT_KINDS, required: true },
    from: String,
    to: String,
    reason: String,
    data: { type: Schema.Types.Mixed },
    signature: String,
  },
  { versionKey: false },
);

auditSchema.index({ rfcKey: 1, at: 1 });

// Append-only: the model refuses every query that would rewrite or remove an entry.
const REWRITES = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'findOneAndReplace',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
] as const;
for (const op of REWRITES) {
  auditSchema.pre(op, function refuse() {
    throw new Error(`the change audit log is append-only (${op} refused)`);
  });
}

export const ChangeAudit =
  (mongoose.models.ChangeAudit as mongoose.Model<AuditEntry> | undefined) ??
  mongoose.model<AuditEntry>('ChangeAudit', auditSchema, 'change_audit');
