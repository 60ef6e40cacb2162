import type { Person } from '../people/person';
import { forbidden } from '../core/errors';
import type { Subcommand } from '../../commands/command';

/** Who may run a sub-command, as words for help and refusals. */
export function describeRoles(sub: Pick<Subcommand, 'roles'>): string {
  if (sub.roles === 'anyone') return 'anyone';
  return sub.roles.length ? sub.roles.join(', ') : 'nobody (no roles configured)';
}

/**
 * Deny by default: only 'anyone' or a listed role lets the sub-command run. An empty or missing
 * role list refuses.
 */
export function checkRoles(person: Person, familyName: string, sub: Subcommand): void {
  if (sub.roles === 'anyone') return;
  const roles = Array.isArray(sub.roles) ? sub.roles : [];
  if (roles.length > 0 && roles.some((r) => person.roles.includes(r))) return;
  throw forbidden(
    `\`${familyName} ${sub.name}\` is for: ${describeRoles(sub)}. You are: ${person.roles.join(', ') || 'unknown'}.`,
    person.known ? 'Ask an admin if you need that role.' : "Ask the service desk to add you to opsdesk's people list.",
  );
}
