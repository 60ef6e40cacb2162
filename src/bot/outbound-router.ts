import type { Logger } from 'pino';
import type { ChatAdapter } from '../chat/chat-adapter';
import type { ConversationRef, MessageRef } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import { toOutMessage, type OutMessage } from '../chat/out-message';
import type { Config } from '../config/schema';
import { OpsdeskError } from '../core/errors';

/** The OutboundPort: sends through the adapter of each ref's platform. */
export class OutboundRouter implements OutboundPort {
  private readonly adapters = new Map<string, ChatAdapter>();

  constructor(
    private readonly channels: Config['channels'],
    private readonly log: Logger,
  ) {}

  register(adapter: ChatAdapter): void {
    this.adapters.set(adapter.platform, adapter);
  }

  unregister(platform: string): void {
    this.adapters.delete(platform);
  }

  platforms(): string[] {
    return [...this.adapters.keys()];
  }

  adapter(platform: string): ChatAdapter {
    const a = this.adapters.get(platform);
    if (!a) throw new OpsdeskError('UNAVAILABLE', `No ${platform} adapter is running.`, { detail: { platform } });
    return a;
  }

  post(to: ConversationRef, msg: string | OutMessage): Promise<MessageRef> {
    return this.adapter(to.platform).post(to, toOutMessage(msg));
  }

  edit(ref: MessageRef, msg: string | OutMessage): Promise<void> {
    return this.adapter(ref.platform).edit(ref, toOutMessage(msg));
  }

  react(ref: MessageRef, reaction: string): Promise<void> {
    return this.adapter(ref.platform).react(ref, reaction);
  }

  async remove(ref: MessageRef, instead: string): Promise<void> {
    const adapter = this.adapter(ref.platform);
    if (adapter.remove) await adapter.remove(ref);
    else await adapter.edit(ref, toOutMessage(instead));
  }

  /**
   * A DM is for its one reader, who needs no mention to see it: it names nobody (Matrix:
   * `m.mentions: {}`), so an edit of it or a name in it never highlights anyone.
   */
  async direct(platform: string, userId: string, msg: string | OutMessage): Promise<MessageRef> {
    const adapter = this.adapter(platform);
    const dm = await adapter.openDirect(userId);
    return adapter.post(dm, toOutMessage(msg));
  }

  /** A private notice is for its one reader too (a DM on Matrix): it names nobody either. */
  notice(to: ConversationRef, userId: string, msg: string | OutMessage): Promise<void> {
    return this.adapter(to.platform).notice(to, userId, toOutMessage(msg));
  }

  channel(name: string): ConversationRef[] {
    const byPlatform = this.channels[name] ?? {};
    const refs: ConversationRef[] = [];
    for (const [platform, channel] of Object.entries(byPlatform)) {
      if (this.adapters.has(platform)) refs.push({ platform, channel });
    }
    if (!refs.length) this.log.debug({ channel: name }, 'named channel not configured on any running platform');
    return refs;
  }
}
