import type { Person } from '../people/person';
import { forbidden } from '../core/errors';
import type { Subcommand } from '../../commands/command';
import { forbiddenText } from './render-refusals';

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
  const { message, fix } = forbiddenText(
    `${familyName} ${sub.name}`,
    describeRoles(sub),
    person.roles,
    person.known,
    person.language,
  );
  throw forbidden(message, fix);
}
