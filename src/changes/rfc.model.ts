import mongoose, { Schema } from 'mongoose';
import type { ConversationRef, MessageRef } from '../chat/conversation-ref';
import { CHANGE_STATES, CHANGE_TYPES, type ChangeState, type ChangeType } from './change-lifecycle';
import type { ApprovalRecord } from './approved-content';

export const RISKS = ['low', 'medium', 'high'] as const;
export type Risk = (typeof RISKS)[number];
export const RFC_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type RfcPriority = (typeof RFC_PRIORITIES)[number];
/** Request categories of the Redbook (tables 2-1, 2-2). */
export const REQUEST_CATEGORIES = [
  'install',
  'update',
  'patch',
  'remove',
  'rollback',
  'commit',
  'distribute',
  'activate',
  'retire',
] as const;

/**
 * A request for change. `key`, `number`, `title`, `type`, `state`, `window`, `targets`, `package`, `requesterId`,
 * `conversation`, `card` are a contract for deployments.
 */
export interface RfcDoc {
  _id: mongoose.Types.ObjectId;
  number: number;
  /** `RFC-17`. */
  key: string;
  title: string;
  type: ChangeType;
  state: ChangeState;
  /** Bumped by every transition; each value is claimed once, so concurrent transitions decide once. */
  stateSeq: number;
  /** When it entered its state (the service clock). */
  stateAt?: Date;
  requesterId: string;
  requesterName: string;
  /** The CCB board (config `changes.boards`). */
  board: string;
  /** Standard-change template id, when created from one. */
  template?: string;
  /** Need and business or technical benefit. */
  need?: string;
  description?: string;
  risk?: Risk;
  priority?: RfcPriority;
  categories: string[];
  /** Inventory groups, host names or key=value filters, as typed. */
  targets: string[];
  targetCount?: number;
  /** Services affected. */
  services?: string;
  /** Users affected. */
  users?: string;
  /** Network load. */
  network?: string;
  /** Staff needed. */
  staff?: string;
  /** Training needed. */
  training?: string;
  window?: { start: Date; end: Date };
  testPlan?: string;
  testResults?: string;
  backoutPlan?: string;
  /** How the backout script was tested (Redbook 2.4.4). */
  backoutTest?: string;
  communication?: string;
  package?: { name: string; version: string };
  /** Linked incidents (`INC-1042`). */
  incidents: string[];
  /** The requester's dialogue (where `rfc new` was typed). */
  conversation: ConversationRef;
  /** The CCB card of the current or last vote (first platform). */
  card?: MessageRef;
  /** Every CCB card of the current or last vote (one per platform). */
  cards: MessageRef[];
  /** The open or last ballot id. */
  ballotId?: string;
  /** The field the bot is asking for in the dialogue, if any. */
  asking?: string;
  /** Thread keys (`platform|channel|messageId`) whose replies answer the dialogue. */
  dialogueThreads: string[];
  /** Post-deployment review (Redbook 2.2: requester satisfaction, in time frame). */
  review?: { note: string; satisfaction?: number; inTime?: boolean; by: string; at: Date };
  /**
   * The latest approval decision (src/changes/approved-content.ts): the digest and snapshot of the
   * approved content, the ballot and who approved. Cleared when an edit reopens the vote.
   */
  approval?: ApprovalRecord | null;
  /**
   * An emergency change's confirmation by a change manager other than the requester; without it no emergency
   * privileges.
   */
  emergency?: EmergencyConfirmation | null;
  /** The change's id in another system (the Redbook's change order number, a ticket elsewhere). */
  externalId?: string;
  /** When the change should be done by (distinct from the window); the on-time share is measured against it. */
  targetDate?: Date;
  /** What must hold before `/deploy` ("System p 615 hardware being available"). */
  startCondition?: string;
  /** The role whose holder marks the start condition met (default `changes.startConditionRole`). */
  startConditionRole?: string;
  /** Who marked the start condition met, for which condition text. */
  startConditionMet?: { condition: string; by: string; at: Date; note?: string } | null;
  /** The completion criterion of this change ("95%", "all"); default `deploy.completionRatio`. */
  completion?: string;
  /** A declared downgrade: `/deploy` may install a version older than a host runs. */
  downgrade?: boolean;
  /** Planning conflicts as last checked (change-conflicts.ts). */
  conflicts?: StoredConflict[];
  /** Revision number (1 when absent); a revision is a new RFC that links the one it revises. */
  revision?: number;
  revisionOf?: string;
  revisedAs?: string;
  /** When it first became deployed. */
  deployedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** A planning conflict as stored: with which change or freeze, and the sentence shown. */
export interface StoredConflict {
  with: string;
  text: string;
}

/** Who confirmed an emergency change, why and when. */
export interface EmergencyConfirmation {
  confirmedBy: string;
  reason: string;
  at: Date;
}

const conversationSchema = new Schema(
  {
    platform: { type: String, required: true },
    channel: { type: String, required: true },
    thread: String,
    direct: Boolean,
  },
  { _id: false },
);

/** A stored MessageRef (the CCB cards of RFCs and ballots). */
export const messageRefSchema = new Schema(
  {
    platform: { type: String, required: true },
    channel: { type: String, required: true },
    messageId: { type: String, required: true },
    thread: String,
  },
  { _id: false },
);

const rfcSchema = new Schema<RfcDoc>(
  {
    number: { type: Number, required: true },
    key: { type: String, required: true },
    title: { type: String, required: true },
    type: { type: String, enum: CHANGE_TYPES, required: true, default: 'normal' },
    state: { type: String, enum: CHANGE_STATES, required: true, default: 'draft' },
    stateSeq: { type: Number, required: true, default: 0 },
    stateAt: Date,
    requesterId: { type: String, required: true },
    requesterName: { type: String, required: true },
    board: { type: String, required: true },
    template: String,
    need: String,
    description: String,
    risk: { type: String, enum: RISKS },
    priority: { type: String, enum: RFC_PRIORITIES },
    categories: { type: [String], default: [] },
    targets: { type: [String], default: [] },
    targetCount: Number,
    services: String,
    users: String,
    network: String,
    staff: String,
    training: String,
    window: {
      type: new Schema({ start: { type: Date, required: true }, end: { type: Date, required: true } }, { _id: false }),
      default: undefined,
    },
    testPlan: String,
    testResults: String,
    backoutPlan: String,
    backoutTest: String,
    communication: String,
    package: {
      type: new Schema(
        { name: { type: String, required: true }, version: { type: String, required: true } },
        { _id: false },
      ),
      default: undefined,
    },
    incidents: { type: [String], default: [] },
    conversation: { type: conversationSchema, required: true },
    card: { type: messageRefSchema, default: undefined },
    cards: { type: [messageRefSchema], default: [] },
    ballotId: String,
    asking: String,
    dialogueThreads: { type: [String], default: [] },
    review: {
      type: new Schema({ note: String, satisfaction: Number, inTime: Boolean, by: String, at: Date }, { _id: false }),
      default: undefined,
    },
    approval: { type: Schema.Types.Mixed, default: undefined },
    emergency: {
      type: new Schema({ confirmedBy: String, reason: String, at: Date }, { _id: false }),
      default: undefined,
    },
    externalId: String,
    targetDate: Date,
    startCondition: String,
    startConditionRole: String,
    startConditionMet: {
      type: new Schema({ condition: String, by: String, at: Date, note: String }, { _id: false }),
      default: undefined,
    },
    completion: String,
    downgrade: Boolean,
    conflicts: {
      type: [new Schema({ with: String, text: String }, { _id: false })],
      default: undefined,
    },
    revision: Number,
    revisionOf: String,
    revisedAs: String,
    deployedAt: Date,
  },
  { timestamps: true, versionKey: false },
);

rfcSchema.index({ number: 1 }, { unique: true });
rfcSchema.index({ key: 1 }, { unique: true });
rfcSchema.index({ state: 1, number: -1 });
rfcSchema.index({ requesterId: 1, number: -1 });
rfcSchema.index({ dialogueThreads: 1 });

export const Rfc =
  (mongoose.models.Rfc as mongoose.Model<RfcDoc> | undefined) ?? mongoose.model<RfcDoc>('Rfc', rfcSchema, 'rfcs');
