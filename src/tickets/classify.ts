import type { Config } from '../config/schema';
import type { Priority } from './ticket-status';
import { defaultCategories } from '../i18n/keywords';

/** Built-in categories with every language's keywords (src/i18n/keywords.ts), used when the config names none. */
export const DEFAULT_CATEGORIES: ReadonlyArray<{ name: string; keywords: string[] }> = defaultCategories();

function matches(text: string, keyword: string): boolean {
  const k = keyword.toLowerCase();
  // Whole-word match at the start of the keyword, so "print" matches "prints" but not "sprint".
  const escaped = k.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}`, 'u').test(text);
}

/** The category whose keywords match the text most often, or 'other'. */
export function guessCategory(text: string, config: Config): string {
  const categories = config.categories.length ? config.categories : DEFAULT_CATEGORIES;
  const lower = text.toLowerCase();
  let best = 'other';
  let bestScore = 0;
  for (const c of categories) {
    const score = c.keywords.filter((k) => matches(lower, k)).length;
    if (score > bestScore) {
      best = c.name;
      bestScore = score;
    }
  }
  return best;
}

export function knownCategories(config: Config): string[] {
  const names = (config.categories.length ? config.categories : DEFAULT_CATEGORIES).map((c) => c.name);
  return names.includes('other') ? names : [...names, 'other'];
}

/**
 * Priority from impact and urgency (ITIL matrix): wide impact ("whole school", "nobody can") and
 * urgency ("exam", "today") together make P1, either alone P2, neither the configured default.
 */
export function guessPriority(text: string, config: Config): Priority {
  const lower = text.toLowerCase();
  const wide = config.priorities.wideImpactWords.some((w) => matches(lower, w));
  const urgent = config.priorities.urgentWords.some((w) => matches(lower, w));
  if (wide && urgent) return 'P1';
  if (wide || urgent) return 'P2';
  return config.priorities.default;
}
