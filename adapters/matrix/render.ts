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
  msgtype: 'm.text' | 'm.notice';
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

/** The message as `m.text` content; HTML only where it adds something. */
export function renderContent(msg: OutMessage): TextContent {
  const text = msg.text.trim();
  if (msg.card) {
    const lead = text && text !== msg.card.title ? text : '';
    return {
      msgtype: 'm.text',
      body: [...(lead ? [lead, ''] : []), ...cardLines(msg.card)].join('\n'),
      format: 'org.matrix.custom.html',
      formatted_body: (lead ? `<p>${inlineHtml(lead)}</p>` : '') + cardHtml(msg.card),
      'm.mentions': mentionsOf(msg),
    };
  }
  const html = inlineHtml(text);
  if (html === escapeHtml(text)) return { msgtype: 'm.text', body: text, 'm.mentions': mentionsOf(msg) };
  return {
    msgtype: 'm.text',
    body: text,
    format: 'org.matrix.custom.html',
    formatted_body: html,
    'm.mentions': mentionsOf(msg),
  };
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
