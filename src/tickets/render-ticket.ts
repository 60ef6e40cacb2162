import type { OutMessage } from '../chat/out-message';
import type { PeopleDirectory } from '../people/people-directory';
import type { Person } from '../people/person';
import { NO_SCHOOL, type TicketDoc, type TicketEvent } from './ticket.model';
import type { TicketStatus } from './ticket-status';
import type { TicketListFilter } from './ticket-queries';
import { formatAgeIn, formatLocalIn, msg, msgCount, msgName } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';

function nameOf(people: PeopleDirectory, id?: string | null): string {
  if (!id) return '—';
  return people.get(id)?.name ?? id;
}

/** " (attached: photo.jpg, log.txt)" for an entry with attachments, else "". */
function attachedNote(e: TicketEvent, lang?: Lang): string {
  const names = (e.attachments ?? []).map((a) => a.name);
  return names.length ? msg(lang, 'ticket.attached', { names: names.join(', ') }) : '';
}

export function describeEvent(e: TicketEvent, people: PeopleDirectory, lang?: Lang): string {
  return describeEntry(e, people, lang) + attachedNote(e, lang);
}

/** A part of a case named in its history ("report", "comment"), translated when it is one we know. */
function partName(lang: Lang | undefined, part: string | undefined): string {
  if (part === undefined || part === 'report') return msg(lang, 'ticket.part.report');
  return part === 'comment' ? msg(lang, 'ticket.part.comment') : part;
}

