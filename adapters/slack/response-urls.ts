/**
 * The `response_url` of recent slash commands, per channel. Slack accepts up to five responses
 * per URL within 30 minutes; opsdesk uses one when it cannot post to the channel itself (a
 * channel the bot was not invited to, a DM between two people).
 */
import type { SlackMessageBody } from './block-kit-renderer';

const LIFETIME_MS = 30 * 60_000;
const MAX_USES = 5;

interface Entry {
  url: string;
  userId: string;
  at: number;
  uses: number;
}

export class ResponseUrls {
  private readonly byChannel = new Map<string, Entry>();

  remember(channel: string, userId: string, url: string | undefined): void {
    if (!url || !/^https?:\/\//u.test(url)) return;
    this.prune();
    this.byChannel.set(channel, { url, userId, at: Date.now(), uses: 0 });
  }

  /** A usable URL for the channel (and, if given, the user who typed the command). */
  take(channel: string, userId?: string): string | undefined {
    const e = this.byChannel.get(channel);
    if (!e || Date.now() - e.at > LIFETIME_MS || e.uses >= MAX_USES) return undefined;
    if (userId && e.userId !== userId) return undefined;
    e.uses += 1;
    return e.url;
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

  private prune(): void {
    const now = Date.now();
    for (const [k, e] of this.byChannel) if (now - e.at > LIFETIME_MS) this.byChannel.delete(k);
  }
}
