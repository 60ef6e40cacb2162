/**
 * Neutral replies as Slack messages: `text` always (notifications, screen readers and old
 * clients show it), and for a card Block Kit blocks: a header with the title, the status and the
 * fields as a section, each card section as mrkdwn lines, the footer as a context block. Slack's
 * limits are kept (header 150 characters, 10 fields of 2,000, section text 3,000, 50 blocks).
 */
import type { types } from '@slack/bolt';
import type { Card, OutMessage } from '../../src/chat/out-message';
import { escapeMrkdwn, truncate } from './mrkdwn';

type KnownBlock = types.KnownBlock;

export interface SlackMessageBody {
  text: string;
  blocks?: KnownBlock[];
}

const MAX_TEXT = 39_000;
const MAX_BLOCKS = 50;
const MAX_HEADER = 150;
const MAX_FIELDS = 10;
const MAX_FIELD = 2000;
const MAX_SECTION = 3000;

export function renderMessage(msg: OutMessage): SlackMessageBody {
  const text = truncate(escapeMrkdwn(msg.text), MAX_TEXT);
  if (!msg.card) return { text };
  return { text, blocks: renderCard(msg.card) };
}

export function renderCard(card: Card): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(card.title || ' ', MAX_HEADER), emoji: true } }];
  const fields = (card.fields ?? []).map((f) => ({
    type: 'mrkdwn' as const,
    text: truncate(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value || '–')}`, MAX_FIELD),
  }));
  const status = card.status ? `*${escapeMrkdwn(card.status)}*` : undefined;
  if (status || fields.length) {
    for (let i = 0; i < Math.max(fields.length, 1); i += MAX_FIELDS) {
      const chunk = fields.slice(i, i + MAX_FIELDS);
      const section: types.SectionBlock = { type: 'section' };
      if (i === 0 && status) section.text = { type: 'mrkdwn', text: status };
      if (chunk.length) section.fields = chunk;
      blocks.push(section);
    }
  }
  for (const s of card.sections ?? []) {
    for (const text of sectionTexts(s.heading, s.lines)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
  }
  const footer = card.footer ? { type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: truncate(escapeMrkdwn(card.footer), MAX_SECTION) }] } : undefined;
  const room = MAX_BLOCKS - (footer ? 1 : 0);
  if (blocks.length > room) {
    blocks.length = room - 1;
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: '… more in the message text' }] });
  }
  if (footer) blocks.push(footer);
  return blocks;
}

/** A heading and its lines as mrkdwn texts of at most 3,000 characters each (a long list splits). */
function sectionTexts(heading: string | undefined, lines: string[]): string[] {
  const out: string[] = [];
  let current = heading ? `*${escapeMrkdwn(heading)}*` : '';
  for (const raw of lines.length ? lines : ['–']) {
    const line = truncate(lines.length > 1 ? `• ${escapeMrkdwn(raw)}` : escapeMrkdwn(raw), MAX_SECTION);
    const next = current ? `${current}\n${line}` : line;
    if (next.length > MAX_SECTION) {
      out.push(current);
      current = line;
    } else {
      current = next;
    }
  }
  if (current) out.push(current);
  return out;
}
