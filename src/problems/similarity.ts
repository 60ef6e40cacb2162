/**
 * A small, explainable likeness of two reports: the words they share. Words are lower-cased runs
 * of letters or digits; very common words (English and Norwegian) are left out. No model, no
 * external service: the alert and the offer can name the shared words.
 */
const STOP = new Set(
  (
    'the a an and or of in on at to is are was were be been it its this that with for from by not no ' +
    'my our we i you he she they me us do does did has have had can cannot cant wont dont doesnt isnt any all ' +
    'there here again still just very so but if then than when what which who please help hi hello ' +
    'og i på er det en et som til av for med ikke har jeg vi de den kan fra om så men'
  ).split(' '),
);

/** The words of a text that count for likeness. */
export function wordsOf(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((w) => !STOP.has(w) && (w.length > 2 || /^\p{N}+$/u.test(w))));
}

export interface Likeness {
  shared: string[];
  /** Shared words of the smaller set's words (0..1). */
  score: number;
}

export function likeness(a: ReadonlySet<string>, b: ReadonlySet<string>): Likeness {
  const shared = [...a].filter((w) => b.has(w));
  const smaller = Math.min(a.size, b.size);
  return { shared, score: smaller ? shared.length / smaller : 0 };
}

/** Alike enough to call similar: at least two shared words, covering at least 60 % of the shorter one. */
export function isSimilar(l: Likeness): boolean {
  return l.shared.length >= 2 && l.score >= 0.6;
}
