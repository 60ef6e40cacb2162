import type { Logger } from 'pino';
import type { MessageRef } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import type { OutMessage } from '../chat/out-message';
import type { RfcFieldName } from '../config/sections/changes';
import type { PeopleDirectory } from '../people/people-directory';
import { OpenDialogues } from './open-dialogues';
import { Rfc, type RfcDoc } from './rfc.model';

/**
 * Where an RFC talks: the dialogue that fills its fields (which thread or DM answers which question), its CCB cards,
 * and the requester's conversation.
 */
export class ChangeDialogue {
  /** Who may have an RFC dialogue open (the dialogue handler skips everyone else). */
  readonly open = new OpenDialogues();

  constructor(private readonly deps: { outbound: OutboundPort; people: PeopleDirectory; log: Logger }) {}

  async byThread(threadKey: string): Promise<RfcDoc | null> {
    return Rfc.findOne({ dialogueThreads: String(threadKey), asking: { $exists: true } }).lean<RfcDoc>();
  }

  /** The draft whose dialogue runs flat in this DM, if any (newest first). */
  async inDirect(personId: string, platform: string, channel: string): Promise<RfcDoc | null> {
    return Rfc.findOne({
      requesterId: String(personId),
      'conversation.platform': String(platform),
      'conversation.channel': String(channel),
      'conversation.direct': true,
      asking: { $exists: true },
    })
      .sort({ number: -1 })
      .lean<RfcDoc>();
  }

  /** Sets (or with undefined, ends) the field the dialogue is asking for, and adds a thread whose replies answer. */
  async setAsking(rfc: RfcDoc, field: RfcFieldName | undefined, threadKeys: readonly string[] = []): Promise<void> {
    if (field) this.open.opened(rfc.requesterId);
    const update: Record<string, unknown> = field ? { $set: { asking: field } } : { $unset: { asking: '' } };
    if (threadKeys.length) update.$addToSet = { dialogueThreads: { $each: threadKeys.map(String) } };
    await Rfc.updateOne({ _id: rfc._id }, update);
  }

  /** Remembers the CCB cards of a ballot, so reactions on them count and the tally edits them. */
  async setCards(rfc: RfcDoc, ballotId: string, cards: MessageRef[]): Promise<void> {
    await Rfc.updateOne({ _id: rfc._id }, { $set: { ballotId, cards, ...(cards[0] ? { card: cards[0] } : {}) } });
  }

  /** Tells the requester in their dialogue conversation; a failure is logged, never undoes anything. */
  async tellRequester(rfc: RfcDoc, msg: string | OutMessage): Promise<void> {
    try {
      const c = rfc.conversation;
      if (c.direct) await this.deps.outbound.post(c, msg);
      else {
        const userId = this.deps.people.identitiesOf(rfc.requesterId)[c.platform];
        if (userId) await this.deps.outbound.direct(c.platform, userId, msg);
        else await this.deps.outbound.post(c, msg);
      }
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message, rfc: rfc.key }, 'could not tell the requester');
    }
  }
}
