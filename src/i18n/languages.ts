/**
 * The languages opsdesk speaks. A language is added here, with its catalog in messages-<code>.ts
 * (every key of the English one: test/unit/i18n/catalog.test.ts fails on a missing key or a
 * placeholder that differs) and its keywords in keywords.ts (e.g. 'nn' for Nynorsk, 'de').
 */
export const LANGUAGES = ['en', 'nb'] as const;
export type Lang = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Lang = 'en';

/** The locale used for dates, times and numbers in each language. */
export const LOCALES: Record<Lang, string> = {
  en: 'en-GB',
  nb: 'nb-NO',
};
