/**
 * Everything the Slack adapter needs, from the config section and the environment, checked at
 * start-up with messages that say how to fix a missing or malformed token.
 */
import { OpsdeskError } from '../../src/core/errors';
import type { Lang } from '../../src/i18n/languages';
import type { SlackConfig } from '../../src/config/sections/slack';

export interface SlackSettings extends SlackConfig {
  /** The language of the adapter's own answers, before the person is known: the organisation's. */
  language?: Lang;
  botToken: string;
  appToken?: string;
  signingSecret?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export function slackSettings(config: SlackConfig, env: Env): SlackSettings {
  const botToken = env.SLACK_BOT_TOKEN?.trim();
  const appToken = env.SLACK_APP_TOKEN?.trim();
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim();
  const appPage = 'your app at https://api.slack.com/apps';
  if (!botToken) {
    throw configError(
      'SLACK_BOT_TOKEN is not set.',
      `Copy the Bot User OAuth Token (xoxb-…) from "OAuth & Permissions" of ${appPage} into SLACK_BOT_TOKEN.`,
    );
  }
  if (!botToken.startsWith('xoxb-')) {
    throw configError(
      'SLACK_BOT_TOKEN is not a bot token (it must start with "xoxb-").',
      'Use the Bot User OAuth Token, not a user (xoxp-) or app-level (xapp-) token.',
    );
  }
  if (config.mode === 'socket') {
    if (!appToken) {
      throw configError(
        'SLACK_APP_TOKEN is not set (Socket Mode needs it).',
        `Create an app-level token with the connections:write scope under "Basic Information" of ${appPage} and put ` +
          `it (xapp-…) in SLACK_APP_TOKEN, or set slack.mode: http.`,
      );
    }
    if (!appToken.startsWith('xapp-')) {
      throw configError(
        'SLACK_APP_TOKEN is not an app-level token (it must start with "xapp-").',
        'Use the app-level token from "Basic Information" > "App-Level Tokens".',
      );
    }
  } else if (!signingSecret) {
    throw configError(
      'SLACK_SIGNING_SECRET is not set (the HTTP Events API needs it).',
      `Copy the Signing Secret from "Basic Information" of ${appPage} into SLACK_SIGNING_SECRET, or use slack.mode: ` +
        `socket.`,
    );
  }
  return { ...config, botToken, appToken, signingSecret };
}

function configError(message: string, fix: string): OpsdeskError {
  return new OpsdeskError('CONFIG', `Slack: ${message}`, { fix });
}
