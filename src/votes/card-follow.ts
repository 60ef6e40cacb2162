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

  /** The id of the change's latest ballot (the card the board saw last: the RFC's `ballotId`), if any. */
  private async latestId(rfcKey: string): Promise<string | undefined> {
    const rfc = await Rfc.findOne({ key: String(rfcKey) }, { ballotId: 1 }).lean<Pick<RfcDoc, 'ballotId'>>();
    return rfc?.ballotId;
  }

  /** The change's latest ballot, if any. */
  private async latest(rfcKey: string): Promise<BallotDoc | null> {
    const id = await this.latestId(rfcKey);
    return id ? Ballot.findById(id).lean<BallotDoc>() : null;
  }

  /** Edits the latest card of each change with what it is now (the edit reads the ballot when its turn comes). */
  async refresh(rfcKeys: readonly string[]): Promise<void> {
    for (const key of new Set(rfcKeys)) {
      const id = await this.latestId(key);
      if (!id) continue;
      this.cards.forget(id);
      await this.cards.edit(id);
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
