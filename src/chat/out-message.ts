import type { Lang } from '../i18n/languages';

/**
 * A neutral reply: plain text always (the fallback every platform shows), plus an optional card
 * that adapters render natively (Slack Block Kit, Matrix HTML, console text).
 */
export interface OutMessage {
  text: string;
  card?: Card;
  /** An image to attach where the platform shows images (e.g. the digest chart). */
  image?: { png: Buffer; filename: string; altText: string };
  /**
   * A file attached on request (the full host list of `deploy show … --csv`): Slack uploads it, Matrix sends an
   * `m.file`, the console prints it. The text says what it is, so a platform that cannot attach still makes sense.
   */
  file?: OutFile;
  /**
   * The people this message is meant to notify, by platform user id. Matrix names exactly them in
   * the event's `m.mentions` (none: `m.mentions: {}`, so nothing in the text, such as an `@room` or
   * a display name a reporter typed, pings anyone); each adapter reads the entries of its platform.
   * A DM to a person needs none (OutboundPort.direct names nobody; Matrix drops it in a DM), and
   * edits never notify again.
   */
  notify?: readonly NotifyTarget[];
  /**
   * One-tap answers. Each is the same as reacting to the message with its `reaction` (a canonical
   * short name, src/chat/emoji.ts): Slack shows buttons that arrive as that reaction, Matrix and
   * the console place the reactions so a tap on one answers. The text should name them as well.
   */
  actions?: readonly MessageAction[];
  /**
   * The message opens a conversation that goes on in its thread (a receipt: "reply in this thread
   * to add details"). Where the room uses threads, Matrix posts it in a thread on the message it
   * answers even when that message was at top level; elsewhere it is answered as asked.
   */
  opensThread?: boolean;
  /**
   * The language the message is written in (its reader's): an adapter writes the words it adds in it (Slack's
   * "… and 3 more" when a card is too long for its blocks). Unset: the organisation's. Replies to a person carry
   * theirs (src/bot/event-routes.ts).
   */
  lang?: Lang;
}

/** A file to attach: its bytes, its name (`deploy-D-12-failed.csv`), its media type and a title. */
export interface OutFile {
  data: Buffer;
  filename: string;
  mimetype: string;
  title: string;
}

/** A one-tap answer to a message (see OutMessage.actions). */
export interface MessageAction {
  label: string;
  /** Canonical reaction short name, e.g. `white_check_mark`, `x`. */
  reaction: string;
  style?: 'primary' | 'danger';
}

/** A platform user a message means to notify. */
export interface NotifyTarget {
  platform: string;
  userId: string;
  /** The name the message calls them by, where it names them: Matrix makes it a pill. */
  name?: string;
}

export interface CardField {
  label: string;
  value: string;
}

export interface CardSection {
  heading?: string;
  /** Lines of plain text; adapters may render them as a list. */
  lines: string[];
}

/** A structured message: ticket card, RFC card with tally, deploy progress, digest. */
export interface Card {
  kind: 'ticket' | 'rfc' | 'deploy' | 'digest' | 'stats' | 'help' | 'generic';
  title: string;
  /** Short status badge such as 'OPEN', 'APPROVED', 'DEPLOYING 143/200'. */
  status?: string;
  fields?: CardField[];
  sections?: CardSection[];
  /** Small print under the card (how to act on it, ids, times). */
  footer?: string;
}

export function textMessage(text: string): OutMessage {
  return { text };
}

export function toOutMessage(msg: string | OutMessage): OutMessage {
  return typeof msg === 'string' ? { text: msg } : msg;
}

/** The message in `lang` unless it already says which language it is in. */
export function inLanguage(msg: string | OutMessage, lang: Lang | undefined): OutMessage {
  const m = toOutMessage(msg);
  return m.lang || !lang ? m : { ...m, lang };
}

/** The message, also notifying `targets` (kept once each). */
export function notifying(msg: string | OutMessage, ...targets: readonly NotifyTarget[]): OutMessage {
  const m = toOutMessage(msg);
  const all = [...(m.notify ?? []), ...targets];
  const unique = all.filter((t, i) => all.findIndex((o) => o.platform === t.platform && o.userId === t.userId) === i);
  return { ...m, notify: unique };
}

/** The user ids of `platform` a message notifies. */
export function notifiedOn(msg: OutMessage, platform: string): string[] {
  return [...new Set((msg.notify ?? []).filter((t) => t.platform === platform).map((t) => t.userId))];
}
