import mongoose, { Schema } from 'mongoose';

export const AUDIT_KINDS = ['created', 'edited', 'transition', 'submitted', 'vote', 'retracted', 'decision', 'override', 'note'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/**
 * One line of a change's history. Append-only: entries are only ever inserted (never updated or
 * deleted), so the log is the record. Decisions carry a detached OpenPGP signature of their
 * canonical JSON when the bot has a signing key.
 */
export interface AuditEntry {
  _id: mongoose.Types.ObjectId;
  rfcKey: string;
  /** Order within the change (per process; ties broken by _id). */
  at: Date;
  actorId: string;
  actorName?: string;
  kind: AuditKind;
  from?: string;
  to?: string;
  reason?: string;
  /** Small structured detail: field names edited, vote choice, tally, ballot id. */
  data?: Record<string, unknown>;
  /** Armored detached signature of `canonicalEntry(entry)` (decisions only). */
  signature?: string;
}

const auditSchema = new Schema<AuditEntry>(
  {
    rfcKey: { type: String, required: true },
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
const REWRITES = ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const;
for (const op of REWRITES) {
  auditSchema.pre(op, function refuse() {
    throw new Error(`the change audit log is append-only (${op} refused)`);
  });
}

export const ChangeAudit =
  (mongoose.models.ChangeAudit as mongoose.Model<AuditEntry> | undefined) ?? mongoose.model<AuditEntry>('ChangeAudit', auditSchema, 'change_audit');
