import type { MessageRef } from '../../src/chat/conversation-ref';
import type { TestBot } from './test-bot';

/** The newest CCB card of `key` posted in `channel`, as it reads now (its post, or its last edit). */
export function latestCard(bot: TestBot, key: string, channel = '#ccb'): { ref: MessageRef; text: string } {
  const posts = bot.sent.filter(
    (s) => s.action === 'post' && s.to?.channel === channel && s.msg.card?.kind === 'rfc' && s.msg.text.startsWith(key),
  );
  const p = posts[posts.length - 1];
  const edits = bot.sent.filter((s) => s.action === 'edit' && s.ref.messageId === p.ref.messageId);
  return { ref: p.ref, text: (edits.length ? edits[edits.length - 1] : p).msg.text };
}
