import mongoose, { Schema } from 'mongoose';
import type { ConversationRef } from '../chat/conversation-ref';
import type { TargetQuery } from '../inventory/select-targets';

export const SCHEDULED_START_STATES = ['pending', 'firing', 'started', 'refused', 'cancelled'] as const;
export type ScheduledStartState = (typeof SCHEDULED_START_STATES)[number];

/** What `/deploy RFC … at WHEN` asked for, replayed when it is due (the typed targets and flags). */
export interface StartRequest {
  query?: TargetQuery;
  /** A count, or a group or list of hosts (comma-separated) run first. */
  canary?: number | string;
  pilot?: string;
  parallel?: number;
  chaseEvery?: number;
  chaseHours?: number;
}

/**
 * A deployment start scheduled for later (`/deploy RFC at window`): an Agenda job fires it at `at`, when every
 * precondition is checked again; it is `firing` while that runs (so a process that dies there leaves nothing pending
 * that would block the next `/deploy … at`), then `started` (with the deployment's label), `refused` (with the
 * reason) or `cancelled`. Inserted once, then updated by `_id` only.
 */
export interface ScheduledStartDoc {
  _id: mongoose.Types.ObjectId;
  rfcKey: string;
  at: Date;
  /** `window` when it follows the approved window's start, else `time`. */
  when: 'window' | 'time';
  state: ScheduledStartState;
  byId: string;
  byName: string;
  conversation: ConversationRef;
  request: StartRequest;
  createdAt: Date;
  endedAt?: Date;
  /** The deployment it started, the refusal, or who cancelled it. */
  outcome?: string;
}

const scheduledStartSchema = new Schema<ScheduledStartDoc>(
  {
    rfcKey: { type: String, required: true },
    at: { type: Date, required: true },
    when: { type: String, required: true },
    state: { type: String, required: true },
    byId: { type: String, required: true },
    byName: { type: String, required: true },
    conversation: { type: Schema.Types.Mixed, required: true },
    request: { type: Schema.Types.Mixed, default: {} },
    createdAt: { type: Date, required: true },
    endedAt: Date,
    outcome: String,
  },
  { versionKey: false, minimize: false },
);
scheduledStartSchema.index({ rfcKey: 1, state: 1 });

export const ScheduledStart =
  (mongoose.models.ScheduledStart as mongoose.Model<ScheduledStartDoc> | undefined) ??
  mongoose.model<ScheduledStartDoc>('ScheduledStart', scheduledStartSchema, 'deploy_scheduled_starts');
