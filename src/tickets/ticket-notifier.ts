import type { Logger } from 'pino';
import type { MessageRef } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import type { PeopleDirectory } from '../people/people-directory';
import type { Person } from '../people/person';
import { reporterNotice } from './render-ticket';
import type { TicketDoc } from './ticket.model';

export interface TicketNotifierDeps {
  outbound: OutboundPort;
  people: PeopleDirectory;
  log: Logger;
}

/** Tells people about a case in their DMs: the reporter, whoever works on it, anyone it concerns. */
export class TicketNotifier {
  constructor(
    private readonly deps: TicketNotifierDeps,
    /** Makes replies in the thread of a notice comments on the case. */
    private readonly addThread: (ticketId: TicketDoc['_id'], ref: MessageRef) => Promise<void>,
  ) {}

  /** Tells whoever works on the case, unless they did it themselves. */
  async tellAssignee(t: TicketDoc, actor: Person, text: string): Promise<void> {
    if (!t.assigneeId || t.assigneeId === actor.id) return;
    const assignee = this.deps.people.get(t.assigneeId);
    if (assignee) await this.tellPerson(assignee, t, text);
  }

  /** Tells the reporter in their DM (on the platform where they reported), unless they did it themselves. */
  async tellReporter(t: TicketDoc, actor: Person, text: string): Promise<void> {
    if (actor.id === t.reporterId) return;
    const platform = t.conversation.platform;
    const userId = this.deps.people.identitiesOf(t.reporterId)[platform];
    if (!userId) return;
    const ref = await this.safeSend(() => this.deps.outbound.direct(platform, userId, reporterNotice(t, text)), t.key);
    // A reply in the thread of this notice is a comment on the case, as the notice says.
    if (ref) await this.addThread(t._id, ref);
  }

  /** DMs a person about a case on the platform the case lives on (or any platform they have). */
  async tellPerson(p: Person, t: TicketDoc, text: string): Promise<MessageRef | undefined> {
    const platforms = [t.conversation.platform, ...Object.keys(p.identities)];
    for (const platform of platforms) {
      const userId = p.identities[platform];
      if (!userId) continue;
      return this.safeSend(() => this.deps.outbound.direct(platform, userId, { text }), t.key);
    }
    return undefined;
  }

  /** A failed notification is logged, never lost silently, and never undoes the recorded change. */
  private async safeSend<T>(send: () => Promise<T>, key: string): Promise<T | undefined> {
    try {
      return await send();
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message, case: key }, 'notification failed');
      return undefined;
    }
  }
}
