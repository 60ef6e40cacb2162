import type { PlatformUser } from '../chat/chat-event';
import type { PersonConfig } from '../config/schema';
import type { Person } from './person';
import { labelStoredName, unverifiedName } from './render-person';
import type { Role } from './role';
import { DEFAULT_LANGUAGE, type Lang } from '../i18n/languages';

/**
 * Who is who: maps platform user ids to people from the config. People not in the config are
 * reporters known only by their platform id (`slack:U123`), named with their display name and the
 * label "unverified" with that id (src/people/render-person.ts), so nobody passes for someone else
 * by choosing a name.
 */
export class PeopleDirectory {
  private readonly byId = new Map<string, Person>();
  private readonly byIdentity = new Map<string, Person>();

  /** `language`: the organisation's, for people without their own and for unknown reporters. */
  constructor(
    people: readonly PersonConfig[],
    private readonly language: Lang = DEFAULT_LANGUAGE,
  ) {
    for (const p of people) {
      const person: Person = {
        id: p.id,
        name: p.name,
        school: p.school,
        email: p.email,
        roles: [...p.roles],
        identities: { ...p.identities },
        known: true,
        language: p.language ?? language,
      };
      this.byId.set(p.id, person);
      for (const [platform, userId] of Object.entries(p.identities)) {
        this.byIdentity.set(`${platform}\u0000${userId}`, person);
      }
    }
  }

  /**
   * The person behind a platform user; unknown users become unknown reporters. An external user
   * (`user.external`: a Slack Connect user of another team) is never a configured person, even
   * with a configured id: configured Slack identities are members of the bot's own teams.
   */
  resolve(platform: string, user: PlatformUser | string): Person {
    const u = typeof user === 'string' ? { id: user } : user;
    const known = u.external ? undefined : this.byIdentity.get(`${platform}\u0000${u.id}`);
    if (known) return known;
    return {
      id: `${platform}:${u.id}`,
      name: unverifiedName(platform, u),
      roles: ['reporter'],
      identities: { [platform]: u.id },
      known: false,
      language: this.language,
    };
  }

  /** The language to speak to a person id (a configured person's own, else the organisation's). */
  languageOf(id: string): Lang {
    return this.byId.get(id)?.language ?? this.language;
  }

  /** Whether the platform user id is a configured person's (external users never are; see resolve). */
  isConfiguredIdentity(platform: string, userId: string): boolean {
    return this.byIdentity.has(`${platform}\u0000${userId}`);
  }

  /**
   * The name to show for a name stored on a record (a case's reporter, a history entry's actor):
   * as stored, but labelled "unverified" with the platform id when the person is not in the config
   * (records written before names were labelled).
   */
  shownName(personId: string, stored: string): string {
    return labelStoredName(personId, stored, this.byId.has(personId));
  }

  get(id: string): Person | undefined {
    return this.byId.get(id);
  }

  /** Known people holding the role. */
  withRole(role: Role): Person[] {
    return [...this.byId.values()].filter((p) => p.roles.includes(role));
  }

  all(): Person[] {
    return [...this.byId.values()];
  }

  /**
   * Finds a person from what a user typed: `me`, `@me`, a config id, `@id`, a platform mention
   * (`<@U123>` on Slack, `@user:server` on Matrix) or a full name. Undefined if nobody matches.
   */
  find(typed: string, caller: Person, platform: string): Person | undefined {
    const t = typed.trim();
    if (/^@?me$/iu.test(t)) return caller;
    const slackMention = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/u.exec(t);
    if (slackMention) return this.byIdentity.get(`${platform}\u0000${slackMention[1]}`);
    const direct = this.byIdentity.get(`${platform}\u0000${t}`);
    if (direct) return direct;
    const bare = t.replace(/^@/u, '').toLowerCase();
    const byId = this.byId.get(bare);
    if (byId) return byId;
    for (const p of this.byId.values()) if (p.name.toLowerCase() === bare) return p;
    return undefined;
  }

  /** Every platform identity of a person id (including unknown reporters' `platform:userId` ids). */
  identitiesOf(personId: string): Record<string, string> {
    const known = this.byId.get(personId);
    if (known) return { ...known.identities };
    const i = personId.indexOf(':');
    return i > 0 ? { [personId.slice(0, i)]: personId.slice(i + 1) } : {};
  }
}
