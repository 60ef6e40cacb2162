import mongoose, { Schema } from 'mongoose';

/** One report in a school's recent reports. */
export interface RecentReport {
  key: string;
  title: string;
  at: Date;
}

/**
 * The recent reports of one school (`_id`: the school), newest last, at most RECENT_REPORTS_KEPT,
 * for noticing similar reports (src/problems/known-errors.ts recurringRun). Read and written by
 * `_id` only, on the path of every report: on FerretDB 1.x a query by any other field scans the
 * whole tickets collection.
 */
export interface RecentReportsDoc {
  _id: string;
  reports: RecentReport[];
}

export const RECENT_REPORTS_KEPT = 100;

const recentReportSchema = new Schema<RecentReport>(
  {
    key: { type: String, required: true },
    title: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

const recentReportsSchema = new Schema<RecentReportsDoc>(
  { _id: { type: String, required: true }, reports: { type: [recentReportSchema], default: [] } },
  { versionKey: false },
);

export const RecentReports =
  (mongoose.models.RecentReports as mongoose.Model<RecentReportsDoc> | undefined) ??
  mongoose.model<RecentReportsDoc>('RecentReports', recentReportsSchema, 'recent_reports');
