/**
 * The end of a ballot: exactly once across processes (the decision claim), the change moved on, the
 * signed decision recorded, the ballot closed (in that order, so a crash half-way is taken over), the
 * cards edited and the requester told; after a passed technical review
 * the board's own vote opens. Called by the vote service under the ballot's lock.
 */
import type { Lang } from '../i18n/languages';
import type { Person } from '../people/person';
import { claimStepAs } from '../db/claim-step';
import { claims } from '../db/claims';
import type { ChangeService, ChangeServiceDeps } from '../changes/change-service';
import type { RfcDoc } from '../changes/rfc.model';
import { approvalRecord } from '../changes/approved-content';
import { Ballot, type BallotDecision, type BallotDoc } from './ballot.model';
import type { BallotCards } from './ballot-cards';
import { ballotClosedMessage } from './render-vote-notices';
import { msg } from '../i18n/catalog';
import { said } from '../i18n/refusal';
import { type BallotKind, nextState, VOTING_STATE } from './vote-rules';
import type { VoteTally } from './vote-tally';

/** What the vote service (and its closer) are built from. */
export type VoteServiceDeps = Omit<ChangeServiceDeps, 'signer'>;

/** How and by whom a ballot ends. */
export interface ClosedBy {
  how: 'vote' | 'deadline' | 'override' | 'withdrawn';
  actorId: string;
  reason: string;
}

/** What the closer needs of the vote service. */
export interface BallotVotes {
  tally(ballot: BallotDoc): Promise<VoteTally>;
  syncConflicts(rfcKey: string, actorId: string, lang?: Lang): Promise<string[]>;
  open(rfc: RfcDoc, kind: BallotKind, actor: Person, opts?: { note?: string }): Promise<BallotDoc>;
}

export class BallotCloser {
  constructor(
    /** This process, as the owner of the decision claims (the vote service's). */
    private readonly owner: string,
    private readonly deps: VoteServiceDeps,
    private readonly changes: () => ChangeService,
    private readonly cards: BallotCards,
    private readonly votes: BallotVotes,
  ) {}

