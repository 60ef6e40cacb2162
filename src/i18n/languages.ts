/**
 * The languages opsdesk speaks. A language is added here, with its catalog in messages-<code>.ts
 * and its area files in <code>/ (every key of the English one: test/unit/i18n/catalog.test.ts fails on a
 * missing key or a placeholder that differs), its keywords in keywords.ts (e.g. 'nn' for Nynorsk, 'de'),
 * its locale and date format below.
 */
export const LANGUAGES = ['en', 'nb'] as const;
export type Lang = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Lang = 'en';

/** The locale used for dates, times and numbers in each language. */
export const LOCALES: Record<Lang, string> = {
  en: 'en-GB',
  nb: 'nb-NO',
};

/** How each language writes a date with its time (luxon tokens), e.g. in a case's history. */
export const DATE_TIME_FORMATS: Record<Lang, string> = {
  en: 'yyyy-LL-dd HH:mm',
  nb: 'dd.LL.yyyy HH:mm',
};
