/**
 * Display names and e-mail addresses from `users.info`, cached for `ttlMs`. Best effort: a
 * failed or rate-limited lookup gives nothing (and is not retried for a minute), so it never
 * holds up an event.
 */
import type { Logger } from 'pino';

export interface SlackUserInfo {
  displayName?: string;
  email?: string;
  /** The team (workspace) the user belongs to: for a Slack Connect guest, their own organisation's. */
  team?: string;
}

export interface UsersInfoClient {
  users: {
    info(args: { user: string }): Promise<{
      user?: {
        name?: string;
        real_name?: string;
        team_id?: string;
        profile?: { display_name?: string; real_name?: string; email?: string; team?: string };
      };
    }>;
  };
}

const FAILURE_TTL_MS = 60_000;

export class SlackUserDirectory {
  private readonly cache = new Map<string, { at: number; ttl: number; info: Promise<SlackUserInfo | undefined> }>();

  constructor(
    private readonly client: UsersInfoClient,
    private readonly ttlMs: number,
    private readonly log: Logger,
  ) {}

  lookup(userId: string): Promise<SlackUserInfo | undefined> {
    const now = Date.now();
    const hit = this.cache.get(userId);
    if (hit && now - hit.at < hit.ttl) return hit.info;
    const entry = { at: now, ttl: this.ttlMs, info: this.fetch(userId) };
    void entry.info.then((info) => {
      if (!info) entry.ttl = Math.min(this.ttlMs, FAILURE_TTL_MS);
    });
    this.cache.set(userId, entry);
    return entry.info;
  }

  private async fetch(userId: string): Promise<SlackUserInfo | undefined> {
    try {
      const { user } = await this.client.users.info({ user: userId });
      if (!user) return undefined;
      const p = user.profile ?? {};
      return {
        displayName: p.display_name || p.real_name || user.real_name || user.name || undefined,
        email: p.email || undefined,
        team: user.team_id || p.team || undefined,
      };
    } catch (err) {
      this.log.warn(
        { err: (err as Error).message, userId },
        'Slack users.info failed; continuing without a display name',
      );
      return undefined;
    }
  }
}
