import { randomUUID } from 'node:crypto';
import type { Lang } from '../i18n/languages';
import { normalizeReaction } from '../chat/emoji';
import { claimOnce } from '../db/claim-once';
import { withKeyLock } from '../db/keyed-lock';
import type { Person } from '../people/person';
import { threadKey } from '../chat/thread-key';
import { claims } from '../db/claims';
import { isDuplicateKey, raceSafeUpsert } from '../core/duplicate-key';
import { SYSTEM_ACTOR, type ChangeService } from '../changes/change-service';
import type { RfcDoc } from '../changes/rfc.model';
import { technicalBoardOf } from '../changes/boards';
import { effectiveType, overrideDecision, policyError, policySettings, voteDecision } from '../changes/change-policy';
import { Ballot, type BallotDecision, type BallotDoc, Vote, type VoteDoc } from './ballot.model';
import { BallotCards } from './ballot-cards';
import { BallotCloser, type ClosedBy, type VoteServiceDeps } from './ballot-closer';
import { CardFollower } from './card-follow';
import type { ReactionInput, ReactionOutcome } from './reaction-outcome';
import { voteReminder } from './render-vote-notices';
import { VOTE_DEADLINE_JOB, VOTE_REMINDER_JOB } from '../core/job-names';
import { type BallotKind, choiceOf, rosterOf, ruleFor, type VoteChoice } from './vote-rules';
import { SettleLater } from './settle-later';
import { outcomeOf, settledOutcome, tallyVotes, type VoteTally } from './vote-tally';
import { refusal, said } from '../i18n/refusal';
import { SHOW_FIX } from '../changes/render-policy';

export type { VoteServiceDeps } from './ballot-closer';

/**
 * CCB ballots: the card in the board's channel, one vote per member (the latest reaction counts,
 * removing it retracts), the live tally, close early or at the deadline, exactly one decision.
 */
export class VoteService {
  /** This process's closers and reminders, as the owner of their claims (with a heartbeat: claim-step.ts). */
  private readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly cards: BallotCards;
  private readonly closer: BallotCloser;
  /** The card after the vote: conflicts, the change's state to its end, the review. */
  readonly follow: CardFollower;
  /** Settled votes whose close another process held, tried again once it can be taken over. */
  private readonly later: SettleLater;

  constructor(
    private readonly deps: VoteServiceDeps,
    private readonly changes: () => ChangeService,
  ) {
    this.cards = new BallotCards(deps, changes, (b) => this.tally(b));
    this.follow = new CardFollower(deps, this.cards);
    this.closer = new BallotCloser(this.owner, deps, changes, this.cards, this);
    this.later = new SettleLater(
      (id) =>
        withKeyLock(`ballot:${id}`, async () => {
          const ballot = await Ballot.findById(id).lean<BallotDoc>();
          if (ballot?.open) await this.settle(ballot);
          else this.later.done(id);
        }),
      deps.log,
    );
  }

  /**
   * Checks the change's planning conflicts again, stores them on it and on the changes it meets, and edits the cards
   * whose conflicts changed. Returns the lines for people (in `lang`).
   */
  async syncConflicts(rfcKey: string, actorId: string, lang?: Lang): Promise<string[]> {
    const changes = this.changes();
    const { conflicts, touched } = await changes.conflicts.sync(rfcKey, actorId);
    await this.follow.refresh(touched);
    return changes.conflicts.lines(conflicts, lang);
  }

  async ballot(id: string): Promise<BallotDoc | null> {
    return Ballot.findById(String(id)).lean<BallotDoc>();
  }

  async openBallotOf(rfcKey: string): Promise<BallotDoc | null> {
    return Ballot.findOne({ rfcKey: String(rfcKey), open: true }).lean<BallotDoc>();
  }

  async tally(ballot: BallotDoc): Promise<VoteTally> {
    if (!ballot.open && ballot.final)
      return {
        ...ballot.final,
        notVoted: ballot.roster.filter((id) => !Object.values(ballot.final!).flat().includes(id)),
      };
    const votes = await Vote.find({ ballotId: ballot._id }).lean<VoteDoc[]>();
    return tallyVotes(ballot.roster, votes);
  }

