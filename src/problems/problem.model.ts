import mongoose, { Schema } from 'mongoose';

export const PROBLEM_STATUSES = ['open', 'known-error', 'fixed'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export interface ProblemEvent {
  at: Date;
  actorId: string;
  kind: 'created' | 'linked' | 'workaround' | 'fixed';
  note?: string;
}

/** A problem record (ITIL problem management): the cause behind recurring incidents. */
export interface ProblemDoc {
  _id: mongoose.Types.ObjectId;
  number: number;
  /** "PRB-3". */
  key: string;
  title: string;
  status: ProblemStatus;
  /** A known error's workaround, told to reporters of linked incidents. */
  workaround?: string;
  fix?: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  fixedAt?: Date;
  events: ProblemEvent[];
  /** Words of its linked cases' titles, for offering its workaround to similar reports (known-errors.ts). */
  matchWords?: string[];
  /** `category|school` of its linked cases. */
  matchPlaces?: string[];
}

const problemEventSchema = new Schema<ProblemEvent>(
  {
    at: { type: Date, required: true },
    actorId: { type: String, required: true },
    kind: { type: String, required: true },
    note: String,
  },
  { _id: false },
);

const problemSchema = new Schema<ProblemDoc>(
  {
    number: { type: Number, required: true },
    key: { type: String, required: true },
    title: { type: String, required: true },
    status: { type: String, enum: PROBLEM_STATUSES, required: true, default: 'open' },
    workaround: String,
    fix: String,
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    fixedAt: Date,
    events: { type: [problemEventSchema], default: [] },
    matchWords: { type: [String], default: undefined },
    matchPlaces: { type: [String], default: undefined },
  },
  { versionKey: false },
);
problemSchema.index({ number: 1 }, { unique: true });
problemSchema.index({ key: 1 }, { unique: true });
problemSchema.index({ status: 1, number: -1 });

export const Problem =
  (mongoose.models.Problem as mongoose.Model<ProblemDoc> | undefined) ??
  mongoose.model<ProblemDoc>('Problem', problemSchema, 'problems');
