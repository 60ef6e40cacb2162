import type { OutMessage } from '../chat/out-message';
import { formatAge, formatLocal } from '../core/format-time';
import type { PeopleDirectory } from '../people/people-directory';
import type { Person } from '../people/person';
import type { TicketDoc, TicketEvent } from './ticket.model';
import type { TicketStatus } from './ticket-status';
import type { TicketListFilter } from './ticket-queries';
import { msg, msgName } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';

function nameOf(people: PeopleDirectory, id?: string | null): string {
  if (!id) return '—';
  return people.get(id)?.name ?? id;
}

/** " (attached: photo.jpg, log.txt)" for an entry with attachments, else "". */
function attachedNote(e: TicketEvent): string {
  const names = (e.attachments ?? []).map((a) => a.name);
  return names.length ? ` (attached: ${names.join(', ')})` : '';
}

export function describeEvent(e: TicketEvent, people: PeopleDirectory): string {
  return describeEntry(e, people) + attachedNote(e);
}

function describeEntry(e: TicketEvent, people: PeopleDirectory): string {
  const who = e.actorName ? people.shownName(e.actorId, e.actorName) : nameOf(people, e.actorId);
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
    case 'note':
      return `[internal] ${who}: ${e.note ?? ''}`;
    case 'reopened':
      return `${who} reopened it${e.note ? ` — ${e.note}` : ''}`;
    case 'confirmed':
      return `${who} confirmed the fix${e.note ? ` — ${e.note}` : ''}`;
    case 'edited':
      return `${who} edited the ${e.from ?? 'report'}: ${e.note ?? ''}`;
    case 'removed':
      return `${who}: ${e.from ?? 'report'} ${e.note ?? 'removed'}`;
    default:
      return `${who}: ${String(e.kind)}`;
  }
}

/** The ticket card for `ticket show`: fields, the whole history in order, links to files sent with it. */
export function renderTicket(
  t: TicketDoc,
  people: PeopleDirectory,
  timezone: string,
  now: Date,
  entryCap?: number,
  /** False for a viewer who may not read internal notes (the reporter): they are left out. */
  showNotes = true,
): OutMessage {
  const fields = [
    { label: 'Status', value: t.status },
    { label: 'Priority', value: t.priority },
    { label: 'Category', value: t.category },
    { label: 'School', value: t.school ?? '—' },
    { label: 'Reporter', value: people.shownName(t.reporterId, t.reporterName) },
    { label: 'Assignee', value: nameOf(people, t.assigneeId) },
    { label: 'Opened', value: `${formatLocal(t.createdAt, timezone)} (${formatAge(new Date(t.createdAt), now)} ago)` },
  ];
  const shown = t.events.filter((e) => showNotes || e.kind !== 'note');
  const history = shown.map((e) => `${formatLocal(e.at, timezone)}  ${describeEvent(e, people)}`);
  const files = shown.flatMap((e) => (e.attachments ?? []).map((a) => `${a.name}${a.url ? `: ${a.url}` : ''}`));
  const full =
    entryCap !== undefined && t.events.length >= entryCap
      ? `${t.key} holds ${entryCap} entries, the most a case can hold: new comments are refused.`
      : '';
  const text = [
    `*${t.key}* ${t.title}`,
    fields.map((f) => `${f.label}: ${f.value}`).join(' · '),
    '',
    t.text.length > t.title.length ? `> ${t.text.slice(0, 1500)}` : '',
    'History:',
    ...history.map((h, i) => `  ${i + 1}. ${h}`),
    ...(files.length ? ['Attachments:', ...files.map((f) => `  ${f}`)] : []),
    full,
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
      sections: [
        ...(t.text.length > t.title.length ? [{ lines: [t.text.slice(0, 1500)] }] : []),
        { heading: 'History', lines: history },
        ...(files.length ? [{ heading: 'Attachments', lines: files }] : []),
      ],
      ...(full ? { footer: full } : {}),
    },
  };
}

/** `ticket list` found nothing, said for its filter. */
export function noCasesText(filter: TicketListFilter): string {
  switch (filter.kind) {
    case 'mine':
      return 'You have no cases.';
    case 'all':
      return 'No cases.';
    case 'school':
      return `No cases at ${filter.school}.`;
    case 'category':
      return `No cases in the category ${filter.category}.`;
    case 'status':
      return `No ${filter.status} cases.`;
    default:
      return `No ${filter.kind} cases.`;
  }
}

