import { en, type MessageKey } from './messages-en';
import { nb } from './messages-nb';
import { DEFAULT_LANGUAGE, LOCALES, type Lang } from './languages';

export type { MessageKey };

/** Every language's catalog; a language missing a key fails to compile and fails the catalog test. */
export const CATALOGS: Record<Lang, Record<MessageKey, string>> = { en, nb };

export type MessageParams = Readonly<Record<string, string | number>>;

/** The sentence `key` in `lang` with its `{placeholders}` filled (an unknown language speaks English). */
export function msg(lang: Lang | undefined, key: MessageKey, params: MessageParams = {}): string {
  const template = CATALOGS[lang ?? DEFAULT_LANGUAGE]?.[key] ?? en[key];
  return template.replace(/\{([a-zA-Z]+)\}/gu, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A name that may have a translation (`status.resolved`, `category.printing`): the translation, else the name. */
export function msgName(lang: Lang | undefined, prefix: 'status' | 'priority' | 'category', name: string): string {
  const key = `${prefix}.${name}`;
  return key in en ? msg(lang, key as MessageKey) : name;
}

/** The placeholders a template uses, sorted (the catalog test compares them across languages). */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\{([a-zA-Z]+)\}/gu)].map((m) => m[1]))].sort();
}

/** A date and time in the person's language and the organisation's time zone ("30. nov. 2026, 14:05"). */
export function formatDateTimeIn(lang: Lang | undefined, date: Date, timezone: string): string {
  return new Intl.DateTimeFormat(LOCALES[lang ?? DEFAULT_LANGUAGE], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: timezone,
  }).format(date);
}

/** A time of day in the person's language and the organisation's time zone ("14:05"). */
export function formatTimeIn(lang: Lang | undefined, date: Date, timezone: string): string {
  return new Intl.DateTimeFormat(LOCALES[lang ?? DEFAULT_LANGUAGE], { timeStyle: 'short', timeZone: timezone }).format(
    date,
  );
}
