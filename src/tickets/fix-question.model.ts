import mongoose, { Schema } from 'mongoose';

export const FIX_QUESTION_KINDS = ['confirm', 'known-error', 'follow-up'] as const;
export type FixQuestionKind = (typeof FIX_QUESTION_KINDS)[number];

/**
 * A question the bot asked one person about a case, answered with one tap (a button or a reaction
 * on the message): "Fixed?" after a resolution, "Did the known error's workaround fix it?" on a
 * receipt, "Log it as a new case?" after the reopen window. Its `_id` is the thread key of the
 * bot's message (src/chat/thread-key.ts), so a reaction finds it by `_id` alone.
 */
export interface FixQuestionDoc {
  _id: string;
  kind: FixQuestionKind;
  ticketId: mongoose.Types.ObjectId;
  caseKey: string;
  /** Who may answer (the reporter). */
  personId: string;
  /** The problem whose workaround was offered (known-error). */
  problemKey?: string;
  /** What the person wrote (follow-up: the text of the new case). */
  text?: string;
  /** The question as sent, without its one-tap answers: what its message is edited to once answered. */
  asked?: { text: string; card?: unknown };
  askedAt: Date;
}

const fixQuestionSchema = new Schema<FixQuestionDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: FIX_QUESTION_KINDS, required: true },
    ticketId: { type: Schema.Types.ObjectId, required: true },
    caseKey: { type: String, required: true },
    personId: { type: String, required: true },
    problemKey: String,
    text: String,
    asked: { type: Schema.Types.Mixed },
    askedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const FixQuestion =
  (mongoose.models.FixQuestion as mongoose.Model<FixQuestionDoc> | undefined) ??
  mongoose.model<FixQuestionDoc>('FixQuestion', fixQuestionSchema, 'fix_questions');
