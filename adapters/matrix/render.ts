/**
 * Neutral replies as Matrix message content: a plain `body` every client shows, HTML
 * `formatted_body` for cards and inline markup, and `m.mentions` naming exactly the people the
 * message means to notify (`OutMessage.notify`), else `{}`. With `m.mentions` present, homeservers
 * and clients no longer look for `@room`, display names or user ids in the body (intentional
 * mentions, Matrix 1.7), so text a reporter typed cannot ping a room it is shown in. Edits
 * (`m.replace`) and thread replies (`m.thread`) wrap that content.
 */
import { notifiedOn, type Card, type OutMessage } from '../../src/chat/out-message';

/** Who an event notifies: `{}` for nobody (never `room`: opsdesk does not ping whole rooms). */
export interface Mentions {
  user_ids?: string[];
}

export interface TextContent {
  msgtype: MessageKind;
  body: string;
  format?: 'org.matrix.custom.html';
  formatted_body?: string;
  'm.mentions': Mentions;
}

const MATRIX_USER_ID = /^@[^:\s]+:\S+$/u;

/** `m.mentions` for the message: the Matrix users it notifies, or nobody. */
export function mentionsOf(msg: OutMessage): Mentions {
  const ids = notifiedOn(msg, 'matrix').filter((id) => MATRIX_USER_ID.test(id));
  return ids.length ? { user_ids: ids } : {};
}

export function escapeHtml(s: string): string {
  return s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}

/** Escapes the text and turns the neutral markup (`code`, *bold*, _italic_, newlines) into HTML. */
export function inlineHtml(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`\n]+)`/gu, '<code>$1</code>')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/gu, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/gu, '$1<i>$2</i>')
    .replace(/\n/gu, '<br>');
}

function cardLines(card: Card): string[] {
  const lines = [card.status ? `${card.title} [${card.status}]` : card.title];
  for (const f of card.fields ?? []) lines.push(`${f.label}: ${f.value}`);
  for (const s of card.sections ?? []) {
    lines.push('');
    if (s.heading) lines.push(s.heading);
    for (const l of s.lines) lines.push(`• ${l}`);
  }
  if (card.footer) lines.push('', card.footer);
  return lines;
}

function cardHtml(card: Card): string {
  const parts = [`<h4>${escapeHtml(card.title)}${card.status ? ` <code>${escapeHtml(card.status)}</code>` : ''}</h4>`];
  if (card.fields?.length) {
    parts.push(
      `<p>${card.fields.map((f) => `<b>${escapeHtml(f.label)}:</b> ${inlineHtml(f.value)}`).join('<br>')}</p>`,
    );
  }
  for (const s of card.sections ?? []) {
    if (s.heading) parts.push(`<p><b>${escapeHtml(s.heading)}</b></p>`);
    if (s.lines.length) parts.push(`<ul>${s.lines.map((l) => `<li>${inlineHtml(l)}</li>`).join('')}</ul>`);
  }
  if (card.footer) parts.push(`<p><sub>${inlineHtml(card.footer)}</sub></p>`);
  return parts.join('');
}

/** How the bot's messages are sent: `m.notice` (how bots write; other bots do not answer it) or `m.text`. */
export type MessageKind = 'm.notice' | 'm.text';

/**
 * The message as Matrix content. A card is the message: its first line of text comes before it
 * only when it says what the card does not (the receipt's "Logged as …"), never the text's copy of
 * the card (a list written out twice). `body` is plain text without markup; `formatted_body` has
 * the formatting. Hints name commands with `!` (Element takes `/rfc` for its own command). People
 * the message notifies and names (`NotifyTarget.name`) are pills.
 */
export function renderContent(message: OutMessage, kind: MessageKind = 'm.notice'): TextContent {
  const msg = withBangHints(message);
  const text = msg.text.trim();
  const mentions = mentionsOf(msg);
  const msgtype = msgtypeFor(kind, mentions);
  if (msg.card) {
    const lead = cardLead(text, msg.card);
    const html = (lead ? `<p>${inlineHtml(lead)}</p>` : '') + cardHtml(msg.card);
    return {
      msgtype,
      body: plainText([...(lead ? [lead, ''] : []), ...cardLines(msg.card)].join('\n')),
      format: 'org.matrix.custom.html',
      formatted_body: withPills(html, msg),
      'm.mentions': mentions,
    };
  }
  const html = withPills(inlineHtml(text), msg);
  if (html === escapeHtml(text)) return { msgtype, body: text, 'm.mentions': mentions };
  return {
    msgtype,
    body: plainText(text),
    format: 'org.matrix.custom.html',
    formatted_body: html,
    'm.mentions': mentions,
  };
}

