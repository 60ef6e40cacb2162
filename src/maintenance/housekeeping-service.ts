import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import { InboundReceipt } from '../db/inbound-receipt.model';
import { Claim } from '../db/claim-once';
import { CLAIM_KINDS, claimDeployment, claimKindsWith } from '../db/claims';
import { Heartbeat } from '../db/owner-heartbeat';
import { ENDED_DEPLOYMENT_STATES, Deployment } from '../deploy/deployment.model';
import { CaseRef, caseRefKeys } from '../tickets/case-ref.model';
import { pruneCommentSources, pruneFixQuestions } from './prune-case-links';
import { sweepPending } from '../tickets/rollup-build';
import { sweepReported } from '../tickets/new-case-rollups';

const DAY_MS = 24 * 3_600_000;

/**
 * A heartbeat not refreshed for this long belongs to a process that is gone: a live owner beats
 * every 2 s and is taken for dead after 10 s, and `isOwnerAlive` reads a missing heartbeat as dead.
 */
export const HEARTBEAT_KEEP_MS = DAY_MS;

/** Claims are read in pages of this many keys. */
const DEPLOY_CLAIM_PAGE = 1000;
const ENDED_STATES = [...ENDED_DEPLOYMENT_STATES];

export interface HousekeepingDeps {
  config: Config;
  clock: Clock;
}

/** What one run deleted, per kind. */
export interface HousekeepingResult {
  /** Finished receipts and time-bounded claims older than this were deleted. */
  cutoff: Date;
  deleted: {
    /** Per claim kind: `job`, `takeover`, `sla-takeover`, `digest-takeover`, `report`, `deploy`. */
    claims: Record<string, number>;
    inboundReceipts: number;
    /** Senders' fold marks (src/tickets/case-ref.model.ts): needed for minutes. */
    caseMarks: number;
    heartbeats: number;
    /** Of closed cases, older than `commentSourceDays` (src/maintenance/prune-case-links.ts). */
    commentSources: number;
    /** One-tap questions of closed cases older than the cutoff, with their answer claims. */
    fixQuestions: number;
  };
  /** Cases whose roll-up row was written again because the change that should have written it died. */
  rollupsRepaired: number;
}

/**
 * Keeps the bookkeeping collections bounded: deletes claims, inbound receipts and heartbeats that
 * nothing can read again (`CLAIM_KINDS` in src/db/claims.ts says which and why), and the comment
 * sources and one-tap questions of closed cases once no chat action can change them
 * (src/maintenance/prune-case-links.ts says how long and why).
 *
 * Safe with any number of processes and on FerretDB: it only deletes, by filter, so two runs at
 * once delete the same documents and a run after a crash starts over. Every filter matches
 * documents that no longer change (claims are never updated, a 'done' receipt stays done, an ended
 * deployment stays ended), so FerretDB's delete — a read, then deletes by _id — cannot remove one
 * that changed in between. The exception is a heartbeat renewed at that very moment by an owner
 * that had been silent for a day: it is back 2 s later, and its claims were already up for takeover.
 *
 * Receipts and claims are aged on the service clock (they are written with it or with the system
 * clock, the same in production); heartbeats on the system clock, like `isOwnerAlive`.
 */
export class HousekeepingService {
  constructor(private readonly deps: HousekeepingDeps) {}

  /** One pass over the collections; `onProgress` is called between steps (the job's touch). */
  async run(onProgress: () => Promise<void> = async () => undefined): Promise<HousekeepingResult> {
    const cutoff = new Date(this.deps.clock.now().getTime() - this.deps.config.housekeeping.keepDays * DAY_MS);
    const claims: Record<string, number> = {};
    // Receipts before their done claims (deleted with the other time-bounded claims just below).
    const receipts = await this.deleteDoneReceipts(cutoff);
    await onProgress();
    for (const { prefix } of claimKindsWith('time-bounded').map((kind) => CLAIM_KINDS[kind])) {
      const pruned = await Claim.deleteMany({ _id: keysStartingWith(prefix), at: { $lt: cutoff } });
      claims[prefix.slice(0, -1)] = pruned.deletedCount;
      await onProgress();
    }
    for (const prefix of new Set(claimKindsWith('with-deployment').map((kind) => CLAIM_KINDS[kind].prefix))) {
      claims[prefix.slice(0, -1)] = await this.deleteEndedDeploymentClaims(prefix, cutoff, onProgress);
    }
    const marks = await CaseRef.deleteMany({ _id: keysStartingWith(caseRefKeys.markPrefix), at: { $lt: cutoff } });
    await onProgress();
    const heartbeats = await Heartbeat.deleteMany({ seenAt: { $lt: new Date(Date.now() - HEARTBEAT_KEEP_MS) } });
    const { commentSourceDays } = this.deps.config.housekeeping;
    const sourcesCutoff = new Date(this.deps.clock.now().getTime() - commentSourceDays * DAY_MS);
    const commentSources = await pruneCommentSources(sourcesCutoff, onProgress);
    const fixQuestions = await pruneFixQuestions(cutoff, onProgress);
    // Reports older than an hour had their rows written (or repaired now): their refs can go.
    const rollupsRepaired =
      (await sweepPending(this.deps.clock.now())) +
      (await sweepReported(new Date(this.deps.clock.now().getTime() - 3_600_000)));
    return {
      rollupsRepaired,
      cutoff,
      deleted: {
        claims,
        inboundReceipts: receipts,
        caseMarks: marks.deletedCount,
        heartbeats: heartbeats.deletedCount,
        commentSources,
        fixQuestions,
      },
    };
  }

