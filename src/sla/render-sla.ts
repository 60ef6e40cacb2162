import type { BusinessCalendar } from '../calendar/business-calendar';
import type { Person } from '../people/person';
import type { TicketDoc } from '../tickets/ticket.model';
import { formatBusinessDuration } from './format-duration';
import type { SlaClock } from './sla-clock';

/** The fields of a case an SLA alert names. */
export type SlaAlertCase = Pick<TicketDoc, 'key' | 'priority' | 'category' | 'school' | 'title'>;

/** "INC-7 (P3, printing, nordby): the printer in room 12 prints nothing" */
function caseHead(t: SlaAlertCase): string {
  return `${t.key} (${t.priority}, ${t.category}${t.school ? `, ${t.school}` : ''}): ${t.title}`;
}

function targetName(c: SlaClock): string {
  return c.kind === 'response' ? 'first response' : 'resolution';
}

function unassigned(t: SlaAlertCase): string {
  return `Nobody is assigned: \`ticket assign ${t.key} me\``;
}

/** To the assignee (or the escalation channel): most of a target is used. */
export function slaWarningText(t: SlaAlertCase, c: SlaClock, calendar: BusinessCalendar): string {
  const left = formatBusinessDuration(c.targetMs - c.elapsedMs);
  const due = c.dueAt
    ? `due ${calendar.local(c.dueAt).toFormat('ccc d LLL HH:mm')}`
    : 'paused while waiting on the reporter';
  return (
    `⏰ SLA warning: ${caseHead(t)}\n${Math.floor(c.share * 100)}% of the ${formatBusinessDuration(c.targetMs)} ` +
    `${targetName(c)} target is used; ${left} of school time left (${due}).`
  );
}

/** The warning as the escalation channel gets it when nobody is assigned. */
export function unassignedWarningText(t: SlaAlertCase, warning: string): string {
  return `${warning}\n${unassigned(t)}`;
}

/** To the escalation channel: a target was missed. */
export function slaBreachText(t: SlaAlertCase, c: SlaClock, assignee: Pick<Person, 'name'> | undefined): string {
  const by = c.elapsedMs > c.targetMs ? ` by ${formatBusinessDuration(c.elapsedMs - c.targetMs)} of school time` : '';
  const who = assignee ? `Assignee: ${assignee.name}.` : `${unassigned(t)}.`;
  return (
    `🚨 SLA breach: ${caseHead(t)}\nThe ${formatBusinessDuration(c.targetMs)} ${targetName(c)} target was ` +
    `missed${by}. ${who}`
  );
}
