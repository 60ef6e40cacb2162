import type { BusinessCalendar } from '../calendar/business-calendar';
import type { Person } from '../people/person';
import type { TicketDoc } from '../tickets/ticket.model';
import { formatBusinessDuration } from './format-duration';
import type { SlaClock } from './sla-clock';
import { msg, msgName } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, LOCALES, type Lang } from '../i18n/languages';

/** The fields of a case an SLA alert names. */
export type SlaAlertCase = Pick<TicketDoc, 'key' | 'priority' | 'category' | 'school' | 'title'>;

/** "INC-7 (P3, printing, nordby): the printer in room 12 prints nothing" */
function caseHead(t: SlaAlertCase, lang?: Lang): string {
  const category = msgName(lang, 'category', t.category);
  return `${t.key} (${t.priority}, ${category}${t.school ? `, ${t.school}` : ''}): ${t.title}`;
}

function unassigned(t: SlaAlertCase, lang?: Lang): string {
  return msg(lang, 'sla.unassigned', { key: t.key });
}

/** To the assignee (or the escalation channel): most of a target is used; in the reader's language. */
export function slaWarningText(t: SlaAlertCase, c: SlaClock, calendar: BusinessCalendar, lang?: Lang): string {
  const at = c.dueAt && calendar.local(c.dueAt).setLocale(LOCALES[lang ?? DEFAULT_LANGUAGE]);
  return msg(lang, 'sla.warning', {
    head: caseHead(t, lang),
    pct: Math.floor(c.share * 100),
    target: formatBusinessDuration(c.targetMs, lang),
    kind: msg(lang, `sla.target.${c.kind}`),
    left: formatBusinessDuration(c.targetMs - c.elapsedMs, lang),
    due: at ? msg(lang, 'sla.due', { at: at.toFormat(msg(lang, 'digest.fmt.when')) }) : msg(lang, 'sla.pausedWaiting'),
  });
}

/** The warning as the escalation channel gets it when nobody is assigned. */
export function unassignedWarningText(t: SlaAlertCase, warning: string, lang?: Lang): string {
  return `${warning}\n${unassigned(t, lang)}`;
}

/** To the escalation channel: a target was missed. */
export function slaBreachText(
  t: SlaAlertCase,
  c: SlaClock,
  assignee: Pick<Person, 'name'> | undefined,
  lang?: Lang,
): string {
  return msg(lang, 'sla.breach', {
    head: caseHead(t, lang),
    target: formatBusinessDuration(c.targetMs, lang),
    kind: msg(lang, `sla.target.${c.kind}`),
    by:
      c.elapsedMs > c.targetMs
        ? msg(lang, 'sla.by', { over: formatBusinessDuration(c.elapsedMs - c.targetMs, lang) })
        : '',
    who: assignee ? msg(lang, 'sla.assignee', { name: assignee.name }) : `${unassigned(t, lang)}.`,
  });
}
