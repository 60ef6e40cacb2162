/**
 * A reporter's own changes to their report: an edit replaces the case's text (the history keeps
 * the first text in its created entry and the new one in an `edited` entry); a deletion blanks the
 * text everywhere the case holds it (text, title, the created entry and its files) and records
 * when, so what a teacher deleted (a password, by mistake) is not shown again. The case stays open.
 * A comment made from chat follows its message the same way (CommentSource links them).
 */
import { withKeyLock } from '../db/keyed-lock';
import type { Person } from '../people/person';
import { isDuplicateKey } from '../core/duplicate-key';
import { CommentSource, type CommentSourceDoc } from './comment-source.model';
import { Ticket, type TicketDoc, type TicketEvent } from './ticket.model';
import { withRollup } from './rollup-build';

/** What a case shows in place of a report its reporter deleted. */
export const REMOVED_TEXT = '(removed by the reporter)';

/** The case a message created (its delivery `platform|eventId`), if any. */
export function caseOfReport(platform: string, messageId: string): Promise<TicketDoc | null> {
  return Ticket.findOne({ source: `${String(platform)}|${String(messageId)}` }).lean<TicketDoc>();
}

function titleOf(text: string): string {
  const firstLine = text.split(/\r?\n/u)[0];
  return firstLine.length > 100 ? `${firstLine.slice(0, 97)}…` : firstLine;
}

function entry(actor: Person, kind: TicketEvent['kind'], at: Date, note: string, what = 'report'): TicketEvent {
  return { at, actorId: actor.id, actorName: actor.name, kind, note, from: what } as TicketEvent;
}

/** Links the message `source` (`platform|eventId`) to the comment `actor` just added to `t`. */
export async function rememberCommentSource(source: string, t: TicketDoc, actor: Person): Promise<void> {
  const added = t.events.findLast((e) => e.kind === 'comment' && e.actorId === actor.id);
  if (!added) return;
  try {
    await CommentSource.create({ _id: source, ticketId: t._id, at: added.at, actorId: actor.id });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // the same delivery handled again
  }
}

/** The case and entry a message became as a comment, if it did. */
export async function commentOf(
  platform: string,
  messageId: string,
): Promise<{ ticket: TicketDoc; link: CommentSourceDoc } | null> {
  const link = await CommentSource.findById(`${String(platform)}|${String(messageId)}`).lean<CommentSourceDoc>();
  const ticket = link ? await Ticket.findById(link.ticketId).lean<TicketDoc>() : null;
  return link && ticket ? { ticket, link } : null;
}

const isEntry = (e: TicketEvent, link: CommentSourceDoc) =>
  e.kind === 'comment' && e.actorId === link.actorId && new Date(e.at).getTime() === new Date(link.at).getTime();

/** Blanks a comment its author deleted and records when; an edit adds its new text (the entry keeps the first). */
export async function changeComment(
  t: TicketDoc,
  link: CommentSourceDoc,
  actor: Person,
  at: Date,
  edited?: string,
): Promise<TicketDoc | null> {
  return withKeyLock(`ticket:${String(t._id)}`, async () => {
    const current = await Ticket.findById(t._id).lean<TicketDoc>();
    if (!current) return null;
    const events = edited
      ? [...current.events, entry(actor, 'edited', at, edited.trim().slice(0, 500), 'comment')]
      : [
          ...current.events.map((e) => (isEntry(e, link) ? { ...e, note: REMOVED_TEXT, attachments: undefined } : e)),
          entry(actor, 'removed', at, `removed by its author at ${at.toISOString()}`, 'comment'),
        ];
    return Ticket.findOneAndUpdate(
      { _id: t._id },
      { $set: { events, updatedAt: at } },
      { returnDocument: 'after' },
    ).lean<TicketDoc>();
  });
}

/** Replaces the case's text with the reporter's edit; the history keeps both. */
export async function editReport(t: TicketDoc, actor: Person, text: string, at: Date): Promise<TicketDoc | null> {
  const trimmed = text.trim();
  // The title is in the case's roll-up row (the digest lists open cases by it).
  return withKeyLock(`ticket:${String(t._id)}`, () =>
    withRollup(t, at, () =>
      Ticket.findOneAndUpdate(
        { _id: t._id },
        {
          $set: { text: trimmed, title: titleOf(trimmed), updatedAt: at },
          $push: { events: entry(actor, 'edited', at, trimmed.slice(0, 500)) },
        },
        { returnDocument: 'after' },
      ).lean<TicketDoc>(),
    ),
  );
}

/** Blanks the report's text wherever the case keeps it and records the removal (with its time). */
export async function removeReportText(t: TicketDoc, actor: Person, at: Date): Promise<TicketDoc | null> {
  return withKeyLock(`ticket:${String(t._id)}`, async () => {
    const current = await Ticket.findById(t._id).lean<TicketDoc>();
    if (!current) return null;
    // The created entry held the text (and the edits theirs): kept as entries, without it.
    const events = current.events.map((e) =>
      e.kind === 'created' || e.kind === 'edited' ? { ...e, note: REMOVED_TEXT, attachments: undefined } : e,
    );
    events.push(entry(actor, 'removed', at, `removed by the reporter at ${at.toISOString()}`));
    return withRollup(current, at, () =>
      Ticket.findOneAndUpdate(
        { _id: t._id },
        { $set: { text: REMOVED_TEXT, title: REMOVED_TEXT, events, updatedAt: at } },
        { returnDocument: 'after' },
      ).lean<TicketDoc>(),
    );
  });
}
