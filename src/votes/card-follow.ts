import type { OutboundPort } from '../chat/outbound-port';
import type { Logger } from 'pino';
import { Rfc, type RfcDoc } from '../changes/rfc.model';
import { Ballot, type BallotDoc } from './ballot.model';
import type { BallotCards } from './ballot-cards';

/**
 * The CCB card after the vote: edited again when the change's conflicts or state change (deploying, deployed, rolled
 * back, reviewed, closed), so the board sees the change to its end; the review is also posted under the card.
 */
export class CardFollower {
  constructor(
    private readonly deps: { outbound: OutboundPort; log: Logger },
    private readonly cards: BallotCards,
  ) {}

  /** The change's latest ballot (the card the board saw last: the RFC's `ballotId`), if any. */
  async latest(rfcKey: string): Promise<BallotDoc | null> {
    const rfc = await Rfc.findOne({ key: String(rfcKey) }, { ballotId: 1 }).lean<Pick<RfcDoc, 'ballotId'>>();
    return rfc?.ballotId ? Ballot.findById(rfc.ballotId).lean<BallotDoc>() : null;
  }

  /** Edits the latest card of each change with what it is now. */
  async refresh(rfcKeys: readonly string[]): Promise<void> {
    for (const key of new Set(rfcKeys)) {
      const b = await this.latest(key);
      if (!b?.cards.length) continue;
      this.cards.forget(b._id);
      await this.cards.edit(b._id);
    }
  }

  /** Posts `text` under each card of the change's latest ballot (the review reaching the CCB); the count posted. */
  async postUnder(rfc: RfcDoc, text: string): Promise<number> {
    const b = await this.latest(rfc.key);
    let posted = 0;
    for (const card of b?.cards ?? []) {
      try {
        await this.deps.outbound.post(
          { platform: card.platform, channel: card.channel, thread: card.thread ?? card.messageId },
          text,
        );
        posted++;
      } catch (err) {
        this.deps.log.warn({ err: (err as Error).message, rfc: rfc.key }, 'could not post under the CCB card');
      }
    }
    return posted;
  }
}
