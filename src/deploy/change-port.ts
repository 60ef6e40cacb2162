import type { Types } from 'mongoose';
import type { ConversationRef } from '../chat/conversation-ref';
import type { ChangeState } from '../changes/change-lifecycle';
import type { PolicyRfc } from '../changes/change-policy';

/**
 * What deployments need of an RFC (the change-management contract): the change policy's view, and where its requester
 * talks.
 */
export interface RfcLike extends PolicyRfc {
  _id: Types.ObjectId;
  title?: string;
  conversation: ConversationRef;
  /** When it entered its state. */
  stateAt?: Date;
}

export interface ChangePort {
  get(key: string): Promise<RfcLike | null>;
  getById(id: Types.ObjectId | string): Promise<RfcLike | null>;
  /** RFCs in a state (the reconcile job: deploying). */
  inState(state: ChangeState): Promise<RfcLike[]>;
  transition(
    key: string,
    to: ChangeState,
    actor: { personId: string },
    reason: string,
    opts?: { expectFrom?: readonly ChangeState[]; data?: Record<string, unknown> },
  ): Promise<unknown>;
}
