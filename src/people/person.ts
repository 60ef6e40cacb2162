import type { NotifyTarget } from '../chat/out-message';
import type { Role } from './role';
import type { Lang } from '../i18n/languages';

/** A person known to opsdesk: from config, or an unknown platform user (reporter only). */
export interface Person {
  /** Stable id: the config id, or `<platform>:<userId>` for people not in config. */
  id: string;
  name: string;
  school?: string;
  roles: readonly Role[];
  /** Platform user ids by platform name (console, slack, matrix). */
  identities: Readonly<Record<string, string>>;
  /** False for people not in the config (they may only report problems and see their own cases). */
  known: boolean;
  email?: string;
  /** The language opsdesk speaks to them: theirs from the config, else the organisation's. */
  language?: Lang;
}

/** True when the person holds one of the roles. Roles are literal: list 'admin' where admins may act. */
export function hasRole(person: Person, ...roles: readonly Role[]): boolean {
  return roles.some((r) => person.roles.includes(r));
}

/**
 * The person on every platform they have, for a message meant to notify them (`OutMessage.notify`),
 * with the name it calls them by (Matrix makes that a pill).
 */
export function notifyTargetsOf(person: Pick<Person, 'identities'> & { name?: string }): NotifyTarget[] {
  return Object.entries(person.identities).map(([platform, userId]) => ({
    platform,
    userId,
    ...(person.name ? { name: person.name } : {}),
  }));
}
