import { z } from 'zod';
import { msg, type MessageKey, type MessageParams } from './catalog';
import { en } from './messages-en';
import type { Lang } from './languages';

/** zod's own locale for each language: its built-in issues ("expected number, received string"). */
const ZOD_LOCALES: Record<Lang, () => { localeError: z.core.$ZodErrorMap }> = { en: z.locales.en, nb: z.locales.no };

/** The error map that writes zod's built-in issues in `lang`: `schema.safeParse(x, zodErrorsIn(lang))`. */
export function zodErrorsIn(lang: Lang): { error: z.core.$ZodErrorMap } {
  return { error: ZOD_LOCALES[lang]().localeError };
}

/**
 * One issue's problem in `lang`: the catalog's sentence when the schema names a key as its message
 * (opsdesk's own checks, with their `params`), else zod's message (in zod's locale, see zodErrorsIn).
 */
export function issueIn(lang: Lang, issue: z.core.$ZodIssue): string {
  if (!(issue.message in en)) return issue.message;
  const params = 'params' in issue ? (issue.params as MessageParams | undefined) : undefined;
  return msg(lang, issue.message as MessageKey, params);
}
