/**
 * Pure translation of raw Matrix events: relations (thread, reply, edit, reaction), reply
 * fallbacks, mentions. The adapter adds what needs the homeserver (DM status, display names).
 * Everything here reads text anyone can send, in one pass or with bounded regular expressions.
 */
import { Tokenizer } from 'htmlparser2';
import { boundAttachments, type Attachment, type PlatformUser } from '../../src/chat/chat-event';

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
  return lines
    .slice(i)
    .join('\n')
    .replace(/^\s*\n/u, '');
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/**
 * Most of a `formatted_body` read for pills. Matrix events are at most 64 KiB, so this never cuts a
 * real message; it bounds the work if a homeserver passes on more.
 */
export const MAX_FORMATTED_BODY = 65_536;
/** Most pills at the bot taken from one message (their texts become regular expressions below). */
export const MAX_PILLS = 8;
/** Longest pill text kept (Matrix display names are at most 256 characters); longer anchors are not pills. */
export const MAX_PILL_TEXT = 256;
/** Longest href read; a matrix.to link to a user is far shorter. */
const MAX_HREF = 2048;
const MATRIX_TO = 'https://matrix.to/#/';

interface Anchor {
  href: string;
  text: string;
  tooLong: boolean;
}

/**
 * Anchor texts of pills (`<a href="https://matrix.to/#/@bot:server">Name</a>`) pointing at `userId`,
 * at most MAX_PILLS of them, without duplicates.
 *
 * The HTML is read by htmlparser2's tokenizer (a state machine: one pass, linear in the input)
 * rather than by a regular expression: the old one backtracked super-linearly, and a crafted 38 KB
 * body held the event loop for ~28 s; as the sync token advances only after an event is handled,
 * the same event stalled the bot again after every restart. htmlparser2's tree-building Parser is
 * not used either: it keeps open tags in an array it shifts, quadratic in the nesting depth.
 * Entities are decoded (also in href), an anchor ends at `</a>`, at the next `<a>` (as in a
 * browser) or at the end, and tags inside it are dropped from its text.
 */
export function pillTexts(formattedBody: string, userId: string): string[] {
  return userPills(formattedBody, (target) => target === userId).map((p) => p.text);
}

/** A pill: the user a matrix.to anchor points at and the anchor's text (usually a display name). */
export interface Pill {
  userId: string;
  text: string;
}

/**
 * The user pills of a `formatted_body` whose target `wanted` accepts, in order, at most MAX_PILLS,
 * each (user, text) once. See pillTexts for how the HTML is read.
 */
