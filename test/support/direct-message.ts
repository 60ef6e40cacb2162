import type { MessageEvent } from '../../src/chat/chat-event';

/** A DM from `user` to the bot on the `test` platform, as an adapter would deliver it to the intake. */
export function directMessage(user: string, text: string, eventId: string): MessageEvent {
  return {
    type: 'message',
    platform: 'test',
    eventId,
    user: { id: user },
    channel: `dm:${user}`,
    direct: true,
    receivedAt: new Date(),
    messageId: `m-${eventId}`,
    text,
    mentioned: false,
  };
}
