import type { Logger } from 'pino';
import type { MessageRef } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import type { OutMessage } from '../chat/out-message';
import type { PeopleDirectory } from '../people/people-directory';
import type { Person } from '../people/person';
import type { DmGate } from './flood-guard';
import { heldBackText } from './render-floods';
import { reporterNotice } from './render-ticket';
import type { TicketDoc } from './ticket.model';
import type { Lang } from '../i18n/languages';

/** A sentence for the reporter: fixed, or written in their language. */
export type ReporterText = string | ((lang: Lang) => string | OutMessage);

/** A sentence for a person (staff, someone mentioned): fixed, or written in their language. */
export type PersonText = string | ((lang: Lang) => string);

/** Options of one notification: `capped` ones (about comments) count against the recipient's DMs per minute. */
export interface TellOptions {
  capped?: boolean;
}

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
    /** The cap on notifications about comments (FloodGuard.dmGate); without it everything is sent. */
    private readonly gate?: (recipient: Pick<Person, 'id'>, platform: string) => Promise<DmGate>,
  ) {}

  /** Tells whoever works on the case, unless they did it themselves. */
  async tellAssignee(t: TicketDoc, actor: Person, text: PersonText, opts: TellOptions = {}): Promise<void> {
    if (!t.assigneeId || t.assigneeId === actor.id) return;
    const assignee = this.deps.people.get(t.assigneeId);
    if (assignee) await this.tellPerson(assignee, t, text, opts);
  }

  /**
   * Tells the reporter in their DM (on the platform where they reported), unless they did it
   * themselves. A sentence (or a function of the reporter's language giving one) gets the line on
   * how to add details; an OutMessage is sent as it is. Resolves with the notice sent, if one was.
   */
  async tellReporter(
    t: TicketDoc,
    actor: Person,
    text: ReporterText | OutMessage,
    opts: TellOptions = {},
  ): Promise<MessageRef | undefined> {
    if (actor.id === t.reporterId) return undefined;
    const platform = t.conversation.platform;
    const userId = this.deps.people.identitiesOf(t.reporterId)[platform];
    if (!userId) return undefined;
    const lang = this.deps.people.languageOf(t.reporterId);
    const given = typeof text === 'function' ? text(lang) : text;
    const notice = typeof given === 'string' ? reporterNotice(t, given, lang) : given;
    const msg = await this.gated({ id: t.reporterId }, t, notice, opts);
    if (!msg) return undefined;
    const ref = await this.safeSend(() => this.deps.outbound.direct(platform, userId, msg), t.key);
    // A reply in the thread of this notice is a comment on the case, as the notice says.
    if (ref) await this.addThread(t._id, ref);
    return ref;
  }

  /** DMs a person (in their language) about a case on the platform the case lives on (or any platform they have). */
  async tellPerson(
    p: Person,
    t: TicketDoc,
    given: PersonText,
    opts: TellOptions = {},
  ): Promise<MessageRef | undefined> {
    const text = typeof given === 'function' ? given(p.language ?? this.deps.people.languageOf(p.id)) : given;
    const platforms = [t.conversation.platform, ...Object.keys(p.identities)];
    for (const platform of platforms) {
      const userId = p.identities[platform];
      if (!userId) continue;
      const msg = await this.gated(p, t, { text }, opts);
      if (!msg) return undefined;
      return this.safeSend(() => this.deps.outbound.direct(platform, userId, msg), t.key);
    }
    return undefined;
  }

  /** What to send `recipient`: `msg`, the "holding back" notice, or nothing (undefined). */
  private async gated(
    recipient: Pick<Person, 'id'>,
    t: TicketDoc,
    msg: OutMessage,
    opts: TellOptions,
  ): Promise<OutMessage | undefined> {
    if (!opts.capped || !this.gate) return msg;
    const gate = await this.gate(recipient, t.conversation.platform);
    if (gate === 'send') return msg;
    return gate === 'hold' ? { text: heldBackText(t, this.deps.people.languageOf(recipient.id)) } : undefined;
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
