/**
 * Read receipts and typing notifications (adapters/matrix/attention.ts) with a recording client:
 * catches a handled event left unread, typing shown for a quick answer, and typing left on.
 */
import pino from 'pino';
import { Attention, TYPING_AFTER_MS } from '../../../adapters/matrix/attention';

function recorder() {
  const calls: string[] = [];
  const client = {
    sendReadReceipt: (room: string, eventId: string) => (calls.push(`read ${room} ${eventId}`), Promise.resolve()),
    setTyping: (room: string, typing: boolean) => (calls.push(`typing ${room} ${typing}`), Promise.resolve()),
  };
  return { calls, attention: new Attention(client, pino({ level: 'silent' })) };
}

const settle = () => new Promise((done) => setImmediate(done));

describe('Matrix attention', () => {
  it('marks a handled event read and shows no typing for a quick command', async () => {
    const { calls, attention } = recorder();
    expect(await attention.around('!r', '$e', true, async () => 'answered')).toBe('answered');
    await settle();
    expect(calls).toEqual(['read !r $e']);
  });

  it('shows typing while a command takes longer than a second, and ends it', async () => {
    const { calls, attention } = recorder();
    await attention.around('!r', '$e', true, () => new Promise((done) => setTimeout(done, TYPING_AFTER_MS + 200)));
    await settle();
    expect(calls).toEqual(['typing !r true', 'read !r $e', 'typing !r false']);
  });

  it('shows no typing for a slow message that is not a command, and marks it read even if it failed', async () => {
    const { calls, attention } = recorder();
    await expect(
      attention.around('!r', '$e', false, async () => {
        await new Promise((done) => setTimeout(done, TYPING_AFTER_MS + 100));
        throw new Error('held elsewhere');
      }),
    ).rejects.toThrow('held elsewhere');
    await settle();
    expect(calls).toEqual(['read !r $e']);
  });
});