/** One line per case for lists. */
export function ticketLine(t: TicketDoc, people: PeopleDirectory, now: Date): string {
  const who = t.assigneeId ? ` → ${nameOf(people, t.assigneeId)}` : ' (unassigned)';
  return (
    `${t.key} [${t.priority}] ${t.status}${who} · ${t.category}${t.school ? ` · ${t.school}` : ''} · ` +
    `${formatAge(new Date(t.createdAt), now)} · ${t.title}`
  );
}

// --- notices: to the reporter, to whoever works on the case, to people mentioned ---------------

type CaseRef = Pick<TicketDoc, 'key' | 'title'>;
type Who = Pick<Person, 'name'>;

/** A notice to the reporter, with how to answer it. */
export function reporterNotice(t: Pick<TicketDoc, 'key'>, text: string, lang?: Lang): OutMessage {
  return { text: `${text}\n${msg(lang, 'notice.replyHint', { key: t.key })}` };
}

/** To the reporter: the case has a new status. */
export function statusChangedText(t: CaseRef, to: TicketStatus, note?: string, lang?: Lang): string {
  const status = msgName(lang, 'status', to);
  return note
    ? msg(lang, 'notice.statusNote', { key: t.key, status, note })
    : msg(lang, 'notice.status', { key: t.key, status });
}

/** To the reporter: someone works on the case now. */
export function assignedText(t: CaseRef, assignee: Who, lang?: Lang): string {
  return msg(lang, 'notice.assigned', { key: t.key, name: assignee.name });
}

/** To the new assignee. */
export function assignedToYouText(t: CaseRef, actor: Who): string {
  return `${actor.name} assigned ${t.key} to you: ${t.title}`;
}

/** To the reporter: the case went up. */
export function escalatedText(t: CaseRef, to: Who, reason: string, lang?: Lang): string {
  return msg(lang, 'notice.escalated', { key: t.key, name: to.name, reason });
}

/** To the person it was escalated to. */
export function escalatedToYouText(t: CaseRef, actor: Who, reason: string): string {
  return `${actor.name} escalated ${t.key} to you: ${reason}\n> ${t.title}`;
}

/** To someone mentioned in a comment (their replies in its thread answer). */
export function mentionedText(t: CaseRef, actor: Who, note: string): string {
  return `${actor.name} on ${t.key} (${t.title}):\n${note}\nReply in this thread to answer.`;
}

/** To someone mentioned in an internal note (their replies in its thread stay internal too). */
export function internalMentionedText(t: CaseRef, actor: Who, note: string): string {
  return (
    `${actor.name} on ${t.key} (${t.title}), *internal note* (the reporter does not see it):\n${note}\n` +
    'Reply in this thread to answer; your reply stays internal too.'
  );
}

/** To the author of an internal note: where it went (people who may not read notes were not sent it). */
export function internalNoteAddedText(t: CaseRef, sentTo: Who[], notSent: number): string {
  const sent = sentTo.length ? `; sent to ${sentTo.map((p) => p.name).join(', ')}` : '';
  const left = notSent ? ` (${notSent} mentioned ${notSent === 1 ? 'person' : 'people'} may not read notes)` : '';
  return `Internal note added to ${t.key}${sent}${left}. The reporter does not see it.`;
}

/** To the assignee: an internal note from someone else. */
export function internalToAssigneeText(t: CaseRef, actor: Who, note: string): string {
  return `${actor.name} added an internal note to ${t.key}: ${note}`;
}

/** To the reporter: a comment from someone else. */
export function commentToReporterText(t: CaseRef, actor: Who, note: string, lang?: Lang): string {
  return msg(lang, 'notice.comment', { key: t.key, name: actor.name, note });
}

/** To the assignee: a comment from someone else. */
export function commentToAssigneeText(t: CaseRef, actor: Who, note: string): string {
  return `${actor.name} commented on ${t.key}: ${note}`;
}

/** To the assignee: the reporter confirmed the fix. */
export function fixConfirmedText(t: CaseRef, actor: Who): string {
  return `${actor.name} confirmed the fix of ${t.key}; it is closed.`;
}

/** To the assignee: the case is open again. */
export function reopenedToAssigneeText(t: CaseRef, actor: Who, note: string): string {
  return `${actor.name} reopened ${t.key}: ${note}`;
}

/** To the reporter: the case is open again. */
export function reopenedToReporterText(t: CaseRef, note: string, lang?: Lang): string {
  return msg(lang, 'notice.reopened', { key: t.key, note });
}

/** To staff: the internal-note marker with nothing after it. */
export function emptyNoteText(marker: string): string {
  return `Write the note after ${marker}.`;
}