  /**
   * Receipts of deliveries handled before the cutoff: those whose done claim (`done:<receipt _id>`) is
   * older, read in pages of keys, and those written before done claims, marked `state: 'done'`. Slack
   * retries a delivery for minutes, Matrix re-syncs a failed batch at once: nothing comes back after days.
   */
  private async deleteDoneReceipts(cutoff: Date): Promise<number> {
    const prefix = CLAIM_KINDS.eventDone.prefix;
    let deleted = 0;
    for await (const page of oldClaimKeys(prefix, cutoff)) {
      const ids = page.map((key) => key.slice(prefix.length));
      deleted += (await InboundReceipt.deleteMany({ _id: { $in: ids } })).deletedCount;
    }
    // doneAt follows claimedAt, so the claimedAt bound only lets an index help.
    const before = await InboundReceipt.deleteMany({
      state: 'done',
      claimedAt: { $lt: cutoff },
      doneAt: { $lt: cutoff },
    });
    return deleted + before.deletedCount;
  }

  /**
   * Deploy claims older than the cutoff whose deployment ended before it (never `:completed`).
   * Read in pages of keys, each page's deployments looked up at once: one pass over `deploy:` keys.
   */
  private async deleteEndedDeploymentClaims(
    prefix: string,
    cutoff: Date,
    onProgress: () => Promise<void>,
  ): Promise<number> {
    let deleted = 0;
    for await (const page of oldClaimKeys(prefix, cutoff)) {
      const keysOf = new Map<string, string[]>();
      for (const _id of page) {
        const deployment = claimDeployment(_id);
        if (!deployment) continue;
        const keys = keysOf.get(deployment);
        if (keys) keys.push(_id);
        else keysOf.set(deployment, [_id]);
      }
      if (keysOf.size) {
        const ended = await Deployment.find(
          { _id: { $in: [...keysOf.keys()] }, state: { $in: ENDED_STATES }, endedAt: { $lt: cutoff } },
          { _id: 1 },
        ).lean();
        const keys = ended.flatMap((d) => keysOf.get(String(d._id)) ?? []);
        if (keys.length) deleted += (await Claim.deleteMany({ _id: { $in: keys }, at: { $lt: cutoff } })).deletedCount;
      }
      await onProgress();
    }
    return deleted;
  }
}

/** The keys of claims starting with `prefix` made before `cutoff`, in pages, in key order. */
async function* oldClaimKeys(prefix: string, cutoff: Date): AsyncGenerator<string[]> {
  let after = '';
  for (;;) {
    const page = await Claim.find({ _id: { ...keysStartingWith(prefix), $gt: after }, at: { $lt: cutoff } }, { _id: 1 })
      .sort({ _id: 1 })
      .limit(DEPLOY_CLAIM_PAGE)
      .lean<Array<{ _id: string }>>();
    if (!page.length) return;
    after = page[page.length - 1]._id;
    yield page.map((c) => c._id);
    if (page.length < DEPLOY_CLAIM_PAGE) return;
  }
}

/**
 * A filter on string keys that start with `prefix`, as a key range (`job:` up to, not including,
 * `job;`): the _id index serves it on MongoDB, and no key text reaches a regular expression.
 */
function keysStartingWith(prefix: string): { $gte: string; $lt: string } {
  const last = prefix.charCodeAt(prefix.length - 1);
  return { $gte: prefix, $lt: prefix.slice(0, -1) + String.fromCharCode(last + 1) };
}
