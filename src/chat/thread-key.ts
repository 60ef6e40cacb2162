import type { MessageRef } from './conversation-ref';

/** Identifies a thread root across platforms and channels (Slack ts values repeat across channels). */
export function threadKey(ref: Pick<MessageRef, 'platform' | 'channel' | 'messageId'>): string {
  return `${ref.platform}|${ref.channel}|${ref.messageId}`;
}
