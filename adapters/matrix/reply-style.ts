/**
 * Answers go where the question was asked: a question in a thread is answered in the thread, a
 * rich reply with a rich reply, a top-level message at top level (as a rich reply to it, so the
 * answer shows what it answers). The intake names only the thread root it answers into; this
 * remembers, per root, how the latest question there was asked. In a room that uses threads, a
 * receipt for a top-level report opens a thread on the report (threaded-rooms.ts).
 */
export type AskedHow = { style: 'thread' } | { style: 'reply' | 'top'; eventId: string };

const MAX_ROOTS = 5000;

export class ReplyStyles {
  private readonly byRoot = new Map<string, AskedHow>();

  note(root: string, how: AskedHow): void {
    this.byRoot.delete(root);
    if (this.byRoot.size >= MAX_ROOTS) this.byRoot.delete(this.byRoot.keys().next().value!);
    this.byRoot.set(root, how);
  }

  /**
   * `m.relates_to` for a message into the thread of `root`: a rich reply where it was asked so, else
   * the thread. A message that opens a thread (a receipt) in a room that uses threads answers a
   * top-level question in a thread on it; a rich reply still gets a rich reply.
   */
  relationFor(root: string, threadTopLevel = false): Record<string, unknown> {
    const how = this.byRoot.get(root);
    if (how && (how.style === 'reply' || (how.style === 'top' && !threadTopLevel)))
      return { 'm.in_reply_to': { event_id: how.eventId } };
    return { rel_type: 'm.thread', event_id: root, is_falling_back: true, 'm.in_reply_to': { event_id: root } };
  }
}
