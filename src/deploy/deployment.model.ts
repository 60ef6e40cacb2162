import { said, type Said } from '../i18n/refusal';
import { msg } from '../i18n/catalog';
import { en, type MessageKey } from '../i18n/messages-en';
import type { Lang } from '../i18n/languages';
import mongoose, { Schema, type Types } from 'mongoose';
import type { ConversationRef, MessageRef } from '../chat/conversation-ref';

/**
 * `starting`: recorded, but `/deploy` has not yet told the user it started (it never runs before it
 * has; a start that fails ends `failed`). `paused`: the change policy stopped it before a wave or a
 * target (a freeze, the window, the scope); `/deploy resume` goes on when allowed.
 */
export const DEPLOYMENT_STATES = ['starting', 'running', 'paused', 'done', 'aborted', 'cancelled', 'failed'] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];
/** States a deployment never leaves. */
export const ENDED_DEPLOYMENT_STATES: readonly DeploymentState[] = ['done', 'aborted', 'cancelled', 'failed'];

/** One `/deploy` or `/rollback`: what runs where, who asked, where progress goes, and who runs it (the lease). */
export interface DeploymentDoc {
  _id: Types.ObjectId;
  /** `D-12`: a sequence number for people. */
  number: number;
  kind: 'deploy' | 'rollback';
  /** The RFC it belongs to; a deployment without one never runs (the change policy refuses it). */
  rfcKey?: string;
  rfcId?: Types.ObjectId;
  /** The digest of the approval it was started for; the runner compares it with the RFC's before every wave. */
  approvalDigest?: string;
  /** Why the change policy paused it. */
  pausedReason?: string;
  /** The deployment a rollback undoes. */
  rollbackOf?: Types.ObjectId;
  package: { name: string; version: string };
  /** Which of the package's scripts runs: install (deploy) or backout (rollback). */
  script: 'install' | 'backout';
  emergency: boolean;
  requestedBy: string;
  requestedByName: string;
  conversation: ConversationRef;
  /** The one progress message, edited as targets finish; notable events go to its thread. */
  progressRef?: MessageRef;
  targetsText: string;
  total: number;
  waves: number;
  options: { canary: number; parallel: number; waveSize: number; abortFailureRatio: number };
  state: DeploymentState;
  /** Why it ended early (abort, cancel, failure). */
  reason?: string;
  cancelRequested: boolean;
  /** The runner's lease: epochs are claimed once each (see runner.ts). */
  runnerId?: string;
  leaseEpoch: number;
  leaseUntil?: Date;
  /** The completion criterion was reached and the RFC moved to deployed (or rolled-back). */
  completed: boolean;
  /**
   * The chase policy: retried every `everyMs` for `forMs` after the end, never past `bound` (the end
   * of the approved window plus `changes.policy.chaseGraceHours`); `paused` says why the policy paused it.
   */
  chase: {
    everyMs: number;
    forMs: number;
    until?: Date;
    bound?: Date;
    active: boolean;
    expiredReported: boolean;
    paused?: string;
    /**
     * The round last scheduled: each round is its own Agenda job (`chase:<id>:<round>`), so scheduling
     * the next never rewrites the job document of the round that is running (Agenda saves that one when
     * its run ends, which would null the next run).
     */
    round?: number;
  };
  /**
   * The pilot gate: wave 0 is the pilot group's hosts; then the deployment pauses (`waiting`) for
   * a go/no-go on `card` (pilot-gate.ts).
   */
  pilot?: {
    group: string;
    hosts: string[];
    state: 'running' | 'waiting' | 'go' | 'no-go';
    by?: string;
    card?: MessageRef;
  };
  /**
   * Its RFC was completed "with exceptions" (`deploy complete RFC --with-exceptions`): the approved hosts
   * that had not succeeded, who accepted it, and the follow-up opened for them (incidents or a problem).
   */
  exceptions?: { hosts: string[]; by: string; at: Date; followUp: string[] };
  createdAt: Date;
  startedAt?: Date;
  endedAt?: Date;
}

const refSchema = { platform: String, channel: String, thread: String, direct: Boolean, messageId: String };

