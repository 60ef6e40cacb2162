import { msg, msgName } from '../i18n/catalog';
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
  lang?: Lang,
): string {
  return why.kind === 'words'
    ? msg(lang, 'fixq.why.words', { words: why.words.map((w) => `“${w}”`).join(', ') })
    : msg(lang, 'fixq.why.categorySchool', { category: msgName(lang, 'category', why.category), school: why.school });
}

/** To the operators: similar reports at one school; propose a problem record. */
export function recurringAlertText(
  run: { school: string; cases: Array<{ key: string; title: string }>; words: string[] },
  days: number,
  lang?: Lang,
): string {
  const keys = run.cases.map((c) => c.key);
  return msg(lang, 'problem.recurring', {
    count: run.cases.length,
    school: run.school,
    days,
    keys: keys.join(', '),
    words: run.words.join(', '),
    title: run.cases[0].title,
    links: keys.join(','),
  });
}
