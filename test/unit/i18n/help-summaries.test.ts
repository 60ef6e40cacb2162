/**
 * `/help` in every language: each sub-command a teacher may run (roles 'anyone' or 'reporter') and
 * each family that has one has a translated summary; a new command a teacher can use, without its
 * translation, fails here. And no translation is left for a command that no longer exists.
 */
import { defaultCatalog } from '../../../commands';
import { HELP_SUMMARIES } from '../../../src/i18n/help-summaries';
import { LANGUAGES } from '../../../src/i18n/languages';

const families = defaultCatalog().families;
const forTeachers = (roles: unknown) => roles === 'anyone' || (Array.isArray(roles) && roles.includes('reporter'));
const needed = families.flatMap((f) => {
  const subs = f.subcommands.filter((s) => forTeachers(s.roles)).map((s) => `${f.name} ${s.name}`);
  return subs.length ? [f.name, ...subs] : [];
});
const existing = new Set(families.flatMap((f) => [f.name, ...f.subcommands.map((s) => `${f.name} ${s.name}`)]));

test.each(LANGUAGES.filter((l) => l !== 'en'))('%s has a summary for every command a teacher may run', (lang) => {
  const table = HELP_SUMMARIES[lang] ?? {};
  expect(needed.filter((k) => !table[k])).toEqual([]);
  expect(Object.keys(table).filter((k) => !existing.has(k))).toEqual([]);
});
