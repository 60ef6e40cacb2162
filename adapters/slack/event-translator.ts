/**
 * Slack payloads to neutral ChatEvents. Typed here, so nothing past the adapter sees Slack's
 * shapes. Returns undefined for what opsdesk does not act on: the bot's own messages and
 * reactions, other apps' bots' messages (unless allow-listed), edits and deletions, joins, other
 * channel chatter, and the `message` copy of a mention (its `app_mention` twin carries it).
 */
import {
  boundAttachments,
  MAX_ATTACHMENTS,
  type Attachment,
  type ChatEvent,
  type MessageEvent,
  type PlatformUser,
  type ReactionEvent,
} from '../../src/chat/chat-event';
import { slackTextToPlain } from './mrkdwn';

export const PLATFORM = 'slack';

export interface BotIdentity {
  userId?: string;
  botId?: string;
  /** The workspace the app is installed in (auth.test): people of other teams are Slack Connect guests. */
  teamId?: string;
}

export interface TranslateOptions {
  /** Bots (bot ids `B…` or bot user ids `U…`) whose messages are read like a person's (`slack.allowBots`). */
  allowBots?: readonly string[];
}

/** The fields of Slack events opsdesk reads (message, app_mention, reaction_added/removed). */
export interface SlackEventPayload {
  type: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  /** The team of the user who wrote (shared channels carry it; `team` is the author's team on messages). */
  user_team?: string;
  team?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  channel?: string;
  channel_type?: string;
  event_ts?: string;
  reaction?: string;
  item?: { type?: string; channel?: string; ts?: string };
  /** Files shared with the message (subtype `file_share`, or a message with files). */
  files?: SlackFile[];
}

/** The fields of a shared file opsdesk keeps (a link, not the file). */
export interface SlackFile {
  id?: string;
  name?: string;
  title?: string;
  mimetype?: string;
  permalink?: string;
  url_private?: string;
}

export interface EventCallbackBody {
  event_id?: string;
  /** The workspace the app is installed in: the bot's own team. */
  team_id?: string;
  event?: SlackEventPayload;
}

export interface SlashCommandBody {
  command: string;
  text?: string;
  channel_id: string;
  channel_name?: string;
  user_id: string;
  user_name?: string;
  trigger_id: string;
  response_url?: string;
}

/** Message subtypes that are still a person writing. */
const PERSON_SUBTYPES = new Set(['thread_broadcast', 'file_share', 'me_message']);

export function translateEvent(
  body: EventCallbackBody,
  bot: BotIdentity,
  receivedAt: Date,
  opts: TranslateOptions = {},
): ChatEvent | undefined {
  const ev = body.event;
  const eventId = body.event_id;
  if (!ev || !eventId || !ev.user) return undefined;
  if (isFromBot(ev, bot)) return undefined;
  if (isOtherBot(ev, opts.allowBots ?? [])) return undefined;
  const home = bot.teamId ?? body.team_id;
  switch (ev.type) {
    case 'message':
      return translateMessage(ev, eventId, bot, receivedAt, home);
    case 'app_mention':
      return messageEvent(ev, eventId, bot, receivedAt, { mentioned: true, direct: false }, home);
    case 'reaction_added':
    case 'reaction_removed':
      return translateReaction(ev, eventId, receivedAt);
    default:
      return undefined;
  }
}

function isFromBot(ev: SlackEventPayload, bot: BotIdentity): boolean {
  return (bot.userId !== undefined && ev.user === bot.userId) || (bot.botId !== undefined && ev.bot_id === bot.botId);
}

/**
 * Another app's bot: a message with a `bot_id` (Slack sends them without a subtype since apps post
 * as bot users) or a legacy `bot_message`. Answering one would let two bots talk to each other
 * without end, and let an app pass a report off under a person's name.
 */
function isOtherBot(ev: SlackEventPayload, allowBots: readonly string[]): boolean {
  if (!ev.bot_id && ev.subtype !== 'bot_message') return false;
  return !((ev.bot_id && allowBots.includes(ev.bot_id)) || (ev.user && allowBots.includes(ev.user)));
}