  /**
   * Opens a ballot for a change that has just entered its voting state, posts the card, schedules
   * deadline and reminder. The vote rule is that of the change's effective type (an emergency
   * change not yet confirmed votes by the normal rule); with four eyes the requester is not on the roster.
   */
  async open(rfc: RfcDoc, kind: BallotKind, actor: Person, opts: { note?: string } = {}): Promise<BallotDoc> {
    const { config, clock, jobs } = this.deps;
    const changes = config.changes;
    const policy = policySettings(changes);
    const rule = ruleFor(changes, effectiveType(rfc, policy));
    const boardId = kind === 'technical' ? (technicalBoardOf(changes, rfc.board) ?? rfc.board) : rfc.board;
    const board = rosterOf(changes, this.deps.people, boardId);
    const roster = policy.fourEyes ? board.filter((id) => id !== rfc.requesterId) : board;
    if (!roster.length)
      throw refusal(
        'PRECONDITION',
        said(board.length ? 'vote.err.noOtherMembers' : 'vote.err.noMembers', { board: boardId }),
        said('vote.err.noMembersFix'),
      );
    const round = (await Ballot.countDocuments({ rfcKey: rfc.key, kind })) + 1;
    const now = clock.now();
    const ballot: BallotDoc = {
      _id: `${rfc.key}/${kind}/${round}`,
      rfcKey: rfc.key,
      kind,
      round,
      board: boardId,
      roster,
      requesterId: rfc.requesterId,
      ...(opts.note ? { note: opts.note } : {}),
      quorum: rule.quorum,
      threshold: rule.threshold,
      closeEarly: rule.closeEarly,
      opensAt: now,
      deadline: new Date(now.getTime() + rule.deadlineMs),
      remindAt: new Date(now.getTime() + Math.round(rule.deadlineMs * changes.votes.remindAt)),
      cardKeys: [],
      cards: [],
      open: true,
    };
    try {
      await Ballot.create(ballot);
    } catch (err) {
      if (isDuplicateKey(err))
        throw refusal('CONFLICT', said('vote.err.sameMoment', { kind: said(`vote.kind.${kind}`), key: rfc.key }));
      throw err;
    }
    const cards = await this.cards.post(rfc, ballot);
    ballot.cards = cards;
    ballot.cardKeys = cards.map((c) => threadKey(c));
    await Ballot.updateOne({ _id: ballot._id }, { $set: { cards, cardKeys: ballot.cardKeys } });
    await this.changes().setCards(rfc, ballot._id, cards);
    await jobs.at(VOTE_DEADLINE_JOB, ballot.deadline, { ballotId: ballot._id }, `vote-deadline:${ballot._id}`);
    await jobs.at(VOTE_REMINDER_JOB, ballot.remindAt, { ballotId: ballot._id }, `vote-reminder:${ballot._id}`);
    await this.changes().record({
      rfcKey: rfc.key,
      actorId: actor.id,
      kind: 'submitted',
      reason: openedReason(kind),
      data: {
        ballotId: ballot._id,
        roster,
        quorum: rule.quorum,
        threshold: rule.threshold,
        deadline: ballot.deadline.toISOString(),
      },
    });
    return ballot;
  }

