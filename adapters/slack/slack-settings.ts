/**
 * Everything the Slack adapter needs, from the config section and the environment, checked at
 * start-up with messages that say how to fix a missing or malformed token.
 */
import type { OpsdeskError } from '../../src/core/errors';
import type { MessageKey } from '../../src/i18n/catalog';
import { refusal, said } from '../../src/i18n/refusal';
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
  if (!botToken) throw configError('setup.slack.noBotToken', 'setup.slack.noBotTokenFix');
  if (!botToken.startsWith('xoxb-')) throw configError('setup.slack.notBotToken', 'setup.slack.notBotTokenFix');
  if (config.mode === 'socket') {
    if (!appToken) throw configError('setup.slack.noAppToken', 'setup.slack.noAppTokenFix');
    if (!appToken.startsWith('xapp-')) throw configError('setup.slack.notAppToken', 'setup.slack.notAppTokenFix');
  } else if (!signingSecret) {
    throw configError('setup.slack.noSigningSecret', 'setup.slack.noSigningSecretFix');
  }
  return { ...config, botToken, appToken, signingSecret };
}

function configError(message: MessageKey, fix: MessageKey): OpsdeskError {
  return refusal('CONFIG', said(message), said(fix));
}
