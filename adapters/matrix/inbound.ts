/**
 * Pure translation of raw Matrix events: relations (thread, reply, edit, reaction), reply
 * fallbacks, mentions. The adapter adds what needs the homeserver (DM status, display names).
 */

/** The parts of a client-server API event opsdesk reads. Everything else stays `unknown`. */
export interface RawMatrixEvent {
  event_id: string;
  type: string;
  sender: string;
  origin_server_ts?: number;
  state_key?: string;
  /** Redactions before room version 11 carry the target here. */
  redacts?: string;
  content?: Record<string, unknown>;
  unsigned?: Record<string, unknown>;
}

export interface BotIdentity {
  userId: string;
  displayName?: string;
}

export type Relation =
  | { kind: 'thread'; root: string }
  | { kind: 'reply'; to: string }
  | { kind: 'replace'; target: string }
  | { kind: 'annotation'; target: string; key: string }
  | { kind: 'none' };

function obj(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** What `m.relates_to` says about an event. */
export function relationOf(event: RawMatrixEvent): Relation {
  const rel = obj(event.content?.['m.relates_to']);
  if (!rel) return { kind: 'none' };
  const target = str(rel.event_id);
  switch (rel.rel_type) {
    case 'm.thread':
      return target ? { kind: 'thread', root: target } : { kind: 'none' };
    case 'm.replace':
      return target ? { kind: 'replace', target } : { kind: 'none' };
    case 'm.annotation': {
      const key = str(rel.key);
      return target && key ? { kind: 'annotation', target, key } : { kind: 'none' };
    }
  }
  const replyTo = str(obj(rel['m.in_reply_to'])?.event_id);
  return replyTo ? { kind: 'reply', to: replyTo } : { kind: 'none' };
}

/** The event a redaction removes (top-level `redacts` before room v11, `content.redacts` from v11). */
export function redactedEventId(event: RawMatrixEvent): string | undefined {
  return str(event.redacts) ?? str(event.content?.redacts);
}

/** Removes the `> <@user> quoted` lines clients put before a reply's own text. */
export function stripReplyFallback(body: string): string {
  if (!body.startsWith('> ')) return body;
  const lines = body.split('\n');
  let i = 0;
  while (i < lines.length && lines[i].startsWith('>')) i++;
  return lines.slice(i).join('\n').replace(/^\s*\n/u, '');
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/** Anchor texts of pills (`<a href="https://matrix.to/#/@bot:server">Name</a>`) pointing at `userId`. */
export function pillTexts(formattedBody: string, userId: string): string[] {
  const texts: string[] = [];
  const anchor = /<a\s[^>]*href\s*=\s*["']([^"']+)["'][^>]*>([\s\S]*?)<\/a>/giu;
  for (const m of formattedBody.matchAll(anchor)) {
    let href = m[1];
    try {
      href = decodeURIComponent(href);
    } catch {
      // keep it encoded
    }
    if (/^https:\/\/matrix\.to\/#\//iu.test(href) && href.replace(/^https:\/\/matrix\.to\/#\//iu, '').split('?')[0] === userId) {
      texts.push(decodeEntities(m[2].replace(/<[^>]*>/gu, '')).trim());
    }
  }
  return texts.filter(Boolean);
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&quot;/gu, '"')
    .replace(/&#39;/gu, "'")
    .replace(/&amp;/gu, '&');
}

export interface MentionResult {
  text: string;
  mentioned: boolean;
}

/**
 * Finds a mention of the bot (intentional `m.mentions`, a pill, or its name or user id written at
 * the start) and returns the text without it.
 */
export function stripMention(content: Record<string, unknown>, body: string, bot: BotIdentity): MentionResult {
  let text = body;
  let mentioned = false;
  const userIds = obj(content['m.mentions'])?.user_ids;
  if (Array.isArray(userIds) && userIds.includes(bot.userId)) mentioned = true;
  const formatted = str(content.formatted_body);
  const pills = formatted && content.format === 'org.matrix.custom.html' ? pillTexts(formatted, bot.userId) : [];
  if (pills.length) mentioned = true;

  const localpart = bot.userId.replace(/^@/u, '').split(':')[0];
  const names = [...pills, bot.userId, bot.displayName, `@${localpart}`, localpart].filter((n): n is string => !!n);
  // Longest first, so "@opsdesk:server" is not left as ":server".
  names.sort((a, b) => b.length - a.length);
  for (const name of names) {
    const lead = new RegExp(`^\\s*${escapeRegExp(name)}(?=$|[\\s:,;.!?])[:,;]?\\s*`, 'iu');
    if (lead.test(text)) {
      text = text.replace(lead, '');
      mentioned = true;
      break;
    }
  }
  // A pill in the middle of the text: drop its text where it stands.
  for (const pill of pills) {
    const inner = new RegExp(`(^|\\s)${escapeRegExp(pill)}(?=$|[\\s:,;.!?])[:,]?`, 'u');
    text = text.replace(inner, '$1');
  }
  return { text: text.replace(/[ \t]{2,}/gu, ' ').trim(), mentioned };
}

/** Message types a person writes to the bot; notices (other bots) and media are not read. */
export function isReadableMessage(event: RawMatrixEvent): boolean {
  const msgtype = event.content?.msgtype;
  return event.type === 'm.room.message' && (msgtype === 'm.text' || msgtype === 'm.emote') && typeof event.content?.body === 'string';
}
