/**
 * The sentences of the one-tap questions about a case (src/tickets/fix-question.model.ts): "Fixed?"
 * after a resolution, the known error's workaround on a receipt, a new case after the reopen
 * window, and what the person is told about their answer.
 */
import type { MessageAction, OutMessage } from '../chat/out-message';
import { formatLocalIn, msg, msgName } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';

type CaseRef = { key: string; title?: string };

/** ✅ yes / ❌ no: Slack buttons, Matrix and console reactions (OutMessage.actions). */
export function yesNoActions(yes: string, no: string): MessageAction[] {
  return [
    { label: yes, reaction: 'white_check_mark', style: 'primary' },
    { label: no, reaction: 'x', style: 'danger' },
  ];
}

/** How to answer by tap, reaction or typing. */
function howToAnswer(yes: string, no: string, lang?: Lang): string {
  return msg(lang, 'fix.howTo', { yes, no });
}

/** To the reporter: resolved, and asked whether it is fixed. */
export function resolvedNotice(t: CaseRef, note: string | undefined, autoCloseDays: number, lang?: Lang): OutMessage {
  const [yes, no] = [msg(lang, 'fix.yesFixed'), msg(lang, 'fix.stillBroken')];
  const closes = autoCloseDays > 0 ? `\n${msg(lang, 'fix.autoClose', { key: t.key, days: autoCloseDays })}` : '';
  const howTo = howToAnswer(yes, no, lang);
  return {
    text: msg(lang, 'fix.resolved', { key: t.key, note: note ? `: ${note}` : '.', howTo }) + closes,
    actions: yesNoActions(yes, no),
  };
}

/** To the reporter: closed (by staff or on its own). Invites no reply: a closed case takes none. */
export function closedNotice(t: CaseRef, note?: string, lang?: Lang): OutMessage {
  return { text: msg(lang, 'fix.closed', { key: t.key, note: note ? `: ${note}` : '.' }) };
}

/** To the reporter: nobody answered "Fixed?", so the case closed itself. */
export function autoClosedText(
  t: CaseRef & { resolvedAt: Date },
  days: number,
  timezone: string,
  lang?: Lang,
): OutMessage {
  return closedNotice(t, msg(lang, 'fixq.autoClosed', { at: formatLocalIn(lang, t.resolvedAt, timezone), days }), lang);
}

/** The entry on the case when it closes itself. */
export function autoClosedNote(days: number): string {
  return `closed automatically: not confirmed or reopened within ${days} school days`;
}

/** The entry on the case when the reporter taps "Still broken" without saying more. */
export const STILL_BROKEN_NOTE = 'still broken (one tap)';

/** The reporter, after "Yes, fixed". */
export function confirmedByTapText(t: CaseRef, lang?: Lang): string {
  return msg(lang, 'fix.confirmedByTap', { key: t.key });
}

/** The reporter, after "Still broken" (tap or thread reply). */
export function reopenedByReporterText(t: CaseRef & { status: string }, lang?: Lang): string {
  return msg(lang, 'fix.reopenedByReporter', { key: t.key, status: msgName(lang, 'status', t.status) });
}

/** The reporter thanked in the thread of a resolved or closed case. */
export function thanksNotedText(t: CaseRef & { status: string }, lang?: Lang): string {
  return t.status === 'closed'
    ? msg(lang, 'fix.thanksClosed', { key: t.key })
    : msg(lang, 'fix.thanksResolved', { key: t.key, yes: msg(lang, 'fix.yesFixed') });
}

/** Under a question once answered (its buttons gone). */
export function answeredLine(yes: boolean, by: string, lang?: Lang): string {
  return msg(lang, yes ? 'fixq.answered.yes' : 'fixq.answered.no', { name: by });
}

/** A tap on a question that was answered already. */
export function alreadyAnsweredText(t: CaseRef, lang?: Lang): string {
  return msg(lang, 'fixq.alreadyAnswered', { key: t.key });
}

/** Someone other than the reporter tapped. */
export function notYourQuestionText(t: CaseRef, lang?: Lang): string {
  return msg(lang, 'fixq.notYours', { key: t.key });
}

/** The question no longer applies (the case moved on). */
export function questionOutdatedText(t: CaseRef & { status: string }, lang?: Lang): string {
  return msg(lang, 'fixq.outdated', { key: t.key, status: msgName(lang, 'status', t.status) });
}

/** A reply or tap after the reopen window: offer a new case linked to the old one. */
export function followUpOffer(t: CaseRef, days: number, lang?: Lang): OutMessage {
  const [yes, no] = [msg(lang, 'fixq.yesNewCase'), msg(lang, 'fixq.no')];
  return {
    text: msg(lang, 'fixq.followUp', { key: t.key, days, howTo: howToAnswer(yes, no, lang) }),
    actions: yesNoActions(yes, no),
  };
}

/** The answer "No" to the follow-up offer. */
export function followUpDeclinedText(t: CaseRef, lang?: Lang): string {
  return msg(lang, 'fixq.followUpDeclined', { key: t.key });
}

/** The first entry of a case logged as a follow-up of an older one. */
export function followUpNote(old: CaseRef): string {
  return `follows up ${old.key}`;
}

/** The receipt of a follow-up case. */
export function followUpLoggedText(t: CaseRef, old: CaseRef, lang?: Lang): string {
  return msg(lang, 'fixq.followUpLogged', { key: t.key, old: old.key });
}

/** The receipt's offer of a known error's workaround. */
export function knownErrorOffer(p: { key: string; workaround?: string }, why: string, lang?: Lang): OutMessage {
  const [yes, no] = [msg(lang, 'fix.yesFixed'), msg(lang, 'fixq.no')];
  return {
    text: msg(lang, 'fixq.knownError', {
      problem: p.key,
      workaround: p.workaround ?? '',
      why,
      howTo: howToAnswer(yes, no, lang),
    }),
    actions: yesNoActions(yes, no),
  };
}

/** The case's entry when the workaround solved it. */
export function solvedByWorkaroundNote(problemKey: string): string {
  return `solved by the workaround of ${problemKey}`;
}

/** The reporter, after the workaround fixed it. */
export function workaroundFixedText(t: CaseRef, problemKey: string, lang?: Lang): string {
  return msg(lang, 'fixq.workaroundFixed', { key: t.key, problem: problemKey });
}

/** The reporter, after the workaround did not fix it. */
export function workaroundDidNotHelpText(t: CaseRef, problemKey: string, lang?: Lang): string {
  return msg(lang, 'fixq.workaroundDidNotHelp', { key: t.key, problem: problemKey });
}

/** Words of a thanks, and words saying it is not fixed after all (language-specific: they go with the sentences). */
const THANKS = /\b(thanks?|thank you|thx|cheers|takk|great|perfect|works( fine| again)?)\b|👍|🙏/iu;
const NOT_FIXED = /\b(still|not|no|doesn'?t|don'?t|isn'?t|won'?t|can'?t|again|broken|ikke|fortsatt|igjen)\b/iu;

/** A thread reply that only thanks (it does not reopen a resolved case): "thanks!", "works again, thank you". */
export function isThanks(text: string): boolean {
  return THANKS.test(text) && !NOT_FIXED.test(text.replace(WORKS_AGAIN, ''));
}

/** "works again", "skriver den igjen": not a complaint. */
const WORKS_AGAIN = /\b(works|virker|fungerer|skriver)( \p{L}+)? (again|igjen)\b/giu;
