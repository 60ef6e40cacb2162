/**
 * The message catalog: every language has every key of the English catalog, no extra key, and the
 * same placeholders in each sentence (a translation that drops `{key}` would send a sentence
 * without the case number). That no module writes a sentence itself: literal-sentences.test.ts.
 */
import { catalogOf, formatDateTimeIn, msg, placeholdersOf } from '../../../src/i18n/catalog';
import { LANGUAGES } from '../../../src/i18n/languages';
import { en } from '../../../src/i18n/messages-en';

describe.each(LANGUAGES.filter((l) => l !== 'en'))('the %s catalog', (lang) => {
  const catalog = catalogOf(lang) as Record<string, string>;

  test('has every English key and no other', () => {
    const missing = Object.keys(en).filter((k) => !(k in catalog) || !catalog[k].trim());
    const extra = Object.keys(catalog).filter((k) => !(k in en));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  test('uses the same placeholders in every sentence', () => {
    const differ = Object.entries(en)
      .filter(([k, v]) => placeholdersOf(v).join() !== placeholdersOf(catalog[k] ?? '').join())
      .map(([k]) => k);
    expect(differ).toEqual([]);
  });
});

test('msg fills placeholders; a language without the key would fall back to English', () => {
  expect(msg('nb', 'confirm.done', { key: 'INC-7' })).toBe('Takk! INC-7 er lukket.');
  expect(msg('en', 'confirm.done', { key: 'INC-7' })).toBe('Thanks! INC-7 is closed.');
  expect(msg(undefined, 'notice.status', { key: 'INC-7', status: 'resolved' })).toBe('INC-7 is now *resolved*.');
});

test("dates and times in the person's locale and the organisation's time zone", () => {
  const at = new Date('2026-11-30T13:05:00Z');
  expect(formatDateTimeIn('nb', at, 'Europe/Oslo')).toBe('30. nov. 2026, 14:05');
  expect(formatDateTimeIn('en', at, 'Europe/Oslo')).toBe('30 Nov 2026, 14:05');
});