  async closeLocked(ballotId: string, asked: BallotDecision, by: ClosedBy): Promise<boolean> {
    const now = this.deps.clock.now();
    const ballot = await Ballot.findById(String(ballotId)).lean<BallotDoc>();
    if (!ballot || !ballot.open) return false;
    // A decision the bot cannot sign is refused before anything changes: the vote stays open.
    if (asked !== 'withdrawn')
      await this.changes().requireSigner(
        said(by.how === 'override' ? 'audit.what.overrideVote' : 'audit.what.ccbDecision', { key: ballot.rfcKey }),
      );
    // A closer killed half-way is taken over as soon as its heartbeat is stale (a restart's redelivered reactions
    // settle the vote), not only two minutes later.
    const won = await claimStepAs(claims.ballotDecision(ballot._id), this.owner, now, undefined, { heartbeat: true });
    if (!won) return false;
    // Taken over from a closer that died half-way: what it did stands. The change it moved keeps the decision it was
    // moved by (votes may have changed since), and a decision already on the record is not recorded twice.
    const prior = won === 'takeover' ? await this.changes().ballotOutcome(ballot.rfcKey, ballot._id) : undefined;
    const decision = (prior?.movedBy as BallotDecision | undefined) ?? asked;
    const tally = await this.votes.tally(ballot);
    const final = { approve: tally.approve, reject: tally.reject, abstain: tally.abstain };
    const set = {
      open: false,
      decision,
      decidedBy: by.how,
      decidedById: by.actorId,
      reason: by.reason,
      closedAt: now,
      final,
    };
    const changes = this.changes();
    const counts = {
      approve: tally.approve.length,
      reject: tally.reject.length,
      abstain: tally.abstain.length,
      notVoted: tally.notVoted.length,
    };
    const technicalGo = ballot.kind === 'technical' && decision === 'approved';
    if (decision !== 'withdrawn' && !technicalGo) {
      const to = nextState(ballot.kind, decision);
      try {
        // An approval records the digest of exactly what was approved, and by whom (change-policy.ts).
        const voted = decision === 'approved' ? await changes.get(ballot.rfcKey) : null;
        const approval = voted
          ? approvalRecord(voted, {
              // Never a technical review here: its approval moves nothing (technicalGo).
              stage: ballot.kind === 'release' ? 'release' : 'approval',
              how: by.how === 'override' ? 'override' : 'vote',
              approvers: by.how === 'override' ? [by.actorId] : tally.approve,
              decidedById: by.actorId,
              at: now,
              ballotId: ballot._id,
            })
          : undefined;
        await changes.transition(
          ballot.rfcKey,
          to,
          { personId: by.actorId },
          decidedReason(ballot.kind, decision, by.reason),
          {
            expectFrom: [VOTING_STATE[ballot.kind]],
            data: {
              ballotId: ballot._id,
              decision,
              ...(approval ? { digest: approval.digest, approvers: approval.approvers } : {}),
            },
            ...(approval ? { set: { approval } } : {}),
          },
        );
        // At an approval the planning conflicts are checked again (other changes may have been planned since).
        if (decision === 'approved') await this.votes.syncConflicts(ballot.rfcKey, by.actorId);
      } catch (err) {
        this.deps.log.warn(
          { err: (err as Error).message, rfc: ballot.rfcKey },
          'vote decided but the change could not move on',
        );
      }
    }
    if (decision !== 'withdrawn' && !prior?.recorded) {
      await changes.record({
        rfcKey: ballot.rfcKey,
        actorId: by.actorId,
        kind: by.how === 'override' ? 'override' : 'decision',
        to: decision,
        reason: by.reason,
        data: {
          ballotId: ballot._id,
          kind: ballot.kind,
          how: by.how,
          ...final,
          quorum: ballot.quorum,
          threshold: ballot.threshold,
          counts,
        },
      });
    }
    // The ballot closes last, once the change moved and the decision is on the record: a process that dies
    // before this leaves the ballot open, and the next closer (a reaction, the deadline) takes the step over.
    await Ballot.updateOne({ _id: ballot._id, open: true }, { $set: set });
    await this.cards.edit(ballot._id);
    // The technical review passed: the board's own vote opens (the TAB's decision is on the record, not an approval).
    if (technicalGo) await this.openAfterReview(ballot);
    const rfc = await changes.get(ballot.rfcKey);
    if (rfc && decision !== 'withdrawn') {
      const override = by.how === 'override' ? by.reason : undefined;
      const timezone = this.deps.config.organisation.timezone;
      await changes.tellRequester(
        rfc,
        ballotClosedMessage(
          {
            rfcKey: rfc.key,
            ballotKind: ballot.kind,
            decision,
            override,
            counts,
            windowStart: rfc.window?.start,
            timezone,
          },
          this.deps.people.languageOf(rfc.requesterId),
        ),
      );
    }
    this.deps.log.info({ rfc: ballot.rfcKey, ballot: ballot._id, decision, how: by.how }, 'ballot closed');
    return true;
  }

  private async openAfterReview(ballot: BallotDoc): Promise<void> {
    const rfc = await this.changes().get(ballot.rfcKey);
    const requester = rfc && this.deps.people.get(rfc.requesterId);
    if (!rfc || !requester || rfc.state !== 'proposed') return;
    await this.votes.open(rfc, 'approval', requester, {
      // Stored on the ballot and shown on the card in the board's channel: the organisation's language.
      note: msg(this.deps.config.organisation.language, 'vote.reviewApproved', { board: ballot.board }),
    });
  }
}

/** The reason stored with the change's move (the record itself: English data). */
function decidedReason(kind: BallotKind, decision: BallotDecision, reason: string): string {
  return `${kind} vote ${decision}: ${reason}`;
}
