import type { Lang } from './languages';

/**
 * Translations of the command summaries a teacher (reporter) sees in `/help`: the family and the
 * sub-commands anyone may run. The English summary is the one in the command's definition
 * (commands/<family>.ts); a language without an entry shows it. Keys: `family` or `family sub`.
 * test/unit/i18n/help-summaries.test.ts fails when a sub-command anyone may run has no translation.
 */
export const HELP_SUMMARIES: Partial<Record<Lang, Readonly<Record<string, string>>>> = {
  nb: {
    ticket:
      'Saker: list, show, assign, prioritise, escalate, comment, resolve, close; den som meldte saken ' +
      'bekrefter (confirm) eller gjenåpner (reopen).',
    'ticket list': 'Vis saker: open (standard), mine, unassigned, all, school NAVN, category NAVN, status STATUS.',
    'ticket show': 'Vis en sak med hele historikken.',
    'ticket comment': 'Legg til en kommentar; de du @nevner, får den i en direktemelding og kan svare i tråden.',
    'ticket confirm': 'Bekreft at en løst sak du har meldt, er i orden; saken lukkes.',
    'ticket reopen': 'Gjenåpne en løst sak du har meldt som ikke er i orden, og si hva som fortsatt er galt.',
    'ticket search': 'Finn saker der teksten inneholder alle ordene.',
    deploy: 'Utrullinger: kjør en RFC over SSH, avbryt, fortsett, status, stopp for utrullinger (freezes).',
    'deploy freezes': 'Stopp for utrullinger som gjelder nå og som kommer, med hvem som satte dem og hvorfor.',
  },
};

/** The summary in `lang`, else the English one given. */
export function helpSummary(lang: Lang | undefined, key: string, english: string): string {
  return (lang && HELP_SUMMARIES[lang]?.[key]) || english;
}
