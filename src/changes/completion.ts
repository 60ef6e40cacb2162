import { refusal, said } from '../i18n/refusal';

/** A change's completion criterion: the share of its approved targets that must succeed. */
export interface CompletionCriterion {
  /** 0..1. */
  share: number;
  /** As shown: `95%` or `all`. */
  text: string;
}

/** `95%`, `95`, `0.95` or `all` -> the criterion; a usage error otherwise. */
export function parseCompletion(typed: string): CompletionCriterion {
  const t = typed.trim().toLowerCase();
  if (t === 'all' || t === '100%') return { share: 1, text: 'all' };
  const m = /^(\d{1,3}(?:\.\d+)?)\s*%?$/u.exec(t);
  const n = m ? Number(m[1]) : NaN;
  const share = n > 0 && n <= 1 && !t.endsWith('%') ? n : n / 100;
  if (!(share > 0 && share <= 1)) throw refusal('USAGE', said('rfc.err.completion'));
  return share === 1 ? { share: 1, text: 'all' } : { share, text: `${Math.round(share * 1000) / 10}%` };
}

/**
 * The completion criterion of a change (for the deployment side): its own `completion` field, else the configured
 * default ratio (`deploy.completionRatio`).
 */
export function completionCriterion(rfc: { completion?: string }, defaultShare: number): CompletionCriterion {
  if (rfc.completion) {
    try {
      return parseCompletion(rfc.completion);
    } catch {
      // An unreadable stored value falls back to the default.
    }
  }
  return defaultShare >= 1
    ? { share: 1, text: 'all' }
    : { share: defaultShare, text: `${Math.round(defaultShare * 1000) / 10}%` };
}
