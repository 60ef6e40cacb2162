import mongoose, { Schema } from 'mongoose';

/** One scheduled digest per local school day: the unique day is the claim that makes it post once. */
export interface DigestRunDoc {
  _id: mongoose.Types.ObjectId;
  /** Local date in the organisation's zone, "2026-03-30". */
  day: string;
  claimedAt: Date;
  postedAt?: Date;
  /** Start of the "since" window this digest covered. */
  since?: Date;
}

const digestRunSchema = new Schema<DigestRunDoc>(
  { day: { type: String, required: true }, claimedAt: { type: Date, required: true }, postedAt: Date, since: Date },
  { versionKey: false },
);
digestRunSchema.index({ day: 1 }, { unique: true });
digestRunSchema.index({ postedAt: -1 });

export const DigestRun =
  (mongoose.models.DigestRun as mongoose.Model<DigestRunDoc> | undefined) ??
  mongoose.model<DigestRunDoc>('DigestRun', digestRunSchema, 'digest_runs');
