import mongoose, { Schema } from 'mongoose';

/**
 * A reporter's latest case, by the person's id: the service desk folds a burst of messages into it
 * (src/tickets/flood-guard.ts). Read and written by `_id` only, on the path of every report.
 */
export interface ReportMarkDoc {
  /** The person's id (`anna`, `matrix:@x:example.org`). */
  _id: string;
  ticketId: mongoose.Types.ObjectId;
  /** The delivery that opened the case (`platform|eventId`): its redelivery is not folded into it. */
  source: string;
  /** When the last message went to the case (its report, or one folded into it). */
  at: Date;
  /** Messages folded into the case so far. */
  folded: number;
}

const reportMarkSchema = new Schema<ReportMarkDoc>(
  {
    _id: { type: String, required: true },
    ticketId: { type: Schema.Types.ObjectId, required: true },
    source: { type: String, required: true },
    at: { type: Date, required: true },
    folded: { type: Number, required: true, default: 0 },
  },
  { versionKey: false },
);

export const ReportMark =
  (mongoose.models.ReportMark as mongoose.Model<ReportMarkDoc> | undefined) ??
  mongoose.model<ReportMarkDoc>('ReportMark', reportMarkSchema, 'report_marks');
