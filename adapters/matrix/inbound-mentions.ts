/**
 * The people a message names on purpose, as Element sends them: `m.mentions.user_ids` (intentional
 * mentions, Matrix 1.7) and pills in `formatted_body` (`<a href="https://matrix.to/#/@petra:server">Petra
 * Holm</a>`), whose `body` shows only the display name. A command's text gets each pill's name
 * replaced by the user id, so every command that takes a person (`!ticket assign INC-1 <pill>`,
 * `!ticket comment INC-1 <pill> …`) reads it like a typed `@petra:server`.
 */
import { MAX_PILLS, userPills, type Pill } from './inbound';

const MATRIX_USER_ID = /^@[^:\s]{1,255}:[^\s]{1,255}$/u;

export interface InboundMentions {
  /** User ids mentioned on purpose (m.mentions and pills), the bot left out, at most MAX_PILLS. */
  userIds: string[];
  /** The pills (not at the bot) found in formatted_body. */
  pills: Pill[];
}

export function inboundMentions(content: Record<string, unknown>, botUserId: string): InboundMentions {
  const notBot = (id: string) => id !== botUserId;
  const html =
    content.format === 'org.matrix.custom.html' && typeof content.formatted_body === 'string'
      ? content.formatted_body
      : '';
  const pills = html ? userPills(html, notBot) : [];
  const declared = (content['m.mentions'] as { user_ids?: unknown } | undefined)?.user_ids;
  const ids = new Set<string>();
  if (Array.isArray(declared)) {
    for (const id of declared.slice(0, MAX_PILLS)) if (typeof id === 'string' && MATRIX_USER_ID.test(id)) ids.add(id);
  }
  for (const p of pills) if (MATRIX_USER_ID.test(p.userId)) ids.add(p.userId);
  return { userIds: [...ids].filter(notBot).slice(0, MAX_PILLS), pills };
}

/**
 * `text` with the first occurrence (after the previous one, standing as a word) of each pill's
 * name replaced by the pill's user id. Plain `indexOf` scans: linear in the text for each of at
 * most MAX_PILLS pills.
 */
export function pillsAsUserIds(text: string, pills: readonly Pill[]): string {
  let out = text;
  let from = 0;
  for (const { text: name, userId } of pills) {
    let at = out.indexOf(name, from);
    while (at >= 0 && !standsAlone(out, at, name.length)) at = out.indexOf(name, at + 1);
    if (at < 0) continue;
    out = out.slice(0, at) + userId + out.slice(at + name.length);
    from = at + userId.length;
  }
  return out;
}

function standsAlone(text: string, at: number, length: number): boolean {
  const before = at === 0 ? ' ' : text[at - 1];
  const after = at + length >= text.length ? ' ' : text[at + length];
  return /[\s(]/u.test(before) && /[\s:,;.!?)]/u.test(after);
}
