/**
 * Matrix retracts a reaction by redacting its event, and the redaction names only that event id.
 * To turn it back into a vote retraction we remember every reaction seen: event id -> (room,
 * target, key, sender), in MongoDB so a redaction after a restart still finds its reaction.
 */
import mongoose, { type Connection, Schema } from 'mongoose';
import { raceSafeUpsert } from '../../src/core/duplicate-key';

export interface StoredReaction {
  /** The reaction's own event id. */
  _id: string;
  room: string;
  target: string;
  key: string;
  sender: string;
  at: Date;
}

const schema = new Schema<StoredReaction>(
  {
    _id: { type: String, required: true },
    room: { type: String, required: true },
    target: { type: String, required: true },
    key: { type: String, required: true },
    sender: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export class ReactionStore {
  private readonly model: mongoose.Model<StoredReaction>;

  constructor(conn: Connection = mongoose.connection) {
    this.model =
      (conn.models.MatrixReaction as mongoose.Model<StoredReaction> | undefined) ??
      conn.model<StoredReaction>('MatrixReaction', schema, 'matrix_reactions');
  }

  /** Idempotent: the same reaction delivered again changes nothing. */
  async remember(r: Omit<StoredReaction, 'at'>): Promise<void> {
    const { _id, ...rest } = r;
    await raceSafeUpsert(() =>
      this.model.updateOne({ _id: String(_id) }, { $setOnInsert: { ...rest, at: new Date() } }, { upsert: true }),
    );
  }

  /** The reaction a redaction removes, if it was one (kept, so a redelivered redaction finds it again). */
  find(eventId: string): Promise<StoredReaction | null> {
    return this.model.findById(String(eventId)).lean<StoredReaction>();
  }
}