  /**
   * A reaction on a message: on a CCB card from a board member while the vote is open, it is cast
   * (added) or retracted (removed), recorded, and may settle the vote. Says what became of it; the
   * caller tells the person.
   */
  async react(input: ReactionInput): Promise<ReactionOutcome> {
    const { person, action } = input;
    const found = await Ballot.findOne({ cardKeys: threadKey(input.card) })
      .sort({ opensAt: -1 })
      .lean<BallotDoc>();
    if (!found) return { kind: 'not-a-card' };
    const choice = choiceOf(this.deps.config.changes, input.reaction);
    if (!choice) return { kind: 'ignored', rfcKey: found.rfcKey };
    const requesterId = found.requesterId ?? (await this.changes().get(found.rfcKey))?.requesterId;
    const allowed = requesterId
      ? voteDecision({ key: found.rfcKey, requesterId }, person.id, policySettings(this.deps.config.changes))
      : { ok: true as const };
    if (!allowed.ok)
      return {
        kind: 'refused',
        rfcKey: found.rfcKey,
        reason: allowed.reason,
        fix: allowed.fix,
        said: allowed.said,
      };
    if (!found.roster.includes(person.id))
      return { kind: 'not-member', rfcKey: found.rfcKey, board: found.board, roster: found.roster };
    const reaction = normalizeReaction(input.reaction);
    return withKeyLock(`ballot:${found._id}`, async (): Promise<ReactionOutcome> => {
      const ballot = await Ballot.findById(found._id).lean<BallotDoc>();
      if (!ballot) return { kind: 'ignored', rfcKey: found.rfcKey };
      if (!ballot.open) {
        return {
          kind: 'closed',
          rfcKey: ballot.rfcKey,
          ballotKind: ballot.kind,
          decision: ballot.decision,
          closedAt: ballot.closedAt,
        };
      }
      if (action === 'removed' && input.removedBy)
        return this.removedByOther(ballot, person.id, input.reaction, input.removedBy);
      const changed =
        action === 'added'
          ? await this.cast(ballot, person.id, choice, reaction)
          : await this.retract(ballot, person.id, reaction);
      if (!changed) return { kind: 'counted', rfcKey: ballot.rfcKey, changed };
      // The audit entry's id is taken before the tally is read, so it sorts before any decision it causes.
      const recorded = this.changes().record({
        rfcKey: ballot.rfcKey,
        actorId: person.id,
        kind: action === 'added' ? 'vote' : 'retracted',
        data: { ballotId: ballot._id, choice, reaction },
      });
      await Promise.all([recorded, this.settle(ballot)]);
      return { kind: 'counted', rfcKey: ballot.rfcKey, changed };
    });
  }

  /**
   * A member's reaction removed by someone else (a moderator's redaction) is not the member's
   * retraction: the vote stands, and the removal is in the change's audit with who did it.
   */
  private async removedByOther(
    ballot: BallotDoc,
    personId: string,
    typed: string,
    removedBy: { userId: string; displayName?: string },
  ): Promise<ReactionOutcome> {
    const reaction = normalizeReaction(typed);
    const stillCounts = (await Vote.exists({ ballotId: ballot._id, personId: String(personId), reaction })) !== null;
    await this.changes().record({
      rfcKey: ballot.rfcKey,
      actorId: personId,
      kind: 'note',
      reason: `reaction removed by ${removedBy.displayName ?? removedBy.userId}; not a retraction`,
      data: { ballotId: ballot._id, reaction, removedBy: removedBy.userId, stillCounts },
    });
    return { kind: 'removed-by-other', rfcKey: ballot.rfcKey, reaction: typed, removedBy, stillCounts };
  }

  /** One vote document per (ballot, member): the latest reaction replaces the previous one. */
  private async cast(ballot: BallotDoc, personId: string, choice: VoteChoice, reaction: string): Promise<boolean> {
    const filter = { ballotId: ballot._id, personId: String(personId) };
    const set = { $set: { choice, reaction, at: this.deps.clock.now() } };
    await withKeyLock(`vote:${ballot._id}:${personId}`, async () => {
      await raceSafeUpsert(() => Vote.updateOne(filter, set, { upsert: true }));
    });
    return true;
  }

  /** Removing a reaction retracts the vote only if that reaction is the one that counts. */
  private async retract(ballot: BallotDoc, personId: string, reaction: string): Promise<boolean> {
    const res = await withKeyLock(`vote:${ballot._id}:${personId}`, () =>
      Vote.deleteOne({ ballotId: ballot._id, personId: String(personId), reaction }),
    );
    return res.deletedCount > 0;
  }

  /**
   * Edits the tally into the cards, and closes the ballot once the outcome cannot change. Caller holds the ballot lock.
   */
  private async settle(ballot: BallotDoc): Promise<void> {
    const tally = await this.tally(ballot);
    const settled = ballot.closeEarly ? settledOutcome(tally, ballot) : undefined;
    if (settled) {
      const closed = await this.closer.closeLocked(ballot._id, settled, {
        how: 'vote',
        actorId: SYSTEM_ACTOR.personId,
        reason: 'closed early: the outcome can no longer change',
      });
      // Refused: closed already, or another process holds the close (and may have died holding it).
      if (closed) this.later.done(ballot._id);
      else this.later.schedule(ballot._id);
      return;
    }
    await this.cards.edit(ballot._id);
  }

