import mongoose, { Schema } from 'mongoose';

/**
 * One document per inbound delivery (platform + event id), unique: the intake's de-duplication.
 * `state` is 'handling' while a process works on it and 'done' after; a 'handling' claim older
 * than the lease was left by a process that died and may be taken over.
 *
 * A delivery acknowledged before it is handled (Slack: receipt, ack, then handling) keeps the
 * event in `stored` while it is 'handling', so that another process can take it over and handle
 * it if this one dies: the platform will not deliver it again. `stored` is removed when done.
 */
export interface InboundReceiptDoc {
  platform: string;
  eventId: string;
  state: 'handling' | 'done';
  claimedBy: string;
  claimedAt: Date;
  doneAt?: Date;
  stored?: StoredDelivery;
}

/** The event as the adapter gave it (a ChatEvent) and the adapter's own data for it. */
export interface StoredDelivery {
  event: Record<string, unknown>;
  data?: Record<string, string>;
}

const schema = new Schema<InboundReceiptDoc>(
  {
    platform: { type: String, required: true },
    eventId: { type: String, required: true },
    state: { type: String, enum: ['handling', 'done'], required: true },
    claimedBy: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    doneAt: Date,
    stored: { type: Schema.Types.Mixed, required: false },
  },
  { versionKey: false },
);
schema.index({ platform: 1, eventId: 1 }, { unique: true });
schema.index({ claimedAt: 1 });

export const InboundReceipt =
  (mongoose.models.InboundReceipt as mongoose.Model<InboundReceiptDoc> | undefined) ??
  mongoose.model<InboundReceiptDoc>('InboundReceipt', schema, 'inbound_receipts');
