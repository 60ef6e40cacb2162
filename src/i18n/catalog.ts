import { DateTime } from 'luxon';
import { en, type MessageKey } from './messages-en';
import type * as MessagesNb from './messages-nb';
import { DATE_TIME_FORMATS, DEFAULT_LANGUAGE, LOCALES, type Lang } from './languages';

export type { MessageKey };

/**
 * Every language's catalog, loaded at its first sentence (a bot whose people all speak English never
 * loads the Norwegian one, about 0.4 MiB); a language missing a key fails to compile and fails the
 * catalog test.
 */
const LOADERS: Record<Lang, () => Record<MessageKey, string>> = {
  en: () => en,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  nb: () => (require('./messages-nb') as typeof MessagesNb).nb,
};
const loaded: Partial<Record<Lang, Record<MessageKey, string>>> = {};

/** The catalog of `lang` (undefined for a language opsdesk does not speak). */
export function catalogOf(lang: Lang): Record<MessageKey, string> | undefined {
  if (!Object.hasOwn(LOADERS, lang)) return undefined;
  return (loaded[lang] ??= LOADERS[lang]());
}

export type MessageParams = Readonly<Record<string, string | number>>;

/** The sentence `key` in `lang` with its `{placeholders}` filled (an unknown language speaks English). */
export function msg(lang: Lang | undefined, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogOf(lang ?? DEFAULT_LANGUAGE)?.[key] ?? en[key];
  return template.replace(/\{([a-zA-Z]+)\}/gu, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A key that has a `.one` and an `.other` form (`ticket.count.one`, `ticket.count.other`). */
export type CountedKey = MessageKey extends infer K ? (K extends `${infer B}.one` ? B : never) : never;

/** The sentence for `count` things: `{count}` is filled too ("1 case", "3 cases"; "1 sak", "3 saker"). */
export function msgCount(lang: Lang | undefined, key: CountedKey, count: number, params: MessageParams = {}): string {
  return msg(lang, `${key}.${count === 1 ? 'one' : 'other'}` as MessageKey, { count, ...params });
}

/** A function that speaks `lang`: `const t = speak(lang); t('ticket.closed', { key })`. */
export function speak(lang: Lang | undefined): (key: MessageKey, params?: MessageParams) => string {
  return (key, params) => msg(lang, key, params);
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

/** A date and time as the language writes it, in the organisation's time zone ("30.11.2026 14:05" in nb). */
export function formatLocalIn(lang: Lang | undefined, at: Date | string | number, timezone: string): string {
  const l = lang ?? DEFAULT_LANGUAGE;
  return DateTime.fromJSDate(new Date(at)).setZone(timezone).setLocale(LOCALES[l]).toFormat(DATE_TIME_FORMATS[l]);
}

/** "3 h", "2 d", "15 min" between two instants, in the language ("3 t", "2 d", "15 min"). */
export function formatAgeIn(lang: Lang | undefined, from: Date, to: Date): string {
  const ms = Math.max(0, to.getTime() - from.getTime());
  const min = Math.floor(ms / 60_000);
  if (min < 60) return msg(lang, 'age.minutes', { count: min });
  const h = Math.floor(min / 60);
  if (h < 48) return msg(lang, 'age.hours', { count: h });
  return msg(lang, 'age.days', { count: Math.floor(h / 24) });
}
