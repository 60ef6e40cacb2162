/**
 * The `response_url`s of recent slash commands. Slack accepts up to five responses per URL within
 * 30 minutes; opsdesk uses one when it cannot post to the channel itself (a channel the bot was
 * not invited to, a DM between two people). A URL belongs to the person who typed the command:
 * it is found by the command's trigger id (the thread id of the command's answers), or for a
 * private notice by channel and user, and never for a message without an owner or for anybody
 * else. (Kept per channel, two people typing commands there back to back once got each other's
 * answers: an operator's case list went privately to a reporter.)
 */
import type { SlackMessageBody } from './block-kit-renderer';

const LIFETIME_MS = 30 * 60_000;
const MAX_USES = 5;
/** Most URLs kept; the oldest go first (a burst of commands cannot grow the map without end). */
const MAX_ENTRIES = 2000;

interface Entry {
  url: string;
  channel: string;
  userId: string;
  at: number;
  uses: number;
}

export class ResponseUrls {
  private readonly byTrigger = new Map<string, Entry>();

  remember(triggerId: string, channel: string, userId: string, url: string | undefined): void {
    if (!url || !/^https?:\/\//u.test(url)) return;
    this.prune();
    this.byTrigger.delete(triggerId);
    this.byTrigger.set(triggerId, { url, channel, userId, at: Date.now(), uses: 0 });
    while (this.byTrigger.size > MAX_ENTRIES) this.byTrigger.delete(this.byTrigger.keys().next().value!);
  }

  /**
   * The URL of the command `triggerId`, for its answer; with `userId`, only if that user typed it.
   * Undefined without a trigger id: a message nobody asked for has no URL to go to.
   */
  forCommand(triggerId: string | undefined, channel: string, userId?: string): string | undefined {
    const e = triggerId ? this.byTrigger.get(triggerId) : undefined;
    if (!e || e.channel !== channel || (userId !== undefined && e.userId !== userId)) return undefined;
    return this.use(e);
  }

  /** The URL of the latest command `userId` typed in `channel`, for a notice to that user. */
  forUser(channel: string, userId: string): string | undefined {
    let latest: Entry | undefined;
    for (const e of this.byTrigger.values()) {
      if (e.channel === channel && e.userId === userId && this.usable(e) && (!latest || e.at >= latest.at)) latest = e;
    }
    return latest ? this.use(latest) : undefined;
  }

  async send(url: string, body: SlackMessageBody, responseType: 'ephemeral' | 'in_channel'): Promise<void> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ ...body, response_type: responseType, replace_original: false }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
  }

  private usable(e: Entry): boolean {
    return Date.now() - e.at <= LIFETIME_MS && e.uses < MAX_USES;
  }

  private use(e: Entry): string | undefined {
    if (!this.usable(e)) return undefined;
    e.uses += 1;
    return e.url;
  }

  private prune(): void {
    const now = Date.now();
    for (const [k, e] of this.byTrigger) if (now - e.at > LIFETIME_MS) this.byTrigger.delete(k);
  }
}
