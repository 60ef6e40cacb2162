import type { OutMessage } from '../chat/out-message';
import { formatAge, formatLocal } from '../core/format-time';
import type { PeopleDirectory } from '../people/people-directory';
import type { TicketDoc, TicketEvent } from './ticket.model';

function nameOf(people: PeopleDirectory, id?: string | null): string {
  if (!id) return '—';
  return people.get(id)?.name ?? id;
}

export function describeEvent(e: TicketEvent, people: PeopleDirectory): string {
  const who = e.actorName ?? nameOf(people, e.actorId);
  switch (e.kind) {
    case 'created':
      return `${who} reported it`;
    case 'status':
      return `${who}: ${e.from} → ${e.to}${e.note ? ` — ${e.note}` : ''}`;
    case 'assigned':
      return `${who} assigned it to ${nameOf(people, e.to)}`;
    case 'priority':
      return `${who}: priority ${e.from} → ${e.to}${e.note ? ` — ${e.note}` : ''}`;
    case 'category':
      return `${who}: category ${e.from} → ${e.to}`;
    case 'escalated':
      return `${who} escalated it to ${nameOf(people, e.to)}${e.note ? ` — ${e.note}` : ''}`;
    case 'comment':
      return `${who}: ${e.note ?? ''}`;
    case 'reopened':
      return `${who} reopened it${e.note ? ` — ${e.note}` : ''}`;
    case 'confirmed':
      return `${who} confirmed the fix${e.note ? ` — ${e.note}` : ''}`;
    default:
      return `${who}: ${String(e.kind)}`;
  }
}

/** The ticket card for `ticket show`: fields and the whole history in order. */
export function renderTicket(t: TicketDoc, people: PeopleDirectory, timezone: string, now: Date): OutMessage {
  const fields = [
    { label: 'Status', value: t.status },
    { label: 'Priority', value: t.priority },
    { label: 'Category', value: t.category },
    { label: 'School', value: t.school ?? '—' },
    { label: 'Reporter', value: t.reporterName },
    { label: 'Assignee', value: nameOf(people, t.assigneeId) },
    { label: 'Opened', value: `${formatLocal(t.createdAt, timezone)} (${formatAge(new Date(t.createdAt), now)} ago)` },
  ];
  const history = t.events.map((e) => `${formatLocal(e.at, timezone)}  ${describeEvent(e, people)}`);
  const text = [
    `*${t.key}* ${t.title}`,
    fields.map((f) => `${f.label}: ${f.value}`).join(' · '),
    '',
    t.text.length > t.title.length ? `> ${t.text.slice(0, 1500)}` : '',
    'History:',
    ...history.map((h, i) => `  ${i + 1}. ${h}`),
  ]
    .filter((l) => l !== '')
    .join('\n');
  return {
    text,
    card: {
      kind: 'ticket',
      title: `${t.key} ${t.title}`,
      status: t.status.toUpperCase(),
      fields,
      sections: [...(t.text.length > t.title.length ? [{ lines: [t.text.slice(0, 1500)] }] : []), { heading: 'History', lines: history }],
    },
  };
}

/** One line per case for lists. */
export function ticketLine(t: TicketDoc, people: PeopleDirectory, now: Date): string {
  const who = t.assigneeId ? ` → ${nameOf(people, t.assigneeId)}` : ' (unassigned)';
  return `${t.key} [${t.priority}] ${t.status}${who} · ${t.category}${t.school ? ` · ${t.school}` : ''} · ${formatAge(new Date(t.createdAt), now)} · ${t.title}`;
}
