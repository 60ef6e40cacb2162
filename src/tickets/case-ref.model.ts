import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey } from '../core/duplicate-key';
import { GroupInsert } from '../db/group-insert';

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

/** Refs written at the same moment, by one report or several, share one insert (a group commit). */
const refInserts = new GroupInsert(() => CaseRef.collection as never);

/**
 * Inserts refs, with those of other reports at the same moment, in one round trip whatever their number; those
 * already there (a redelivery, the same thread named twice, a mark of this slot) are left as they are and returned.
 */
export async function insertCaseRefs(docs: CaseRefDoc[]): Promise<string[]> {
  const results = await Promise.allSettled(docs.map((doc) => refInserts.insert(doc)));
  const existing: string[] = [];
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') return;
    if (!isDuplicateKey(r.reason)) throw r.reason;
    existing.push(docs[i]._id);
  });
  return existing;
}
