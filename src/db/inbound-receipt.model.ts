import mongoose, { Schema } from 'mongoose';

/**
 * One document per inbound delivery (platform + event id), unique: the intake's de-duplication.
 * `state` is 'handling' while a process works on it and 'done' after; a 'handling' claim older
 * than the lease was left by a process that died and may be taken over.
 *
 * A delivery acknowledged before it is handled (Slack: receipt, ack, then handling) keeps the
 * event in `stored` while it is 'handling', so that another process can take it over and handle
 * it if this one dies: the platform will not deliver it again.
 *
 * Handled deliveries are recorded by an insert, the claim `claims.eventDone` (src/bot/event-claim.ts),
 * not by updating `state` (FerretDB scans the collection on every update); `state: 'done'` is only
 * found on receipts written before that.
 */
export interface InboundReceiptDoc {
  /** `<platform>|<eventId>` (receiptId), so it is read by _id; receipts written before are ObjectIds. */
  _id: unknown;
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
    _id: { type: Schema.Types.Mixed },
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
schema.pre('validate', function () {
  this._id ??= receiptId(this.platform, this.eventId);
});
schema.index({ platform: 1, eventId: 1 }, { unique: true });
schema.index({ claimedAt: 1 });

export const InboundReceipt =
  (mongoose.models.InboundReceipt as mongoose.Model<InboundReceiptDoc> | undefined) ??
  mongoose.model<InboundReceiptDoc>('InboundReceipt', schema, 'inbound_receipts');

/** The _id of the receipt of a delivery. */
export function receiptId(platform: string, eventId: string): string {
  return `${platform}|${eventId}`;
}
