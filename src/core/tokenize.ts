import { refusal, said } from '../i18n/refusal';

/** A command line split into words, `--flags` and `key=value` pairs. */
export interface Tokens {
  /** Bare words in order (quotes removed). */
  words: string[];
  /** `--name value` / `--name=value` / `--flag` (true). */
  flags: Record<string, string | true>;
  /** `key=value` words (not flags). */
  pairs: Record<string, string>;
  /** Everything after the sub-command as typed, for free text (e.g. a note). */
  rest: string;
}

const KEY = /^[A-Za-z][\w.-]*$/u;

/**
 * Splits text like shells do for quotes (`"…"`, `'…'`, `\"`), without any expansion.
 * Unbalanced quotes are a usage error, never a crash.
 */
export function splitWords(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | '“' | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      const closing = quote === '“' ? '”' : quote;
      if (ch === '\\' && quote !== "'" && i + 1 < text.length && (text[i + 1] === closing || text[i + 1] === '\\')) {
        cur += text[++i];
      } else if (ch === closing) {
        quote = null;
      } else {
        cur += ch;
      }
    } else if (ch === '"' || ch === "'" || ch === '“') {
      quote = ch;
      inWord = true;
    } else if (/\s/u.test(ch)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (quote) throw refusal('USAGE', said('tokens.openQuote'), said('tokens.openQuoteFix'));
  if (inWord) out.push(cur);
  return out;
}

/** `flagsWithValue` names flags that take the next word as their value (`--canary 5`). */
export function tokenize(text: string, flagsWithValue: readonly string[] = []): Tokens {
  const words = splitWords(text);
  const tokens: Tokens = { words: [], flags: {}, pairs: {}, rest: text.trim() };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      const name = (eq > 0 ? w.slice(2, eq) : w.slice(2)).toLowerCase();
      if (!KEY.test(name)) throw refusal('USAGE', said('tokens.badOption', { word: w }));
      if (eq > 0) tokens.flags[name] = w.slice(eq + 1);
      else if (flagsWithValue.includes(name)) {
        const next = words[i + 1];
        if (next === undefined || next.startsWith('--'))
          throw refusal('USAGE', said('tokens.needsValue', { flag: name }));
        tokens.flags[name] = next;
        i++;
      } else tokens.flags[name] = true;
      continue;
    }
    const eq = w.indexOf('=');
    if (eq > 0 && KEY.test(w.slice(0, eq))) {
      tokens.pairs[w.slice(0, eq).toLowerCase()] = w.slice(eq + 1);
      continue;
    }
    tokens.words.push(w);
  }
  return tokens;
}

/** The text after the first `n` words of `text` (keeps the user's spacing and punctuation). */
export function textAfterWords(text: string, n: number): string {
  let rest = text.trimStart();
  for (let i = 0; i < n; i++) {
    const m = /^("(?:[^"\\]|\\.)*"|'[^']*'|\S+)\s*/u.exec(rest);
    if (!m) return '';
    rest = rest.slice(m[0].length);
  }
  return rest.trim();
}
