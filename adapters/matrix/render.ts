/**
 * Neutral replies as Matrix message content: a plain `body` every client shows, and HTML
 * `formatted_body` for cards and inline markup. Edits (`m.replace`) and thread replies (`m.thread`)
 * wrap that content.
 */
import type { Card, OutMessage } from '../../src/chat/out-message';

export interface TextContent {
  msgtype: 'm.text' | 'm.notice';
  body: string;
  format?: 'org.matrix.custom.html';
  formatted_body?: string;
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
    parts.push(`<p>${card.fields.map((f) => `<b>${escapeHtml(f.label)}:</b> ${inlineHtml(f.value)}`).join('<br>')}</p>`);
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
    };
  }
  const html = inlineHtml(text);
  if (html === escapeHtml(text)) return { msgtype: 'm.text', body: text };
  return { msgtype: 'm.text', body: text, format: 'org.matrix.custom.html', formatted_body: html };
}

/** Content that posts `content` into the thread rooted at `root` (with a reply fallback for old clients). */
export function inThread(content: TextContent, root: string): Record<string, unknown> {
  return {
    ...content,
    'm.relates_to': { rel_type: 'm.thread', event_id: root, is_falling_back: true, 'm.in_reply_to': { event_id: root } },
  };
}

/** An edit of `target`: clients show `m.new_content`; the outer body is the fallback (`* …`). */
export function editOf(target: string, content: TextContent): Record<string, unknown> {
  return {
    msgtype: content.msgtype,
    body: `* ${content.body}`,
    ...(content.formatted_body ? { format: content.format, formatted_body: `* ${content.formatted_body}` } : {}),
    'm.new_content': content,
    'm.relates_to': { rel_type: 'm.replace', event_id: target },
  };
}

export function reactionOf(target: string, key: string): Record<string, unknown> {
  return { 'm.relates_to': { rel_type: 'm.annotation', event_id: target, key } };
}
