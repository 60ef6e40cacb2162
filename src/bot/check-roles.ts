import type { Person } from '../people/person';
import { forbidden } from '../core/errors';
import type { Subcommand } from '../../commands/command';
import { forbiddenText } from './render-refusals';
import { msg } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';

/** Who may run a sub-command, as words for help and refusals. */
export function describeRoles(sub: Pick<Subcommand, 'roles'>, lang?: Lang): string {
  if (sub.roles === 'anyone') return 'anyone';
  return sub.roles.length ? sub.roles.join(', ') : msg(lang, 'intake.nobody');
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
    describeRoles(sub, person.language),
    person.roles,
    person.known,
    person.language,
  );
  throw forbidden(message, fix);
}
