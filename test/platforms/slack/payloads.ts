/**
 * Builders for what Slack sends an app: Events API `event_callback` bodies (message.im,
 * app_mention, thread replies, reactions, message_changed) and slash command payloads, with the
 * fields Slack documents (team, api_app_id, event_id, event_time, authorizations, …).
 */
import type { StoredMessage } from './workspace';

export interface AppContext {
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  verificationToken: string;
}

export type SlackEvent = Record<string, unknown> & { type: string };

export interface EventCallback {
  token: string;
  team_id: string;
  context_team_id: string;
  api_app_id: string;
  event: SlackEvent;
  type: 'event_callback';
  event_id: string;
  event_time: number;
  authorizations: {
    enterprise_id: null;
    team_id: string;
    user_id: string;
    is_bot: boolean;
    is_enterprise_install: boolean;
  }[];
  is_ext_shared_channel: boolean;
  event_context: string;
}

export function eventCallback(app: AppContext, event: SlackEvent, eventId: string): EventCallback {
  return {
    token: app.verificationToken,
    team_id: app.teamId,
    context_team_id: app.teamId,
    api_app_id: app.appId,
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: app.teamId, user_id: app.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(eventId).toString('base64url')}`,
  };
}

/**
 * The team fields of an event by `userTeam` in a workspace of `workspaceTeam`: `team` is the
 * author's team; a Slack Connect user's events also carry `user_team` and `source_team`.
 */
function teamFields(userTeam: string, workspaceTeam: string): Record<string, string> {
  return userTeam === workspaceTeam
    ? { team: userTeam }
    : { team: userTeam, user_team: userTeam, source_team: userTeam };
}

/**
 * A `message` event for a message a person (or the bot, or another app's bot) wrote; a person's files make it a
 * `file_share`.
 */
export function messageEvent(
  m: StoredMessage,
  teamId: string,
  channelType: 'im' | 'channel',
  parentUser?: string,
  userTeam = teamId,
): SlackEvent {
  return {
    type: 'message',
    ...(m.files?.length && m.via === 'user'
      ? {
          subtype: 'file_share',
          files: m.files.map((f) => ({
            id: f.id,
            name: f.name,
            title: f.title ?? f.name,
            mimetype: f.mimetype,
            size: f.bytes,
            permalink: f.permalink,
          })),
          upload: false,
        }
      : {}),
    channel: m.channel,
    user: m.user,
    text: m.text,
    ts: m.ts,
    event_ts: m.ts,
    channel_type: channelType,
    ...teamFields(m.userTeam ?? userTeam, teamId),
    ...(m.botId ? { bot_id: m.botId, app_id: undefined } : { client_msg_id: cryptoId(m.ts) }),
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs, parent_user_id: parentUser } : {}),
  };
}

export function appMentionEvent(m: StoredMessage, teamId: string, userTeam = teamId): SlackEvent {
  return {
    type: 'app_mention',
    user: m.user,
    text: m.text,
    ts: m.ts,
    channel: m.channel,
    event_ts: m.ts,
    ...teamFields(userTeam, teamId),
    ...(m.botId ? { bot_id: m.botId } : {}),
    client_msg_id: cryptoId(m.ts),
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
  };
}

export function messageChangedEvent(
  m: StoredMessage,
  teamId: string,
  channelType: 'im' | 'channel',
  eventTs: string,
): SlackEvent {
  const previous = m.history[m.history.length - 2] ?? m.history[0];
  return {
    type: 'message',
    subtype: 'message_changed',
    hidden: true,
    channel: m.channel,
    channel_type: channelType,
    ts: eventTs,
    event_ts: eventTs,
    message: { type: 'message', user: m.user, bot_id: m.botId, text: m.text, ts: m.ts, team: teamId },
    previous_message: { type: 'message', user: m.user, bot_id: m.botId, text: previous.text, ts: m.ts },
  };
}

export function reactionEvent(
  action: 'added' | 'removed',
  userId: string,
  name: string,
  target: StoredMessage,
  eventTs: string,
): SlackEvent {
  return {
    type: action === 'added' ? 'reaction_added' : 'reaction_removed',
    user: userId,
    reaction: name,
    item_user: target.user,
    item: { type: 'message', channel: target.channel, ts: target.ts },
    event_ts: eventTs,
  };
}

export interface SlashCommandPayload {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  api_app_id: string;
  is_enterprise_install: string;
  response_url: string;
  trigger_id: string;
}

export function slashCommandPayload(
  app: AppContext,
  a: {
    userId: string;
    userName: string;
    channelId: string;
    channelName: string;
    command: string;
    text: string;
    responseUrl: string;
    triggerId: string;
  },
): SlashCommandPayload {
  return {
    token: app.verificationToken,
    team_id: app.teamId,
    team_domain: app.teamDomain,
    channel_id: a.channelId,
    channel_name: a.channelName,
    user_id: a.userId,
    user_name: a.userName,
    command: a.command,
    text: a.text,
    api_app_id: app.appId,
    is_enterprise_install: 'false',
    response_url: a.responseUrl,
    trigger_id: a.triggerId,
  };
}

function cryptoId(seed: string): string {
  const hex = Buffer.from(seed).toString('hex').padEnd(32, '0').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A button of a message's blocks, as Slack keeps it. */
export interface StoredButton {
  blockId: string;
  actionId: string;
  text: string;
  value?: string;
  style?: string;
}

/** The buttons in a message's `actions` blocks. */
export function buttonsOf(m: Pick<StoredMessage, 'blocks'>): StoredButton[] {
  const out: StoredButton[] = [];
  for (const b of (m.blocks ?? []) as Array<Record<string, unknown>>) {
    if (b.type !== 'actions' || !Array.isArray(b.elements)) continue;
    for (const e of b.elements as Array<Record<string, unknown>>) {
      if (e.type !== 'button') continue;
      const text = (e.text as { text?: string } | undefined)?.text ?? '';
      out.push({
        blockId: String(b.block_id ?? ''),
        actionId: String(e.action_id ?? ''),
        text,
        ...(typeof e.value === 'string' ? { value: e.value } : {}),
        ...(typeof e.style === 'string' ? { style: e.style } : {}),
      });
    }
  }
  return out;
}

/**
 * The `block_actions` interaction payload Slack sends when a person clicks a button of a message
 * (docs.slack.dev reference/interaction-payloads/block_actions-payload): over HTTP as the form
 * field `payload` (JSON), in Socket Mode as an `interactive` envelope's payload.
 */
export function blockActionsPayload(
  app: AppContext,
  a: {
    user: { id: string; name: string; teamId: string };
    channel: { id: string; name: string };
    message: StoredMessage;
    button: StoredButton;
    responseUrl: string;
    triggerId: string;
    actionTs: string;
  },
): Record<string, unknown> {
  const { message: m, button } = a;
  return {
    type: 'block_actions',
    user: { id: a.user.id, username: a.user.name, name: a.user.name, team_id: a.user.teamId },
    api_app_id: app.appId,
    token: app.verificationToken,
    container: {
      type: 'message',
      message_ts: m.ts,
      channel_id: m.channel,
      is_ephemeral: false,
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    },
    trigger_id: a.triggerId,
    team: { id: app.teamId, domain: app.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: a.channel.id, name: a.channel.name },
    message: {
      type: 'message',
      user: m.user,
      ts: m.ts,
      ...(m.botId ? { bot_id: m.botId } : {}),
      text: m.text,
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
      blocks: m.blocks ?? [],
      team: app.teamId,
    },
    state: { values: {} },
    response_url: a.responseUrl,
    actions: [
      {
        action_id: button.actionId,
        block_id: button.blockId,
        text: { type: 'plain_text', text: button.text, emoji: true },
        ...(button.value !== undefined ? { value: button.value } : {}),
        ...(button.style ? { style: button.style } : {}),
        type: 'button',
        action_ts: a.actionTs,
      },
    ],
  };
}
