import { refusal, said, type Said } from '../i18n/refusal';

/**
 * Target patterns (`pc-*-01`) matched without a regular expression. Deployers type them and ICT
 * contacts put them in an RFC's targets; the old translation of each `*` into `.*` backtracked
 * exponentially in the number of stars (twelve stars against one host name took ~29 s). This is the
 * classic two-pointer wildcard match that backtracks only to the last star: O(pattern × name) in
 * the worst case, and patterns are capped in length and stars besides.
 */

/** Longest target pattern accepted, in characters. */
export const MAX_GLOB_LENGTH = 100;
/** Most `*` in one target pattern. */
export const MAX_GLOB_STARS = 8;

/**
 * What is wrong with a pattern that is too long or has too many stars (naming the cap), or
 * undefined; words without `*` are names, not patterns, and are not limited here. `sentence`: said
 * on its own (capitalised), not after a field's label.
 */
export function globProblem(pattern: string, sentence = false): Said | undefined {
  if (!pattern.includes('*')) return undefined;
  const shown = pattern.length > 40 ? `${pattern.slice(0, 40)}…` : pattern;
  if (pattern.length > MAX_GLOB_LENGTH) {
    const params = { pattern: shown, length: pattern.length, max: MAX_GLOB_LENGTH };
    return said(sentence ? 'glob.tooLong.sentence' : 'glob.tooLong', params);
  }
  let stars = 0;
  for (const ch of pattern) if (ch === '*') stars++;
  if (stars > MAX_GLOB_STARS) {
    const params = { pattern: shown, stars, max: MAX_GLOB_STARS };
    return said(sentence ? 'glob.tooManyStars.sentence' : 'glob.tooManyStars', params);
  }
  return undefined;
}

/** Throws a usage error naming the cap for a pattern over it (see globProblem), in the reader's language. */
export function checkGlob(pattern: string): void {
  const problem = globProblem(pattern, true);
  if (problem) throw refusal('USAGE', problem);
}

/**
 * True when `text` matches `pattern` as a whole, ignoring case; `*` stands for any run of
 * characters (also none). Compares code points, as the `iu` regular expression it replaces did;
 * unlike it, `*` also matches line breaks (the regex's `.` did not), and case is compared by
 * `toLowerCase` instead of Unicode case folding (they differ for a few letters such as ſ).
 * Refuses patterns over the caps (see checkGlob).
 */
export function globMatch(pattern: string, text: string): boolean {
  checkGlob(pattern);
  return wildcardMatch(Array.from(pattern.toLowerCase()), Array.from(text.toLowerCase()));
}

/** A matcher for one pattern, checked and split once, for testing many names. */
export function globMatcher(pattern: string): (text: string) => boolean {
  checkGlob(pattern);
  const p = Array.from(pattern.toLowerCase());
  return (text) => wildcardMatch(p, Array.from(text.toLowerCase()));
}

/**
 * Two pointers over pattern and text. On a mismatch after a star, the star takes one more
 * character and matching resumes just after it; earlier stars never need to be revisited, because
 * whatever they would take the last star can take too. Each step moves the text pointer forward or
 * the restart point forward, so at most |p| × |t| steps.
 */
function wildcardMatch(p: readonly string[], t: readonly string[]): boolean {
  let pi = 0;
  let ti = 0;
  let star = -1; // index in p of the last star seen
  let resume = 0; // index in t where that star's run ends
  while (ti < t.length) {
    if (pi < p.length && p[pi] === '*') {
      star = pi++;
      resume = ti;
    } else if (pi < p.length && p[pi] === t[ti]) {
      pi++;
      ti++;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++resume;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
