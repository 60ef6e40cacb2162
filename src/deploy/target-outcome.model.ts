import mongoose, { Schema } from 'mongoose';
import type { DeploymentDoc, TargetState } from './deployment.model';

/**
 * How one attempt on one target ended: a fact recorded once, by an insert with a deterministic `_id`
 * (`<deploymentId>:<host>:<attempt>`), never updated. The attempt's start is its claim
 * (`claims.deployAttempt`); the target documents take the outcome's state in batches (target-fold.ts),
 * so the runner writes no update per target: on FerretDB 1.x every update scans the whole collection.
 */
export interface OutcomeDoc {
  _id: string;
  deploymentId: DeploymentDoc['_id'];
  host: string;
  attempt: number;
  state: TargetState;
  exitCode?: number | null;
  error?: string | null;
  /** The last `deploy.outputBytes` of the script's output. */
  output?: string;
  runnerId: string;
  startedAt: Date;
  endedAt: Date;
}

const outcomeSchema = new Schema<OutcomeDoc>(
  {
    _id: { type: String, required: true },
    deploymentId: { type: Schema.Types.ObjectId, required: true },
    host: { type: String, required: true },
    attempt: { type: Number, required: true },
    state: { type: String, required: true },
    exitCode: Number,
    error: String,
    output: String,
    runnerId: { type: String, required: true },
    startedAt: { type: Date, required: true },
    endedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const DeployOutcome =
  (mongoose.models.DeployOutcome as mongoose.Model<OutcomeDoc> | undefined) ??
  mongoose.model<OutcomeDoc>('DeployOutcome', outcomeSchema, 'deploy_outcomes');

export function outcomeId(deploymentId: unknown, host: string, attempt: number): string {
  return `${String(deploymentId)}:${host}:${attempt}`;
}