function translateMessage(
  ev: SlackEventPayload,
  eventId: string,
  bot: BotIdentity,
  receivedAt: Date,
  home?: string,
): MessageEvent | undefined {
  // An allow-listed bot's legacy `bot_message` reads as a message; every other subtype is not one.
  if (ev.subtype && ev.subtype !== 'bot_message' && !PERSON_SUBTYPES.has(ev.subtype)) return undefined;
  const direct = ev.channel_type === 'im' || (ev.channel ?? '').startsWith('D');
  if (direct) return messageEvent(ev, eventId, bot, receivedAt, { mentioned: false, direct: true }, home);
  const text = ev.text ?? '';
  if (bot.userId && mentionPattern(bot.userId).test(text)) return undefined; // handled as app_mention
  const isThreadReply = ev.thread_ts !== undefined && ev.thread_ts !== ev.ts;
  const isCommand = /^\s*!/u.test(text);
  if (!isThreadReply && !isCommand) return undefined;
  return messageEvent(ev, eventId, bot, receivedAt, { mentioned: false, direct: false }, home);
}

function messageEvent(
  ev: SlackEventPayload,
  eventId: string,
  bot: BotIdentity,
  receivedAt: Date,
  how: { mentioned: boolean; direct: boolean },
  home?: string,
): MessageEvent | undefined {
  if (!ev.channel || !ev.ts || !ev.user) return undefined;
  const raw = bot.userId ? (ev.text ?? '').replace(mentionPattern(bot.userId, 'g'), ' ') : (ev.text ?? '');
  const thread = ev.thread_ts && ev.thread_ts !== ev.ts ? ev.thread_ts : undefined;
  const attachments = filesOf(ev);
  return {
    type: 'message',
    ...eventBase(eventId, userOf(ev, home), ev.channel, how.direct, receivedAt),
    messageId: ev.ts,
    ...(thread ? { thread } : {}),
    text: slackTextToPlain(raw)
      .replace(/[ \t]{2,}/gu, ' ')
      .trim(),
    mentioned: how.mentioned,
    ...(attachments.length ? { attachments } : {}),
  };
}

/** The writer, with their team: another team than the app's own is a Slack Connect guest's. */
function userOf(ev: SlackEventPayload, home: string | undefined): PlatformUser {
  const team = ev.user_team ?? ev.team;
  return { id: ev.user!, ...(team ? { team, origin: { id: team, home: home === undefined || team === home } } : {}) };
}

/** Shared files as links (their permalink), at most MAX_ATTACHMENTS of them. */
function filesOf(ev: SlackEventPayload): Attachment[] {
  if (!Array.isArray(ev.files)) return [];
  return boundAttachments(
    ev.files.slice(0, MAX_ATTACHMENTS).map((f) => {
      const type = typeof f?.mimetype === 'string' ? f.mimetype.split('/')[0] : '';
      const kind = type === 'image' || type === 'video' || type === 'audio' ? type : 'file';
      const name = [f?.name, f?.title].find((n): n is string => typeof n === 'string' && n.trim() !== '') ?? 'file';
      const url = [f?.permalink, f?.url_private].find(
        (u): u is string => typeof u === 'string' && u.startsWith('https://'),
      );
      return { kind, name, ...(url ? { url } : {}) };
    }),
  );
}

function translateReaction(ev: SlackEventPayload, eventId: string, receivedAt: Date): ReactionEvent | undefined {
  const item = ev.item;
  if (!item || item.type !== 'message' || !item.channel || !item.ts || !ev.reaction || !ev.user) return undefined;
  return {
    type: 'reaction',
    ...eventBase(eventId, { id: ev.user }, item.channel, item.channel.startsWith('D'), receivedAt),
    action: ev.type === 'reaction_added' ? 'added' : 'removed',
    reaction: ev.reaction,
    target: { platform: PLATFORM, channel: item.channel, messageId: item.ts },
  };
}

