/**
 * Receipts thread where the room uses threads: a configured room, or one where a person was seen
 * writing in a thread (remembered in storage, so a restart keeps it); answers elsewhere stay where
 * the question was asked.
 */
import { ReplyStyles } from '../../../adapters/matrix/reply-style';
import { ThreadedRooms } from '../../../adapters/matrix/threaded-rooms';

const THREAD = (root: string) => ({
  rel_type: 'm.thread',
  event_id: root,
  is_falling_back: true,
  'm.in_reply_to': { event_id: root },
});

describe('rooms that use threads', () => {
  // Catches: a room seen using threads forgotten at a restart, or a configured room not threading.
  it('knows configured rooms and remembers the ones seen using threads across instances', async () => {
    const values = new Map<string, string>();
    const store = {
      readValue: (k: string) => values.get(k),
      storeValue: (k: string, v: string) => void values.set(k, v),
    };
    const rooms = new ThreadedRooms(new Set(['!ops:x']), store);
    expect(await rooms.uses('!ops:x')).toBe(true);
    expect(await rooms.uses('!dm:x')).toBe(false);
    await rooms.seen('!dm:x');
    expect(await rooms.uses('!dm:x')).toBe(true);
    expect(await new ThreadedRooms(new Set(), store).uses('!dm:x')).toBe(true);
    expect(await new ThreadedRooms(new Set(), store).uses('!other:x')).toBe(false);
  });

  // Catches: a receipt that opens a thread turning a rich reply into a thread (rich reply → rich
  // reply), or a top-level question answered in a thread where the room does not use threads.
  it('threads a top-level question only for a message that opens a thread', () => {
    const styles = new ReplyStyles();
    styles.note('$top', { style: 'top', eventId: '$top' });
    styles.note('$root', { style: 'reply', eventId: '$reply' });
    styles.note('$t', { style: 'thread' });
    expect(styles.relationFor('$top')).toEqual({ 'm.in_reply_to': { event_id: '$top' } });
    expect(styles.relationFor('$top', true)).toEqual(THREAD('$top'));
    expect(styles.relationFor('$root', true)).toEqual({ 'm.in_reply_to': { event_id: '$reply' } });
    expect(styles.relationFor('$t')).toEqual(THREAD('$t'));
    expect(styles.relationFor('$unknown', true)).toEqual(THREAD('$unknown'));
  });
});