function describeEntry(e: TicketEvent, people: PeopleDirectory, lang?: Lang): string {
  const who = e.actorName ? people.shownName(e.actorId, e.actorName) : nameOf(people, e.actorId);
  const note = e.note ? ` — ${e.note}` : '';
  const status = (s?: string | null) => (s ? msgName(lang, 'status', s) : '');
  switch (e.kind) {
    case 'created':
      return msg(lang, 'ticket.event.created', { who });
    case 'status':
      return msg(lang, 'ticket.event.status', { who, from: status(e.from), to: status(e.to), note });
    case 'assigned':
      return msg(lang, 'ticket.event.assigned', { who, name: nameOf(people, e.to) });
    case 'priority':
      return msg(lang, 'ticket.event.priority', { who, from: e.from ?? '', to: e.to ?? '', note });
    case 'category':
      return msg(lang, 'ticket.event.category', {
        who,
        from: msgName(lang, 'category', e.from ?? ''),
        to: msgName(lang, 'category', e.to ?? ''),
      });
    case 'escalated':
      return msg(lang, 'ticket.event.escalated', { who, name: nameOf(people, e.to), note });
    case 'comment':
      return `${who}: ${e.note ?? ''}`;
    case 'note':
      return msg(lang, 'ticket.event.note', { who, note: e.note ?? '' });
    case 'reopened':
      return msg(lang, 'ticket.event.reopened', { who, note });
    case 'confirmed':
      return msg(lang, 'ticket.event.confirmed', { who, note });
    case 'edited':
      return msg(lang, 'ticket.event.edited', { who, what: partName(lang, e.from ?? undefined), note: e.note ?? '' });
    case 'removed':
      return msg(lang, 'ticket.event.removed', {
        who,
        what: partName(lang, e.from ?? undefined),
        note: e.note ?? msg(lang, 'ticket.event.removedNote'),
      });
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
  /** The viewer's language: labels, names of statuses and categories, dates. */
  lang?: Lang,
): OutMessage {
  const opened = formatLocalIn(lang, t.createdAt, timezone);
  const fields = [
    { label: msg(lang, 'ticket.field.status'), value: msgName(lang, 'status', t.status) },
    { label: msg(lang, 'ticket.field.priority'), value: t.priority },
    { label: msg(lang, 'ticket.field.category'), value: msgName(lang, 'category', t.category) },
    { label: msg(lang, 'ticket.field.school'), value: t.school ?? '—' },
    { label: msg(lang, 'ticket.field.reporter'), value: people.shownName(t.reporterId, t.reporterName) },
    { label: msg(lang, 'ticket.field.assignee'), value: nameOf(people, t.assigneeId) },
    {
      label: msg(lang, 'ticket.field.opened'),
      value: msg(lang, 'ticket.openedAgo', { at: opened, age: formatAgeIn(lang, new Date(t.createdAt), now) }),
    },
  ];
  const shown = t.events.filter((e) => showNotes || e.kind !== 'note');
  const history = shown.map((e) => `${formatLocalIn(lang, e.at, timezone)}  ${describeEvent(e, people, lang)}`);
  const files = shown.flatMap((e) => (e.attachments ?? []).map((a) => `${a.name}${a.url ? `: ${a.url}` : ''}`));
  const full =
    entryCap !== undefined && t.events.length >= entryCap
      ? msg(lang, 'ticket.full', { key: t.key, cap: entryCap })
      : '';
  const [historyHeading, filesHeading] = [msg(lang, 'ticket.history'), msg(lang, 'ticket.attachments')];
  const text = [
    `*${t.key}* ${t.title}`,
    fields.map((f) => `${f.label}: ${f.value}`).join(' · '),
    '',
    t.text.length > t.title.length ? `> ${t.text.slice(0, 1500)}` : '',
    `${historyHeading}:`,
    ...history.map((h, i) => `  ${i + 1}. ${h}`),
    ...(files.length ? [`${filesHeading}:`, ...files.map((f) => `  ${f}`)] : []),
    full,
  ]
    .filter((l) => l !== '')
    .join('\n');
  return {
    text,
    card: {
      kind: 'ticket',
      title: `${t.key} ${t.title}`,
      status: msgName(lang, 'status', t.status).toUpperCase(),
      fields,
      sections: [
        ...(t.text.length > t.title.length ? [{ lines: [t.text.slice(0, 1500)] }] : []),
        { heading: historyHeading, lines: history },
        ...(files.length ? [{ heading: filesHeading, lines: files }] : []),
      ],
      ...(full ? { footer: full } : {}),
    },
  };
}

/** `ticket list` found nothing, said for its filter. */
export function noCasesText(filter: TicketListFilter, lang?: Lang): string {
  switch (filter.kind) {
    case 'school':
      return msg(lang, 'ticket.none.school', { school: filter.school });
    case 'category':
      return msg(lang, 'ticket.none.category', { category: msgName(lang, 'category', filter.category) });
    case 'status':
      return msg(lang, 'ticket.none.status', { status: msgName(lang, 'status', filter.status) });
    default:
      return msg(lang, `ticket.none.${filter.kind}`);
  }
}

/** One line per case for lists. */
export function ticketLine(t: TicketDoc, people: PeopleDirectory, now: Date, lang?: Lang): string {
  const who = t.assigneeId ? ` → ${nameOf(people, t.assigneeId)}` : ` ${msg(lang, 'ticket.unassigned')}`;
  return (
    `${t.key} [${t.priority}] ${msgName(lang, 'status', t.status)}${who} · ${msgName(lang, 'category', t.category)}` +
    `${t.school ? ` · ${t.school}` : ''} · ${formatAgeIn(lang, new Date(t.createdAt), now)} · ${t.title}`
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
export function assignedToYouText(t: CaseRef, actor: Who, lang?: Lang): string {
  return msg(lang, 'ticket.notice.assignedToYou', { name: actor.name, key: t.key, title: t.title });
}

/** To the reporter: the case went up. */
export function escalatedText(t: CaseRef, to: Who, reason: string, lang?: Lang): string {
  return msg(lang, 'notice.escalated', { key: t.key, name: to.name, reason });
}

/** To the person it was escalated to. */
export function escalatedToYouText(t: CaseRef, actor: Who, reason: string, lang?: Lang): string {
  return msg(lang, 'ticket.notice.escalatedToYou', { name: actor.name, key: t.key, reason, title: t.title });
}

/** To someone mentioned in a comment (their replies in its thread answer). */
export function mentionedText(t: CaseRef, actor: Who, note: string, lang?: Lang): string {
  return msg(lang, 'ticket.notice.mentioned', { name: actor.name, key: t.key, title: t.title, note });
}

/** To someone mentioned in an internal note (their replies in its thread stay internal too). */
export function internalMentionedText(t: CaseRef, actor: Who, note: string, lang?: Lang): string {
  return msg(lang, 'ticket.notice.internalMentioned', { name: actor.name, key: t.key, title: t.title, note });
}

/** To the author of an internal note: where it went (people who may not read notes were not sent it). */
export function internalNoteAddedText(t: CaseRef, sentTo: Who[], notSent: number, lang?: Lang): string {
  const left = notSent ? msgCount(lang, 'ticket.noteNotSent', notSent) : '';
  return msg(lang, 'ticket.noteAdded', { key: t.key, sent: sentToText(sentTo, lang), left });
}

/** "; sent to Ingrid Lie, Petra Holm" after a comment or note that went to people, else "". */
export function sentToText(sentTo: Who[], lang?: Lang): string {
  return sentTo.length ? msg(lang, 'ticket.sentTo', { names: sentTo.map((p) => p.name).join(', ') }) : '';
}

/** To the assignee: an internal note from someone else. */
export function internalToAssigneeText(t: CaseRef, actor: Who, note: string, lang?: Lang): string {
  return msg(lang, 'ticket.notice.internalToAssignee', { name: actor.name, key: t.key, note });
}

/** To the reporter: a comment from someone else. */
export function commentToReporterText(t: CaseRef, actor: Who, note: string, lang?: Lang): string {
  return msg(lang, 'notice.comment', { key: t.key, name: actor.name, note });
}

/** To the assignee: a comment from someone else. */
export function commentToAssigneeText(t: CaseRef, actor: Who, note: string, lang?: Lang): string {
  return msg(lang, 'ticket.notice.commentToAssignee', { name: actor.name, key: t.key, note });
}

/** To the assignee: the reporter confirmed the fix. */
export function fixConfirmedText(t: CaseRef, actor: Who, lang?: Lang): string {
  return msg(lang, 'ticket.notice.fixConfirmed', { name: actor.name, key: t.key });
}

/** To the assignee: the case is open again. */
export function reopenedToAssigneeText(t: CaseRef, actor: Who, note: string, lang?: Lang): string {
  return msg(lang, 'ticket.notice.reopenedToAssignee', { name: actor.name, key: t.key, note });
}

/** To the reporter: the case is open again. */
export function reopenedToReporterText(t: CaseRef, note: string, lang?: Lang): string {
  return msg(lang, 'notice.reopened', { key: t.key, note });
}

/** To staff: the internal-note marker with nothing after it. */
export function emptyNoteText(marker: string, lang?: Lang): string {
  return msg(lang, 'ticket.emptyNote', { marker });
}

/** A school as the reader says it: the cases without one are grouped under the catalog's name. */
export function schoolSaid(school: string, lang?: Lang): string {
  return school === NO_SCHOOL ? msg(lang, 'stats.noSchool') : school;
}
