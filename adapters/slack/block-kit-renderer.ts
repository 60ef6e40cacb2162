/**
 * Neutral replies as Slack messages: `text` always (notifications, screen readers and old
 * clients show it), and for a card Block Kit blocks: a header with the title, the status and the
 * fields as a section, each card section as mrkdwn lines, the footer as a context block. Slack's
 * limits are kept (header 150 characters, 10 fields of 2,000, section text 3,000, 50 blocks), and
 * one it does not document: it refuses blocks whose total size passes about 12,000 characters
 * (`msg_blocks_too_long`; bolt-js issues #2509 and #2867, where a Slack maintainer gives "12,000
 * text characters with a buffer for block containers" and a reporter was refused at 11,341 text
 * characters). How Slack counts is not said, so the blocks are kept to MAX_BLOCKS_SIZE characters
 * of JSON, which is more than their text: a long list keeps its first lines and ends "… and N
 * more"; the full list stays in `text` (and wherever the sender puts it, e.g. a thread reply). Those words
 * are the message's language (`OutMessage.lang`), else the organisation's.
 */
import type { types } from '@slack/bolt';
import type { Card, MessageAction, OutMessage } from '../../src/chat/out-message';
import { ANSWER_ACTION_PREFIX } from './event-translator';
import { escapeMrkdwn, truncate } from './mrkdwn';
import { msg as say } from '../../src/i18n/catalog';
import type { Lang } from '../../src/i18n/languages';

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
/** The blocks' JSON at most; Slack's limit is about 12,000 (see above). */
export const MAX_BLOCKS_SIZE = 10_000;

/** `lang`: the organisation's, for a message that does not say its language. */
export function renderMessage(msg: OutMessage, lang?: Lang): SlackMessageBody {
  const text = truncate(escapeMrkdwn(msg.text), MAX_TEXT);
  const actions = msg.actions?.length ? [actionsBlock(msg.actions)] : [];
  if (!msg.card) {
    if (!actions.length) return { text };
    return {
      text,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, MAX_SECTION) } }, ...actions],
    };
  }
  const card = renderCard(msg.card, msg.lang ?? lang);
  return { text, blocks: [...card.slice(0, MAX_BLOCKS - actions.length), ...actions] };
}

/**
 * One-tap answers as buttons. A tap arrives as a `block_actions` payload whose action carries the
 * reaction the button stands for as its `value` (event-translator.ts translateBlockAction).
 */
function actionsBlock(actions: readonly MessageAction[]): KnownBlock {
  return {
    type: 'actions',
    block_id: 'opsdesk-answers',
    elements: actions.slice(0, 5).map((a) => ({
      type: 'button' as const,
      action_id: `${ANSWER_ACTION_PREFIX}${a.reaction}`,
      text: { type: 'plain_text' as const, text: truncate(a.label, 75), emoji: true },
      value: a.reaction,
      ...(a.style ? { style: a.style } : {}),
    })),
  };
}

export function renderCard(card: Card, lang?: Lang): KnownBlock[] {
  const MORE = moreBlock(lang);
  const head: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(card.title || ' ', MAX_HEADER), emoji: true } },
  ];
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
      head.push(section);
    }
  }
  const footer: KnownBlock[] = card.footer
    ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(escapeMrkdwn(card.footer), MAX_SECTION) }] }]
    : [];
  // Each section whole if it fits, else its first lines and "… and N more", else left out.
  const body: KnownBlock[] = [];
  let left = false;
  for (const s of card.sections ?? []) {
    const fits = (blocks: KnownBlock[]) =>
      blocksSize([...head, ...body, ...blocks, MORE, ...footer]) <= MAX_BLOCKS_SIZE;
    const whole = sectionBlocks(s.heading, s.lines);
    if (fits(whole)) {
      body.push(...whole);
      continue;
    }
    let best: KnownBlock[] | undefined;
    for (let lo = 0, hi = s.lines.length - 1; lo <= hi;) {
      const kept = Math.floor((lo + hi) / 2);
      const blocks = sectionBlocks(
        s.heading,
        s.lines.slice(0, kept),
        say(lang, 'card.more', { count: s.lines.length - kept }),
      );
      if (fits(blocks)) {
        best = blocks;
        lo = kept + 1;
      } else {
        hi = kept - 1;
      }
    }
    if (best) body.push(...best);
    else left = true;
  }
  // Past the block count, still too large (very long fields) or a section left out: the last blocks make room for a
  // note.
  const blocks = [...head, ...body];
  const over = (bs: KnownBlock[]) =>
    bs.length + footer.length > MAX_BLOCKS || blocksSize([...bs, ...footer]) > MAX_BLOCKS_SIZE;
  if (left || over(blocks)) {
    while (blocks.length > 1 && over([...blocks, MORE])) blocks.pop();
    blocks.push(MORE);
  }
  return [...blocks, ...footer];
}

/** Where the last blocks had to go. */
function moreBlock(lang: Lang | undefined): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: say(lang, 'card.moreInText') }] };
}

/** How Slack's total is approximated: the blocks as JSON, in characters. */
export function blocksSize(blocks: readonly KnownBlock[]): number {
  return JSON.stringify(blocks).length;
}

function sectionBlocks(heading: string | undefined, lines: string[], more?: string): KnownBlock[] {
  return sectionTexts(heading, lines, more).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

/**
 * A heading and its lines (then `more`, unbulleted) as mrkdwn texts of at most 3,000 characters each (a long list
 * splits).
 */
function sectionTexts(heading: string | undefined, lines: string[], more?: string): string[] {
  const out: string[] = [];
  let current = heading ? `*${escapeMrkdwn(heading)}*` : '';
  const bullet = lines.length > 1 || more !== undefined;
  const all =
    lines.length || more !== undefined ? lines.map((raw) => ({ raw, bullet })) : [{ raw: '–', bullet: false }];
  if (more !== undefined) all.push({ raw: more, bullet: false });
  for (const { raw, bullet: b } of all) {
    const line = truncate(b ? `• ${escapeMrkdwn(raw)}` : escapeMrkdwn(raw), MAX_SECTION);
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
