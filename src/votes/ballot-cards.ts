import type { MessageRef } from '../chat/conversation-ref';
import type { ChangeService, ChangeServiceDeps } from '../changes/change-service';
import type { RfcDoc } from '../changes/rfc.model';
import { withKeyLock } from '../db/keyed-lock';
import { Ballot, type BallotDoc } from './ballot.model';
import { renderVoteCard } from './vote-card';
import { tallyVotes, type VoteTally } from './vote-tally';

export type BallotCardsDeps = Pick<ChangeServiceDeps, 'config' | 'outbound' | 'people' | 'log'>;

/**
 * The CCB cards of a ballot: posted in the board's channel when the vote opens, then edited with
 * the live tally and, at the close, the decision.
 */
export class BallotCards {
  private readonly rfcs = new Map<string, RfcDoc>();
  /** Per ballot, the edit waiting for its turn: later callers join it (it has not read anything yet). */
  private readonly waiting = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: BallotCardsDeps,
    private readonly changes: () => ChangeService,
    private readonly tally: (ballot: BallotDoc) => Promise<VoteTally>,
  ) {}

  /** Posts the card of a new ballot in the board's channel on every platform (else in the change's conversation). */
  async post(rfc: RfcDoc, ballot: BallotDoc): Promise<MessageRef[]> {
    const { config, outbound } = this.deps;
    const channel = config.changes.boards[ballot.board]?.channel ?? 'ccb';
    const places = outbound.channel(channel);
    const msg = renderVoteCard(rfc, ballot, tallyVotes(ballot.roster, []), this.cardOpts());
    const cards: MessageRef[] = [];
    for (const to of places.length ? places : [rfc.conversation]) {
      try {
        cards.push(await outbound.post(to, msg));
      } catch (err) {
        this.deps.log.warn(
          { err: (err as Error).message, platform: to.platform, rfc: rfc.key },
          'could not post the CCB card',
        );
      }
    }
    return cards;
  }

  /**
   * Edits into every card of the ballot what it is now: the tally and, once closed, the decision. The ballot and its
   * tally are read when the edit's turn comes, one edit per ballot at a time, so the edit that lands last shows the
   * latest state. Callers edit a ballot from different locks (a vote under its own ballot's lock, another change's
   * close refreshing this card's conflicts): an edit rendered from what it read before a close, and sent after the
   * close's edit, left the card showing an open vote after the decision (seen in the SIGKILL fault test under load).
   * Edits asked for while one waits join it: a storm of reactions makes a few edits, each showing the latest tally.
   */
  edit(ballotId: string): Promise<void> {
    const id = String(ballotId);
    const joined = this.waiting.get(id);
    if (joined) return joined;
    const turn = withKeyLock(`card:${id}`, async () => {
      this.waiting.delete(id);
      const ballot = await Ballot.findById(id).lean<BallotDoc>();
      if (ballot?.cards.length) await this.editNow(ballot, await this.tally(ballot));
    });
    this.waiting.set(id, turn);
    return turn;
  }

  private async editNow(ballot: BallotDoc, tally: VoteTally): Promise<void> {
    const rfc = await this.cardRfc(ballot);
    if (!rfc) return;
    const msg = renderVoteCard(rfc, ballot, tally, this.cardOpts());
    for (const card of ballot.cards) {
      await this.deps.outbound
        .edit(card, msg)
        .catch((err: Error) =>
          this.deps.log.warn({ err: err.message, rfc: ballot.rfcKey }, 'could not edit the CCB card'),
        );
    }
  }

  /** Forgets the cached change of a ballot (its conflicts or its state changed). */
  forget(ballotId: string): void {
    this.rfcs.delete(ballotId);
  }

  /**
   * The change as shown on its card. Its fields cannot change while the CCB votes (edits are refused
   * in proposed and release-vote), so an open ballot reads it once per process.
   */
  private async cardRfc(ballot: BallotDoc): Promise<RfcDoc | null> {
    const cached = this.rfcs.get(ballot._id);
    if (cached && ballot.open) return cached;
    const rfc = await this.changes().get(ballot.rfcKey);
    if (rfc && ballot.open) {
      if (this.rfcs.size > 500) this.rfcs.clear();
      this.rfcs.set(ballot._id, rfc);
    } else this.rfcs.delete(ballot._id);
    return rfc;
  }

  private cardOpts() {
    return {
      people: this.deps.people,
      timezone: this.deps.config.organisation.timezone,
      changes: this.deps.config.changes,
      // The card is read by the whole board in its channel: the organisation's language.
      lang: this.deps.config.organisation.language,
    };
  }
}