  /**
   * Ends a ballot with `decision`, exactly once across processes (a unique claim), moves the change
   * on, records the signed decision, edits the cards and tells the requester. False if another
   * closer decided first.
   */
  close(ballotId: string, decision: BallotDecision, by: ClosedBy): Promise<boolean> {
    return withKeyLock(`ballot:${ballotId}`, () => this.closer.closeLocked(ballotId, decision, by));
  }

  /** The deadline job: closes an open ballot with the outcome of the votes cast (no quorum: postponed). */
  async deadline(ballotId: string): Promise<boolean> {
    const ballot = await this.ballot(ballotId);
    if (!ballot?.open) return false;
    const t = await this.tally(ballot);
    const outcome = outcomeOf(t.approve.length, t.reject.length, t.abstain.length, ballot);
    const voted = t.approve.length + t.reject.length + t.abstain.length;
    const reason =
      outcome === 'postponed' && voted < ballot.quorum
        ? `deadline reached without quorum (${voted} of ${ballot.quorum} needed)`
        : 'deadline reached';
    return this.close(ballot._id, outcome, { how: 'deadline', actorId: SYSTEM_ACTOR.personId, reason });
  }

  /** The half-time job: members who have not voted get one reminder (once, even if the job runs again). */
  async remind(ballotId: string): Promise<string[]> {
    const ballot = await this.ballot(ballotId);
    if (!ballot?.open) return [];
    if (!(await claimOnce(claims.ballotReminder(ballot._id), this.owner, this.deps.clock.now()))) return [];
    const t = await this.tally(ballot);
    const tz = this.deps.config.organisation.timezone;
    const reminded: string[] = [];
    for (const id of t.notVoted) {
      const p = this.deps.people.get(id);
      if (!p) continue;
      const platform = [...ballot.cards.map((c) => c.platform), ...Object.keys(p.identities)].find(
        (pl) => p.identities[pl],
      );
      if (!platform) continue;
      const text = voteReminder(
        {
          ballotKind: ballot.kind,
          rfcKey: ballot.rfcKey,
          deadline: ballot.deadline,
          timezone: tz,
        },
        p.language,
      );
      try {
        await this.deps.outbound.direct(platform, p.identities[platform], text);
        reminded.push(id);
      } catch (err) {
        this.deps.log.warn({ err: (err as Error).message, person: id }, 'could not send the vote reminder');
      }
    }
    return reminded;
  }

  /**
   * A change manager other than the requester decides an open vote with a reason (change-policy.ts); recorded and shown
   * on the card.
   */
  async override(rfcKey: string, actor: Person, decision: 'approved' | 'rejected', reason: string): Promise<BallotDoc> {
    const rfc = await this.changes().require(rfcKey);
    const allowed = overrideDecision(rfc, actor, reason, policySettings(this.deps.config.changes));
    if (!allowed.ok) throw policyError(allowed);
    const ballot = await this.openBallotOf(rfcKey);
    if (!ballot) throw refusal('INVALID_STATE', said('vote.err.noOpen', { key: rfcKey }), SHOW_FIX(rfcKey));
    if (!(await this.close(ballot._id, decision, { how: 'override', actorId: actor.id, reason }))) {
      throw refusal('INVALID_STATE', said('vote.err.closedMeanwhile', { key: rfcKey }));
    }
    const closed = await this.ballot(ballot._id);
    if (!closed) throw refusal('NOT_FOUND', said('vote.err.gone', { key: rfcKey }));
    return closed;
  }

  /** A withdrawn change ends its open vote (no decision). */
  async withdraw(rfcKey: string, actor: Person, reason: string): Promise<void> {
    const ballot = await this.openBallotOf(rfcKey);
    if (ballot) await this.close(ballot._id, 'withdrawn', { how: 'withdrawn', actorId: actor.id, reason });
  }
}

/** The audit entry's reason (a record, written once in English). */
const openedReason = (kind: string) => `${kind} vote opened`;