/**
 * A slash command as command text: `/ticket list` stays `/ticket list`; the app's own command
 * (`/opsdesk`) means help, or runs the command named in its text (`/opsdesk ticket list`), which
 * helps where another app already owns `/deploy`.
 */
export function translateSlashCommand(cmd: SlashCommandBody, helpCommand: string, receivedAt: Date): MessageEvent {
  const name = cmd.command.replace(/^\//u, '').toLowerCase();
  const args = slackTextToPlain(cmd.text ?? '').trim();
  let text: string;
  if (name === helpCommand) {
    const [first = '', ...rest] = args.split(/\s+/u).filter(Boolean);
    text = !first || first.toLowerCase() === 'help' ? `/help ${rest.join(' ')}` : `/${args}`;
  } else {
    text = `/${name} ${args}`;
  }
  const user = { id: cmd.user_id, ...(cmd.user_name ? { displayName: cmd.user_name } : {}) };
  const direct = cmd.channel_id.startsWith('D') || cmd.channel_name === 'directmessage';
  return {
    type: 'message',
    ...eventBase(`command:${cmd.trigger_id}`, user, cmd.channel_id, direct, receivedAt),
    messageId: cmd.trigger_id,
    text: text.trim(),
    mentioned: false,
    slashCommand: true,
  };
}

/** The author with the team the event says they belong to (`user_team`, else the message's `team`). */

function eventBase(eventId: string, user: PlatformUser, channel: string, direct: boolean, receivedAt: Date) {
  return { platform: PLATFORM, eventId, user, channel, direct, receivedAt };
}

/**
 * `<@U123>` or `<@U123|name>`. The label stops at `<` too (Slack escapes it as `&lt;`), so each
 * try scans to the next `<` at most: linear in the text, also for `<@U123|` repeated without `>`.
 */
function mentionPattern(userId: string, flags = ''): RegExp {
  return new RegExp(`<@${userId}(?:\\|[^<>]*)?>`, `u${flags}`);
}

/** The prefix of opsdesk's answer buttons' `action_id`s (block-kit-renderer.ts). */
export const ANSWER_ACTION_PREFIX = 'opsdesk-answer-';

/** The fields of a Slack `block_actions` interactivity payload opsdesk reads. */
export interface BlockActionsBody {
  type: string;
  user?: { id?: string; team_id?: string };
  team?: { id?: string } | null;
  channel?: { id?: string };
  container?: { type?: string; message_ts?: string; channel_id?: string; thread_ts?: string };
  message?: { ts?: string; thread_ts?: string };
  actions?: Array<{ action_id?: string; value?: string; action_ts?: string; type?: string }>;
}

/**
 * A tap on one of opsdesk's answer buttons is the reaction the button stands for, added by the
 * person who tapped, on the message that carries the button (OutMessage.actions). The event id
 * names the message, the person and the moment of the tap (block_actions have no event id).
 */
export function translateBlockAction(body: BlockActionsBody, receivedAt: Date): ReactionEvent | undefined {
  const action = body.actions?.find((a) => a.action_id?.startsWith(ANSWER_ACTION_PREFIX));
  const channel = body.channel?.id ?? body.container?.channel_id;
  const ts = body.container?.message_ts ?? body.message?.ts;
  const userId = body.user?.id;
  if (body.type !== 'block_actions' || !action?.value || !channel || !ts || !userId) return undefined;
  const thread = body.message?.thread_ts ?? body.container?.thread_ts;
  const team = body.user?.team_id ?? body.team?.id ?? undefined;
  return {
    type: 'reaction',
    ...eventBase(
      `action:${channel}:${ts}:${userId}:${action.action_ts ?? receivedAt.getTime()}`,
      { id: userId, ...(team ? { team } : {}) },
      channel,
      channel.startsWith('D'),
      receivedAt,
    ),
    action: 'added',
    reaction: action.value,
    target: { platform: PLATFORM, channel, messageId: ts, ...(thread && thread !== ts ? { thread } : {}) },
  };
}
