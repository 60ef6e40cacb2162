import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { TICKET_QUERY_INDEXES } from './ticket-indexes';
import { PRIORITIES, TICKET_STATUSES } from './ticket-status';

const conversationSchema = new Schema(
  {
    platform: { type: String, required: true },
    channel: { type: String, required: true },
    thread: String,
    direct: Boolean,
  },
  { _id: false },
);

const messageRefSchema = new Schema(
  {
    platform: { type: String, required: true },
    channel: { type: String, required: true },
    messageId: { type: String, required: true },
    thread: String,
  },
  { _id: false },
);

export const TICKET_EVENT_KINDS = [
  'created',
  'status',
  'assigned',
  'priority',
  'category',
  'comment',
  'escalated',
  'reopened',
  'confirmed',
  /** The reporter edited their report: the new text (the created event keeps the first). */
  'edited',
  /** The reporter deleted their report: its text is gone from the case, this says when. */
  'removed',
  /** An internal note: staff and the school's ICT contact see it, the reporter never does. */
  'note',
] as const;

const attachmentSchema = new Schema(
  {
    kind: { type: String, enum: ['image', 'video', 'audio', 'file'], required: true },
    name: { type: String, required: true },
    url: String,
  },
  { _id: false },
);

const ticketEventSchema = new Schema(
  {
    at: { type: Date, required: true },
    actorId: { type: String, required: true },
    actorName: { type: String },
    kind: { type: String, enum: TICKET_EVENT_KINDS, required: true },
    from: String,
    to: String,
    note: String,
    /** Files and images sent with the report or comment, as links (src/chat/chat-event.ts Attachment). */
    attachments: { type: [attachmentSchema], default: undefined },
  },
  { _id: false },
);

const ticketSchema = new Schema(
  {
    number: { type: Number, required: true },
    /** The delivery that created it (`platform|eventId`): a re-handled delivery finds its case again. */
    source: { type: String, required: true },
    key: { type: String, required: true },
    reporterId: { type: String, required: true },
    reporterName: { type: String, required: true },
    school: String,
    title: { type: String, required: true },
    text: { type: String, required: true },
    category: { type: String, required: true },
    priority: { type: String, enum: PRIORITIES, required: true },
    status: { type: String, enum: TICKET_STATUSES, required: true, default: 'new' },
    assigneeId: String,
    escalatedTo: String,
    firstResponseAt: Date,
    resolvedAt: Date,
    closedAt: Date,
    reopenCount: { type: Number, default: 0 },
    conversation: { type: conversationSchema, required: true },
    /** The bot's confirmation message; replies in its thread are comments. */
    receipt: messageRefSchema,
    /** Thread roots (message ids) whose replies belong to this case. */
    threadIds: { type: [String], default: [] },
    problemKey: String,
    /** The problem whose workaround solved it when offered on the receipt (counted as deflected in `stats`). */
    deflectedBy: String,
    /** The older case this one was logged as a follow-up of (a reply after the reopen window). */
    followsUp: String,
    events: { type: [ticketEventSchema], default: [] },
  },
  { timestamps: true, versionKey: false },
);

ticketSchema.index({ number: 1 }, { unique: true });
ticketSchema.index({ key: 1 }, { unique: true });
ticketSchema.index({ source: 1 }, { unique: true });
ticketSchema.index({ status: 1, priority: 1 });
ticketSchema.index({ reporterId: 1, createdAt: -1 });
ticketSchema.index({ school: 1, status: 1 });
ticketSchema.index({ assigneeId: 1, status: 1 });
ticketSchema.index({ category: 1, createdAt: -1 });
ticketSchema.index({ createdAt: -1 });
ticketSchema.index({ threadIds: 1 });
for (const fields of TICKET_QUERY_INDEXES) ticketSchema.index(fields);

export type TicketDoc = InferSchemaType<typeof ticketSchema> & {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export type TicketEvent = TicketDoc['events'][number];

/** The school a case without one is counted and shown under (digest, statistics). */
/** The grouping key of cases without a school (figures); shown as the catalog's `stats.noSchool`. */
export const NO_SCHOOL = '(no school)';

export const Ticket =
  (mongoose.models.Ticket as mongoose.Model<TicketDoc> | undefined) ??
  mongoose.model<TicketDoc>('Ticket', ticketSchema, 'tickets');
