import mongoose, { Schema } from 'mongoose';

export const SLA_THRESHOLDS = [
  'response-warning',
  'response-breach',
  'resolution-warning',
  'resolution-breach',
] as const;
export type SlaThreshold = (typeof SLA_THRESHOLDS)[number];

export interface SlaAlertDoc {
  _id: mongoose.Types.ObjectId;
  ticketNumber: number;
  threshold: SlaThreshold;
  /** When a checker claimed the alert (before sending). */
  claimedAt: Date;
  /** When it was delivered; unset means claimed but not (yet) delivered. */
  sentAt?: Date;
  /** A warning recorded without sending because the breach was due at the same check. */
  superseded?: boolean;
}

const slaAlertSchema = new Schema<SlaAlertDoc>(
  {
    ticketNumber: { type: Number, required: true },
    threshold: { type: String, enum: SLA_THRESHOLDS, required: true },
    claimedAt: { type: Date, required: true },
    sentAt: Date,
    superseded: Boolean,
  },
  { versionKey: false },
);

/** Once per case and threshold: the unique index decides which checker sends it. */
slaAlertSchema.index({ ticketNumber: 1, threshold: 1 }, { unique: true });

export const SlaAlert =
  (mongoose.models.SlaAlert as mongoose.Model<SlaAlertDoc> | undefined) ??
  mongoose.model<SlaAlertDoc>('SlaAlert', slaAlertSchema, 'sla_alerts');
