/**
 * The Slack and Matrix adapters' start-up checks (adapters/slack/slack-settings.ts,
 * adapters/matrix/credentials.ts): the operator, in the terminal. Slack's own page names ("Basic
 * Information") stay as Slack shows them.
 */
export const platformSetupEn = {
  'setup.matrix.noHomeserver': 'Matrix is enabled but no homeserver URL is set.',
  'setup.matrix.noHomeserverFix':
    'Set matrix.homeserverUrl in the config (e.g. https://matrix.example.org) or MATRIX_HOMESERVER_URL.',
  'setup.matrix.noCredentials': 'Matrix is enabled but the bot has no credentials.',
  'setup.matrix.noCredentialsFix':
    'Set MATRIX_ACCESS_TOKEN, or MATRIX_PASSWORD together with matrix.user (or MATRIX_USER). See docs/matrix.md.',
  'setup.matrix.loginFailed': 'Matrix login as {user} failed: {error}',
  'setup.matrix.loginFailedFix': 'Check matrix.user / MATRIX_USER and MATRIX_PASSWORD, or use MATRIX_ACCESS_TOKEN.',
  'setup.slack.noBotToken': 'Slack: SLACK_BOT_TOKEN is not set.',
  'setup.slack.noBotTokenFix':
    'Copy the Bot User OAuth Token (xoxb-…) from "OAuth & Permissions" of your app at https://api.slack.com/apps ' +
    'into SLACK_BOT_TOKEN.',
  'setup.slack.notBotToken': 'Slack: SLACK_BOT_TOKEN is not a bot token (it must start with "xoxb-").',
  'setup.slack.notBotTokenFix': 'Use the Bot User OAuth Token, not a user (xoxp-) or app-level (xapp-) token.',
  'setup.slack.noAppToken': 'Slack: SLACK_APP_TOKEN is not set (Socket Mode needs it).',
  'setup.slack.noAppTokenFix':
    'Create an app-level token with the connections:write scope under "Basic Information" of your app at ' +
    'https://api.slack.com/apps and put it (xapp-…) in SLACK_APP_TOKEN, or set slack.mode: http.',
  'setup.slack.notAppToken': 'Slack: SLACK_APP_TOKEN is not an app-level token (it must start with "xapp-").',
  'setup.slack.notAppTokenFix': 'Use the app-level token from "Basic Information" > "App-Level Tokens".',
  'setup.slack.noSigningSecret': 'Slack: SLACK_SIGNING_SECRET is not set (the HTTP Events API needs it).',
  'setup.slack.noSigningSecretFix':
    'Copy the Signing Secret from "Basic Information" of your app at https://api.slack.com/apps into ' +
    'SLACK_SIGNING_SECRET, or use slack.mode: socket.',
} as const;
