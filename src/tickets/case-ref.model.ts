import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey } from '../core/duplicate-key';

/**
 * What the service desk looks up on the path of a message, each by a deterministic `_id` and written
 * by inserts only (FerretDB scans a whole collection for any other find and for every update):
 *
 *  - `thread:<threadKey>` (`ticketId`, `internal`): replies in that thread are comments on the case
 *    (the reporter's message, the bot's receipt, a DM about the case), or internal notes when
 *    `internal` (the DMs an internal note sent);
 *  - `recent:<school>:<number>` (`ticketId`, `title`, `at`): a report at the school, for noticing
 *    similar reports (src/problems/known-errors.ts), written with the receipt's links;
 *  - `receipt:<ticketId>` (`ticketId`, `ref`): the bot's receipt for the case went out (a process
 *    that takes over the delivery after a crash does not post a second one; a deleted report's
 *    receipt is found to be removed);
 *  - `mark:<slot>:<personId>` (`ticketId`, `source`, `at`, `folded`): the sender's latest case, for
 *    folding a burst into it (src/tickets/flood-guard.ts); `slot` is `at` in whole fold windows, so
 *    the marks that matter now are found in the current and the previous slot;
 *  - `reported:<ticketId>` (`ticketId`, `at`): a case was reported; its roll-up row is written off the
 *    path of the report, and these let a process that died before writing it be repaired (swept at
 *    start and by the nightly housekeeping, src/tickets/new-case-rollups.ts).
 */
export interface CaseRefDoc {
  _id: string;
  ticketId: mongoose.Types.ObjectId;
  /** Threads: replies are internal notes. */
  internal?: boolean;
  /** Recent reports: the case's title. */
  title?: string;
  /** Receipts: the bot's receipt message. */
  ref?: { platform: string; channel: string; messageId: string; thread?: string };
  /** Marks: the delivery that opened the case (`platform|eventId`). */
  source?: string;
  /** Marks: when the last message went to the case. */
  at?: Date;
  /** Marks: messages folded into the case so far. */
  folded?: number;
}

const caseRefSchema = new Schema<CaseRefDoc>(
  {
    _id: { type: String, required: true },
    ticketId: { type: Schema.Types.ObjectId, required: true },
    internal: Boolean,
    title: String,
    ref: { type: Schema.Types.Mixed, default: undefined },
    source: String,
    at: Date,
    folded: Number,
  },
  { versionKey: false },
);

export const CaseRef =
  (mongoose.models.CaseRef as mongoose.Model<CaseRefDoc> | undefined) ??
  mongoose.model<CaseRefDoc>('CaseRef', caseRefSchema, 'case_refs');

export const caseRefKeys = {
  thread: (threadKey: string) => `thread:${threadKey}`,
  recent: (school: string, number: number) => `recent:${school}:${String(number).padStart(10, '0')}`,
  recentPrefix: (school: string) => `recent:${school}:`,
  receipt: (ticketId: mongoose.Types.ObjectId | string) => `receipt:${String(ticketId)}`,
  mark: (slot: number, personId: string) => `mark:${slot}:${personId}`,
  markPrefix: 'mark:',
  /** A case reported; its roll-up row is written off the path of the report (src/tickets/new-case-rollups.ts). */
  reported: (ticketId: mongoose.Types.ObjectId | string) => `reported:${String(ticketId)}`,
  reportedPrefix: 'reported:',
};

/** A mark as the flood guard uses it. */
export type ReportMark = Required<Pick<CaseRefDoc, '_id' | 'ticketId' | 'source' | 'at' | 'folded'>>;

/**
 * Inserts refs in one round trip, whatever their number; those already there (a redelivery, the
 * same thread named twice, a mark of this slot) are left as they are and returned.
 */
export async function insertCaseRefs(docs: CaseRefDoc[]): Promise<string[]> {
  if (!docs.length) return [];
  try {
    await CaseRef.insertMany(docs, { ordered: false, lean: true });
    return [];
  } catch (err) {
    const writeErrors = (err as { writeErrors?: Array<{ index?: number; code?: number; err?: WriteError }> })
      .writeErrors;
    if (!Array.isArray(writeErrors) || !writeErrors.length) {
      if (docs.length === 1 && isDuplicateKey(err)) return [docs[0]._id];
      throw err;
    }
    const existing: string[] = [];
    for (const e of writeErrors) {
      const code = e.code ?? e.err?.code;
      const index = e.index ?? e.err?.index;
      if (code !== 11000 || index === undefined) throw err;
      existing.push(docs[index]._id);
    }
    return existing;
  }
}

interface WriteError {
  code?: number;
  index?: number;
}
