import { DEFAULT_LANGUAGE, LANGUAGES, type Lang } from './languages';

/** Locale languages opsdesk speaks as another while it has no catalog of their own (Norwegian `no`, Nynorsk `nn`). */
const SPOKEN_AS: Readonly<Record<string, Lang>> = { no: 'nb', nn: 'nb' };

/** The locale variables in POSIX order: the first one set (not empty) decides. */
const LOCALE_VARIABLES = ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const;

/**
 * The language of the operator's terminal (the CLI, configuration and start-up errors), the POSIX way:
 * the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set decides (`nb_NO.UTF-8` and `no_NO` → nb,
 * `nn_NO` → nb while opsdesk has no Nynorsk, `en_GB` → en). `C`, `POSIX` or a language opsdesk does not
 * speak is English, the untranslated text, as gettext does. With none set: the organisation's
 * `language` when the config is loaded, else English.
 */
export function terminalLanguage(env: Readonly<Record<string, string | undefined>>, organisation?: Lang): Lang {
  const locale = LOCALE_VARIABLES.map((v) => env[v]).find((value) => value?.trim());
  if (!locale) return organisation ?? DEFAULT_LANGUAGE;
  const code = locale
    .trim()
    .split(/[_.@-]/u)[0]
    .toLowerCase();
  if ((LANGUAGES as readonly string[]).includes(code)) return code as Lang;
  return SPOKEN_AS[code] ?? DEFAULT_LANGUAGE;
}