const deploymentSchema = new Schema<DeploymentDoc>(
  {
    number: { type: Number, required: true, unique: true },
    kind: { type: String, required: true },
    rfcKey: String,
    rfcId: Schema.Types.ObjectId,
    approvalDigest: String,
    pausedReason: String,
    rollbackOf: Schema.Types.ObjectId,
    package: { name: { type: String, required: true }, version: { type: String, required: true } },
    script: { type: String, required: true },
    emergency: { type: Boolean, default: false },
    requestedBy: { type: String, required: true },
    requestedByName: { type: String, required: true },
    conversation: { type: refSchema, required: true },
    progressRef: refSchema,
    targetsText: { type: String, default: '' },
    total: { type: Number, required: true },
    waves: { type: Number, required: true },
    options: { canary: Number, parallel: Number, waveSize: Number, abortFailureRatio: Number },
    state: { type: String, required: true },
    reason: String,
    cancelRequested: { type: Boolean, default: false },
    runnerId: String,
    leaseEpoch: { type: Number, default: 0 },
    leaseUntil: Date,
    completed: { type: Boolean, default: false },
    chase: {
      everyMs: Number,
      forMs: Number,
      until: Date,
      bound: Date,
      active: Boolean,
      expiredReported: Boolean,
      paused: String,
      round: Number,
    },
    pilot: { type: { group: String, hosts: [String], state: String, by: String, card: refSchema }, required: false },
    exceptions: { type: { hosts: [String], by: String, at: Date, followUp: [String] }, required: false },
    createdAt: { type: Date, required: true },
    startedAt: Date,
    endedAt: Date,
  },
  { versionKey: false, minimize: false },
);
deploymentSchema.index({ rfcKey: 1, createdAt: -1 });
deploymentSchema.index({ rollbackOf: 1 });
deploymentSchema.index({ state: 1 });
deploymentSchema.index({ 'chase.active': 1 }); // finished deployments whose chase list is still retried (digest)

export const Deployment =
  (mongoose.models.Deployment as mongoose.Model<DeploymentDoc> | undefined) ??
  mongoose.model<DeploymentDoc>('Deployment', deploymentSchema, 'deployments');

export const TARGET_STATES = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'unreachable',
  'host-key-mismatch',
  'timed-out',
  'skipped',
  'unknown',
] as const;
export type TargetState = (typeof TARGET_STATES)[number];
/**
 * Final states that put a target on the chase list. `unknown`: interrupted while its script ran (a crash); it
 * may have run to the end, so it runs again only when that is safe (a check script, an idempotent package) or
 * an operator says so (`chase RFC retry HOST --yes`).
 */
export const CHASE_STATES: readonly TargetState[] = [
  'failed',
  'unreachable',
  'host-key-mismatch',
  'timed-out',
  'unknown',
];

/**
 * One host of one deployment. Each run is claimed once per attempt (`deploy:<id>:<host>:attempt:<n>`). Its state is
 * kept in the deployment's target book (target-book.ts); `deploy_targets` holds the targets of deployments recorded
 * before the books, read when a deployment has no book.
 */
export interface TargetDoc {
  /** Only on the target documents of deployments recorded before the target books (target-book.ts). */
  _id?: Types.ObjectId;
  deploymentId: Types.ObjectId;
  host: string;
  wave: number;
  state: TargetState;
  attempts: number;
  exitCode?: number | null;
  error?: string;
  /** The last `deploy.outputBytes` of the script's output. */
  output?: string;
  runnerId?: string;
  startedAt?: Date;
  endedAt?: Date;
  /** Taken off the chase list by hand (`chase RFC drop HOST`). */
  dropped: boolean;
  /** Succeeded on a chase retry. */
  chased: boolean;
  /** An operator allowed an `unknown` target to run again (`chase RFC retry HOST --yes`), and who. */
  retryApprovedBy?: string;
}

const targetSchema = new Schema<TargetDoc>(
  {
    deploymentId: { type: Schema.Types.ObjectId, required: true },
    host: { type: String, required: true },
    wave: { type: Number, required: true },
    state: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    exitCode: Number,
    error: String,
    output: String,
    runnerId: String,
    startedAt: Date,
    endedAt: Date,
    dropped: { type: Boolean, default: false },
    chased: { type: Boolean, default: false },
    retryApprovedBy: String,
  },
  { versionKey: false },
);
targetSchema.index({ deploymentId: 1, host: 1 }, { unique: true });
targetSchema.index({ deploymentId: 1, state: 1 });

export const DeployTarget =
  (mongoose.models.DeployTarget as mongoose.Model<TargetDoc> | undefined) ??
  mongoose.model<TargetDoc>('DeployTarget', targetSchema, 'deploy_targets');

/** The stored reason of a deployment paused at its pilot gate (shown as the catalog's `pilot.waiting`). */
export const PILOT_WAITING = 'The pilot is done: waiting for the go/no-go.';

/** The label as a refusal's parameter: said in the reader's language. */
export function deploymentLabelSaid(d: Pick<DeploymentDoc, 'number' | 'rfcKey' | 'kind'>): Said {
  const kind = d.kind === 'rollback' ? 'rollback' : 'deploy';
  return d.rfcKey
    ? said(`deploy.label.${kind}Of`, { n: d.number, key: d.rfcKey })
    : said(`deploy.label.${kind}`, { n: d.number });
}

/** A deployment's state as a refusal's parameter ("paused", "på pause"). */
export function deploymentStateSaid(state: string): Said | string {
  const key = `deploy.state.${state}`;
  return key in en ? said(key as MessageKey) : state;
}

export function deploymentLabel(d: Pick<DeploymentDoc, 'number' | 'rfcKey' | 'kind'>, lang?: Lang): string {
  const kind = d.kind === 'rollback' ? 'rollback' : 'deploy';
  return d.rfcKey
    ? msg(lang, `deploy.label.${kind}Of`, { n: d.number, key: d.rfcKey })
    : msg(lang, `deploy.label.${kind}`, { n: d.number });
}
