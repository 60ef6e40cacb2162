/**
 * Who may approach the bot: invite it and write to it in a DM. A configured person may from any
 * server, anyone else only from a server in `matrix.allowedServers` (default the bot's own);
 * `matrix.ignoreUsers` never.
 */
import type { Config } from '../../src/config/schema';

/** The server part of a user id (`@anna:school.example` → `school.example`), lower case. */
export function serverOf(userId: string): string {
  const colon = userId.indexOf(':');
  return colon < 0 ? '' : userId.slice(colon + 1).toLowerCase();
}

export class Access {
  /** Servers whose users may invite the bot and DM it (lower case). */
  readonly allowedServers: Set<string>;
  /** Configured people's Matrix ids: they may invite and DM from any server. */
  private readonly configuredUsers: Set<string>;
  readonly ignoredUsers: Set<string>;

  constructor(config: Config, botUserId: string) {
    const settings = config.matrix;
    this.allowedServers = new Set((settings.allowedServers ?? [serverOf(botUserId)]).map((s) => s.toLowerCase()));
    this.configuredUsers = new Set(config.people.flatMap((p) => (p.identities.matrix ? [p.identities.matrix] : [])));
    this.ignoredUsers = new Set(settings.ignoreUsers);
  }

  /** May this user invite the bot and write to it in a DM: a configured person, or a user of an allowed server. */
  mayApproach(userId: string): boolean {
    if (this.ignoredUsers.has(userId)) return false;
    return this.configuredUsers.has(userId) || this.allowedServers.has(serverOf(userId));
  }
}
