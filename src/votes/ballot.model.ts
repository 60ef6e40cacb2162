import mongoose, { Schema } from 'mongoose';
import type { MessageRef } from '../chat/conversation-ref';
import { messageRefSchema } from '../changes/rfc.model';
import type { BallotKind, Outcome, VoteChoice } from './vote-rules';

/** How a ballot ended: a CCB outcome, or withdrawn with the change. */
export type BallotDecision = Outcome | 'withdrawn';

/** One CCB vote on one change: the approval of the proposal, or the release (go/no-go). */
export interface BallotDoc {
  /** `RFC-17/approval/1`: change, kind, round. */
  _id: string;
  rfcKey: string;
  kind: BallotKind;
  round: number;
  board: string;
  roster: string[];
  /** The change's requester, who never votes on it while `changes.policy.fourEyes` is on. */
  requesterId?: string;
  /** Why this vote was opened again (an edit after the approval), shown on the card. */
  note?: string;
  quorum: number;
  threshold: number;
  closeEarly: boolean;
  opensAt: Date;
  deadline: Date;
  remindAt: Date;
  /** threadKey of every card (`platform|channel|messageId`): reactions on any of them count. */
  cardKeys: string[];
  cards: MessageRef[];
  open: boolean;
  decision?: BallotDecision;
  /** 'vote' (closed early or at the deadline), 'override' or 'withdrawn'. */
  decidedBy?: string;
  decidedById?: string;
  reason?: string;
  closedAt?: Date;
  /** Frozen counts at the close. */
  final?: { approve: string[]; reject: string[]; abstain: string[] };
}

/** One member's current vote on one ballot (the latest reaction counts). */
export interface VoteDoc {
  ballotId: string;
  personId: string;
  choice: VoteChoice;
  /** The normalised reaction that cast it; removing exactly that reaction retracts it. */
  reaction: string;
  at: Date;
}

const ballotSchema = new Schema<BallotDoc>(
  {
    _id: { type: String, required: true },
    rfcKey: { type: String, required: true },
    kind: { type: String, enum: ['technical', 'approval', 'release'], required: true },
    round: { type: Number, required: true },
    board: { type: String, required: true },
    roster: { type: [String], default: [] },
    requesterId: String,
    note: String,
    quorum: { type: Number, required: true },
    threshold: { type: Number, required: true },
    closeEarly: { type: Boolean, required: true },
    opensAt: { type: Date, required: true },
    deadline: { type: Date, required: true },
    remindAt: { type: Date, required: true },
    cardKeys: { type: [String], default: [] },
    cards: { type: [messageRefSchema], default: [] },
    open: { type: Boolean, required: true, default: true },
    decision: String,
    decidedBy: String,
    decidedById: String,
    reason: String,
    closedAt: Date,
    final: {
      type: new Schema({ approve: [String], reject: [String], abstain: [String] }, { _id: false }),
      default: undefined,
    },
  },
  { versionKey: false },
);
ballotSchema.index({ cardKeys: 1 });
ballotSchema.index({ rfcKey: 1, kind: 1, round: 1 }, { unique: true });
ballotSchema.index({ open: 1, deadline: 1 });

const voteSchema = new Schema<VoteDoc>(
  {
    ballotId: { type: String, required: true },
    personId: { type: String, required: true },
    choice: { type: String, enum: ['approve', 'reject', 'abstain'], required: true },
    reaction: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
voteSchema.index({ ballotId: 1, personId: 1 }, { unique: true });

export const Ballot =
  (mongoose.models.Ballot as mongoose.Model<BallotDoc> | undefined) ??
  mongoose.model<BallotDoc>('Ballot', ballotSchema, 'ballots');
export const Vote =
  (mongoose.models.Vote as mongoose.Model<VoteDoc> | undefined) ?? mongoose.model<VoteDoc>('Vote', voteSchema, 'votes');