export function userPills(formattedBody: string, wanted: (userId: string) => boolean = () => true): Pill[] {
  const pills: Pill[] = [];
  const seen = new Set<string>();
  for (const a of readAnchors(formattedBody.slice(0, MAX_FORMATTED_BODY))) {
    if (pills.length >= MAX_PILLS) break;
    const text = a.text.trim();
    const userId = pillTarget(a.href);
    if (!text || text.length > MAX_PILL_TEXT || !userId?.startsWith('@') || !wanted(userId)) continue;
    const key = `${userId}\u0000${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    pills.push({ userId, text });
  }
  return pills;
}

/** The anchors of `html` (href and text) in one pass of htmlparser2's tokenizer. */
function readAnchors(html: string): Anchor[] {
  const anchors: Anchor[] = [];
  let tag = '';
  let attr = '';
  let value = '';
  let href: string | undefined;
  let anchor: Anchor | undefined;
  const closeAnchor = () => {
    if (anchor && !anchor.tooLong) anchors.push(anchor);
    anchor = undefined;
  };
  const addValue = (s: string) => {
    if (tag === 'a' && attr === 'href' && value.length <= MAX_HREF) value += s;
  };
  const addText = (s: string) => {
    if (!anchor || anchor.tooLong) return;
    anchor.text += s;
    // Leading blanks are trimmed later; a text this long is no display name either way.
    if (anchor.text.length > MAX_PILL_TEXT * 2) anchor.tooLong = true;
  };
  const openTag = () => {
    if (tag !== 'a') return;
    closeAnchor();
    anchor = { href: href ?? '', text: '', tooLong: false };
  };
  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onopentagname(start, end) {
        tag = html.slice(start, end).toLowerCase();
        href = undefined;
      },
      onattribname(start, end) {
        attr = html.slice(start, end).toLowerCase();
        value = '';
      },
      onattribdata: (start, end) => addValue(html.slice(start, end)),
      onattribentity: (codepoint) => addValue(String.fromCodePoint(codepoint)),
      onattribend() {
        if (tag === 'a' && attr === 'href' && href === undefined) href = value.length > MAX_HREF ? '' : value;
        value = '';
      },
      onopentagend: openTag,
      onselfclosingtag: openTag, // `<a/>` opens an anchor in HTML
      onclosetag(start, end) {
        if (html.slice(start, end).toLowerCase() === 'a') closeAnchor();
      },
      ontext: (start, end) => addText(html.slice(start, end)),
      ontextentity: (codepoint) => addText(String.fromCodePoint(codepoint)),
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend: closeAnchor,
    },
  );
  tokenizer.write(html);
  tokenizer.end();

  return anchors;
}

/** The user (or room, event) a matrix.to link points at; undefined for other links. */
function pillTarget(href: string): string | undefined {
  let h = href.trim();
  try {
    h = decodeURIComponent(h);
  } catch {
    // keep it encoded
  }
  if (h.slice(0, MATRIX_TO.length).toLowerCase() !== MATRIX_TO) return undefined;
  return h.slice(MATRIX_TO.length).split('?')[0];
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
  // These patterns are built at run time, so the regexp lint rules cannot see them: `lead` is
  // anchored and literal (one pass); `inner` tries a literal of at most MAX_PILL_TEXT characters at
  // each blank, for at most MAX_PILLS pills, so both stay linear in the body.
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

const MEDIA: Record<string, Attachment['kind']> = {
  'm.image': 'image',
  'm.video': 'video',
  'm.audio': 'audio',
  'm.file': 'file',
};

/**
 * Message types a person writes to the bot: text, emotes and media (images, files…); notices (how
 * bots write) only from an allow-listed bot (`matrix.allowBots`).
 */
export function isReadableMessage(event: RawMatrixEvent, noticesAllowed = false): boolean {
  const msgtype = event.content?.msgtype;
  const readable =
    msgtype === 'm.text' ||
    msgtype === 'm.emote' ||
    (noticesAllowed && msgtype === 'm.notice') ||
    (typeof msgtype === 'string' && msgtype in MEDIA);
  return event.type === 'm.room.message' && readable && typeof event.content?.body === 'string';
}

/**
 * A media message (`m.image`, `m.file`, …) as an attachment and its caption. Since Matrix 1.10 a
 * caption is `body` when `filename` is set and differs from it; otherwise `body` is the file name
 * and there is no caption. The link is the content URI (`mxc://…`; `file.url` when encrypted).
 */
export function mediaOf(content: Record<string, unknown>): { attachment: Attachment; caption: string } | undefined {
  const kind = typeof content.msgtype === 'string' ? MEDIA[content.msgtype] : undefined;
  if (!kind) return undefined;
  const body = str(content.body) ?? '';
  const filename = str(content.filename);
  const captioned = filename !== undefined && filename !== body;
  // Only a content URI is kept as the link: anything else in `url` is whatever the sender wrote.
  const url = [str(content.url), str(obj(content.file)?.url)].find((u) => u?.startsWith('mxc://'));
  const [attachment] = boundAttachments([{ kind, name: filename ?? (body || kind), ...(url ? { url } : {}) }]);
  return { attachment, caption: captioned ? body : '' };
}

/**
 * Where a Matrix user lives: the server name of their id (`@anna:school.example` → `school.example`,
 * ports included), `home` when it is the bot's own server.
 */
export function matrixOrigin(userId: string, botUserId: string): PlatformUser['origin'] {
  const server = serverOf(userId);
  if (!server) return undefined;
  return { id: server, home: server === serverOf(botUserId) };
}

function serverOf(userId: string): string | undefined {
  const i = userId.indexOf(':');
  return i > 0 && i < userId.length - 1 ? userId.slice(i + 1).toLowerCase() : undefined;
}