/**
 * A message that names someone on purpose is `m.text`: homeservers apply the push rule that
 * silences `m.notice` (`.m.rule.suppress_notices`) before the one for intentional mentions
 * (`.m.rule.is_user_mention`), so a mentioning notice would notify nobody. Everything else keeps
 * the configured kind.
 */
export function msgtypeFor(kind: MessageKind, mentions: Mentions): MessageKind {
  return mentions.user_ids?.length ? 'm.text' : kind;
}

/** The message without anyone to notify: a DM's reader needs no mention (nor anyone else there). */
export function namingNobody(msg: OutMessage): OutMessage {
  if (!msg.notify) return msg;
  const { notify: _notify, ...rest } = msg;
  return rest;
}

/** The first line of the text, when it is not the card's title, an introduction to it ("3 cases:") or in it. */
function cardLead(text: string, card: Card): string {
  const first = text.split('\n')[0].trim();
  if (!first || first.endsWith(':') || first === card.title) return '';
  const inCard = cardLines(card).some((l) => l.includes(first));
  return inCard ? '' : first;
}

/** Neutral markup (`code`, *bold*, _italic_) without its markers: what `body` shows. */
export function plainText(text: string): string {
  return text
    .replace(/`([^`\n]+)`/gu, '$1')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/gmu, '$1$2')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/gmu, '$1$2');
}

/** `/rfc submit` in a code span or quotes becomes `!rfc submit`: Element runs `/…` as its own command. */
export function bangHints(text: string): string {
  return text.replace(/([`"])\/(?=[a-z])/gu, '$1!');
}

function withBangHints(msg: OutMessage): OutMessage {
  if (!msg.card) return { ...msg, text: bangHints(msg.text) };
  const c = msg.card;
  return {
    ...msg,
    text: bangHints(msg.text),
    card: {
      ...c,
      title: bangHints(c.title),
      ...(c.fields ? { fields: c.fields.map((f) => ({ label: f.label, value: bangHints(f.value) })) } : {}),
      ...(c.sections ? { sections: c.sections.map((s) => ({ ...s, lines: s.lines.map(bangHints) })) } : {}),
      ...(c.footer ? { footer: bangHints(c.footer) } : {}),
    },
  };
}

/** The first place each notified person is named (as the text escapes it) becomes a pill. */
function withPills(html: string, msg: OutMessage): string {
  let out = html;
  for (const t of msg.notify ?? []) {
    if (t.platform !== 'matrix' || !t.name || !MATRIX_USER_ID.test(t.userId)) continue;
    const name = escapeHtml(t.name);
    const at = out.indexOf(name);
    if (at < 0) continue;
    const pill = `<a href="https://matrix.to/#/${escapeHtml(t.userId)}">${name}</a>`;
    out = out.slice(0, at) + pill + out.slice(at + name.length);
  }
  return out;
}

/** Content that posts `content` into the thread rooted at `root` (with a reply fallback for old clients). */
export function inThread(content: TextContent, root: string): Record<string, unknown> {
  return {
    ...content,
    'm.relates_to': {
      rel_type: 'm.thread',
      event_id: root,
      is_falling_back: true,
      'm.in_reply_to': { event_id: root },
    },
  };
}

/**
 * An edit of `target`: clients show `m.new_content` (with the message's full `m.mentions`); the
 * outer body is the fallback (`* …`), whose `m.mentions` is empty so an edit (a progress update, a
 * new tally) never notifies anyone again.
 */
export function editOf(target: string, content: TextContent): Record<string, unknown> {
  return {
    msgtype: content.msgtype,
    body: `* ${content.body}`,
    ...(content.formatted_body ? { format: content.format, formatted_body: `* ${content.formatted_body}` } : {}),
    'm.mentions': {},
    'm.new_content': content,
    'm.relates_to': { rel_type: 'm.replace', event_id: target },
  };
}

export function reactionOf(target: string, key: string): Record<string, unknown> {
  return { 'm.relates_to': { rel_type: 'm.annotation', event_id: target, key }, 'm.mentions': {} };
}

/** Every event opsdesk sends says whom it notifies: content without `m.mentions` gets `{}` (nobody). */
export function withMentions(content: Record<string, unknown>): Record<string, unknown> {
  return 'm.mentions' in content ? content : { ...content, 'm.mentions': {} };
}
