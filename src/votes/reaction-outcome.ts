import type { Said } from '../i18n/refusal';
import type { MessageRef } from '../chat/conversation-ref';
import type { Person } from '../people/person';
import type { BallotDecision } from './ballot.model';
import type { BallotKind } from './vote-rules';

/** A reaction as the vote service sees it: on which message, by whom, which emoji, added or removed. */
export interface ReactionInput {
  card: MessageRef;
  person: Person;
  /** As the platform gave it (skin tones and Unicode forms are normalised by the service). */
  reaction: string;
  action: 'added' | 'removed';
  /**
   * Who removed the reaction when it was not the reactor (a Matrix moderator's redaction), and how the bot names them.
   */
  removedBy?: { userId: string; displayName?: string };
}

/** What became of a reaction; the caller tells the person where that is needed. */
export type ReactionOutcome =
  /** Not on a CCB card: another handler may want it. */
  | { kind: 'not-a-card' }
  /** On a card, but no vote (an emoji that means nothing here, or the ballot is gone). */
  | { kind: 'ignored'; rfcKey: string }
  /** From someone who does not vote on the board: not counted. */
  | { kind: 'not-member'; rfcKey: string; board: string; roster: string[] }
  /** On the card of a ballot already decided: not counted. */
  | {
      kind: 'closed';
      rfcKey: string;
      ballotKind: BallotKind;
      decision: BallotDecision | undefined;
      closedAt: Date | undefined;
    }
  /**
   * Someone other than the member removed the member's reaction: recorded, not a retraction.
   * `stillCounts`: the removed reaction was the member's counted vote, which stands.
   */
  | {
      kind: 'removed-by-other';
      rfcKey: string;
      /** As the platform gave it. */ reaction: string;
      removedBy: { userId: string; displayName?: string };
      stillCounts: boolean;
    }
  /** Refused by the change policy (the requester on their own change): not counted. */
  | { kind: 'refused'; rfcKey: string; reason: string; fix?: string; said?: { message: Said; fix?: Said } }
  /** A vote cast or retracted; `changed` is false when it changed nothing (a retracted reaction that did not count). */
  | { kind: 'counted'; rfcKey: string; changed: boolean };

export type NotMemberOutcome = Extract<ReactionOutcome, { kind: 'not-member' }>;
export type ClosedOutcome = Extract<ReactionOutcome, { kind: 'closed' }>;
export type RemovedByOtherOutcome = Extract<ReactionOutcome, { kind: 'removed-by-other' }>;
export type RefusedOutcome = Extract<ReactionOutcome, { kind: 'refused' }>;
