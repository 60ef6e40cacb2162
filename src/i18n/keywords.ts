import type { Lang } from './languages';

/**
 * The classifier's built-in words per language (used when the config names no categories or words).
 * A word matches at the start of a word of the report ("skriver" matches "skriveren"), so a stem
 * covers its inflections; avoid stems that start other words ("mus" would match "musikk").
 */
export const CATEGORY_KEYWORDS: Record<Lang, Readonly<Record<string, readonly string[]>>> = {
  en: {
    printing: ['print', 'printer', 'printing', 'toner', 'paper tray', 'paper jam', 'scanner'],
    network: ['network', 'wifi', 'wi-fi', 'wlan', 'internet', 'offline', 'ethernet', 'cable'],
    login: ['login', 'log in', 'log on', 'password', 'account', 'locked out', 'username'],
    hardware: ['screen', 'monitor', 'keyboard', 'mouse', 'projector', 'broken', 'power', 'laptop', 'battery', 'beamer'],
    software: ['software', 'install', 'update', 'libreoffice', 'browser', 'firefox', 'program', 'app ', 'crash'],
  },
  nb: {
    printing: ['skriver', 'utskrift', 'skrive ut', 'printer', 'toner', 'blekk', 'papirskuff', 'papirstopp', 'skanner'],
    network: ['nett', 'nettverk', 'trådløst', 'wifi', 'internett', 'tilkobling', 'kabel', 'frakoblet'],
    login: ['pålogging', 'logge inn', 'logg inn', 'passord', 'brukernavn', 'konto', 'låst ute', 'feide'],
    hardware: [
      'skjerm',
      'tastatur',
      'musa',
      'musen',
      'projektor',
      'prosjektor',
      'ødelagt',
      'strøm',
      'bærbar',
      'batteri',
    ],
    software: ['programvare', 'program', 'installer', 'oppdater', 'nettleser', 'libreoffice', 'krasj', 'appen'],
  },
};

/** Words that make a case urgent, per language. */
export const URGENT_WORDS: Record<Lang, readonly string[]> = {
  en: ['exam', 'urgent', 'asap', 'today', 'now'],
  nb: ['eksamen', 'haster', 'i dag', 'straks', 'akutt'],
};

/** Words that say many people are affected, per language. */
export const WIDE_IMPACT_WORDS: Record<Lang, readonly string[]> = {
  en: ['whole school', 'all classrooms', 'nobody can', 'no one can', 'everyone', 'all pupils', 'all teachers'],
  nb: ['hele skolen', 'alle klasserom', 'ingen kan', 'ingen får', 'alle elev', 'alle lærer'],
};

/** Every language's words for each category, in one list per category (reports may mix languages). */
export function defaultCategories(): Array<{ name: string; keywords: string[] }> {
  const names = [...new Set(Object.values(CATEGORY_KEYWORDS).flatMap((c) => Object.keys(c)))];
  return names.map((name) => ({
    name,
    keywords: [...new Set(Object.values(CATEGORY_KEYWORDS).flatMap((c) => c[name] ?? []))],
  }));
}

/** One language-merged word list. */
export function allLanguages(words: Record<Lang, readonly string[]>): string[] {
  return [...new Set(Object.values(words).flat())];
}
