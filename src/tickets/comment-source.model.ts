import mongoose, { Schema } from 'mongoose';

/**
 * Which case entry a chat message became (a comment), by the message's delivery
 * (`platform|eventId`): when its author deletes or edits the message, the entry follows. Written
 * once per comment made from chat and read by `_id` only.
 */
export interface CommentSourceDoc {
  _id: string;
  ticketId: mongoose.Types.ObjectId;
  /** The entry: its time and author (entries have no id of their own). */
  at: Date;
  actorId: string;
}

const schema = new Schema<CommentSourceDoc>(
  {
    _id: { type: String, required: true },
    ticketId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
    actorId: { type: String, required: true },
  },
  { versionKey: false },
);

export const CommentSource =
  (mongoose.models.CommentSource as mongoose.Model<CommentSourceDoc> | undefined) ??
  mongoose.model<CommentSourceDoc>('CommentSource', schema, 'comment_sources');
