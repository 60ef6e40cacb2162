import { msg } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import type { TicketDoc } from '../tickets/ticket.model';

/**
 * To the reporter of an incident linked to a problem just fixed (asked to say so if the case is still open and it still
 * happens).
 */
export function problemFixedText(
  t: Pick<TicketDoc, 'key' | 'title'>,
  fix: string,
  stillOpen: boolean,
  lang?: Lang,
): string {
  return msg(lang, stillOpen ? 'notice.problemFixedOpen' : 'notice.problemFixed', { key: t.key, title: t.title, fix });
}

/** Why a report was offered a known error's workaround, in a few words. */
export function knownErrorWhyText(
  why: { kind: 'words'; words: string[] } | { kind: 'category-school'; category: string; school: string },
): string {
  return why.kind === 'words'
    ? `it shares the words ${why.words.map((w) => `“${w}”`).join(', ')}`
    : `same category (${why.category}) and school (${why.school}) as a case linked to it`;
}

/** To the operators: similar reports at one school; propose a problem record. */
export function recurringAlertText(
  run: { school: string; cases: Array<{ key: string; title: string }>; words: string[] },
  days: number,
): string {
  const keys = run.cases.map((c) => c.key);
  const title = run.cases[0].title;
  return (
    `*${run.cases.length} similar reports at ${run.school}* within ${days} days: ${keys.join(', ')} ` +
    `(shared words: ${run.words.join(', ')}).\n> ${title}\n` +
    `Is there one problem behind them? Record it: \`problem new ${title} --link ${keys.join(',')}\``
  );
}
