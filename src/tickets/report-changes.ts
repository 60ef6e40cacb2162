/**
 * A reporter's own changes to their report: an edit replaces the case's text (the history keeps
 * the first text in its created entry and the new one in an `edited` entry); a deletion blanks the
 * text everywhere the case holds it (text, title, the created entry and its files) and records
 * when, so what a teacher deleted (a password, by mistake) is not shown again. The case stays open.
 */
import { withKeyLock } from '../db/keyed-lock';
import type { Person } from '../people/person';
import { Ticket, type TicketDoc, type TicketEvent } from './ticket.model';

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

function entry(actor: Person, kind: TicketEvent['kind'], at: Date, note: string): TicketEvent {
  return { at, actorId: actor.id, actorName: actor.name, kind, note } as TicketEvent;
}

/** Replaces the case's text with the reporter's edit; the history keeps both. */
export async function editReport(t: TicketDoc, actor: Person, text: string, at: Date): Promise<TicketDoc | null> {
  const trimmed = text.trim();
  return withKeyLock(`ticket:${String(t._id)}`, () =>
    Ticket.findOneAndUpdate(
      { _id: t._id },
      {
        $set: { text: trimmed, title: titleOf(trimmed), updatedAt: at },
        $push: { events: entry(actor, 'edited', at, trimmed.slice(0, 500)) },
      },
      { returnDocument: 'after' },
    ).lean<TicketDoc>(),
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
    return Ticket.findOneAndUpdate(
      { _id: t._id },
      { $set: { text: REMOVED_TEXT, title: REMOVED_TEXT, events, updatedAt: at } },
      { returnDocument: 'after' },
    ).lean<TicketDoc>();
  });
}
