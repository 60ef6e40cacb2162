import { msg } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';

/** A command the person's roles do not allow, in their language (role names stay as configured). */
export function forbiddenText(
  command: string,
  roles: string,
  yours: readonly string[],
  known: boolean,
  lang?: Lang,
): { message: string; fix: string } {
  return {
    message: msg(lang, 'refuse.forbidden', {
      command,
      roles,
      yours: yours.join(', ') || msg(lang, 'refuse.roleUnknown'),
    }),
    fix: msg(lang, known ? 'refuse.forbiddenFixKnown' : 'refuse.forbiddenFixUnknown'),
  };
}

/** Text that starts with `/` or `!` but is no command: never a case. */
export function notACommandText(
  text: string,
  prefix: string,
  meant: string | undefined,
  lang?: Lang,
): { message: string; fix: string } {
  return {
    message: meant
      ? msg(lang, 'refuse.notACommandMeant', { text, prefix, meant })
      : msg(lang, 'refuse.notACommand', { text, prefix }),
    fix: msg(lang, 'refuse.notACommandFix', { prefix }),
  };
}
