import type { platformSetupEn } from '../en/platform-setup';

export const platformSetupNb: Record<keyof typeof platformSetupEn, string> = {
  'setup.matrix.noHomeserver': 'Matrix er slått på, men ingen URL til hjemmeserveren er satt.',
  'setup.matrix.noHomeserverFix':
    'Sett matrix.homeserverUrl i oppsettet (f.eks. https://matrix.example.org) eller MATRIX_HOMESERVER_URL.',
  'setup.matrix.noCredentials': 'Matrix er slått på, men boten har ingen påloggingsopplysninger.',
  'setup.matrix.noCredentialsFix':
    'Sett MATRIX_ACCESS_TOKEN, eller MATRIX_PASSWORD sammen med matrix.user (eller MATRIX_USER). Se docs/matrix.md.',
  'setup.matrix.loginFailed': 'Matrix-pålogging som {user} mislyktes: {error}',
  'setup.matrix.loginFailedFix': 'Sjekk matrix.user / MATRIX_USER og MATRIX_PASSWORD, eller bruk MATRIX_ACCESS_TOKEN.',
  'setup.slack.noBotToken': 'Slack: SLACK_BOT_TOKEN er ikke satt.',
  'setup.slack.noBotTokenFix':
    'Kopier «Bot User OAuth Token» (xoxb-…) fra «OAuth & Permissions» for appen din på ' +
    'https://api.slack.com/apps inn i SLACK_BOT_TOKEN.',
  'setup.slack.notBotToken': 'Slack: SLACK_BOT_TOKEN er ikke et bot-token (det må begynne med «xoxb-»).',
  'setup.slack.notBotTokenFix': 'Bruk «Bot User OAuth Token», ikke et bruker-token (xoxp-) eller app-token (xapp-).',
  'setup.slack.noAppToken': 'Slack: SLACK_APP_TOKEN er ikke satt (Socket Mode trenger det).',
  'setup.slack.noAppTokenFix':
    'Lag et app-token med tilgangen connections:write under «Basic Information» for appen din på ' +
    'https://api.slack.com/apps og legg det (xapp-…) i SLACK_APP_TOKEN, eller sett slack.mode: http.',
  'setup.slack.notAppToken': 'Slack: SLACK_APP_TOKEN er ikke et app-token (det må begynne med «xapp-»).',
  'setup.slack.notAppTokenFix': 'Bruk app-tokenet fra «Basic Information» > «App-Level Tokens».',
  'setup.slack.noSigningSecret': 'Slack: SLACK_SIGNING_SECRET er ikke satt (HTTP Events API trenger det).',
  'setup.slack.noSigningSecretFix':
    'Kopier «Signing Secret» fra «Basic Information» for appen din på https://api.slack.com/apps inn i ' +
    'SLACK_SIGNING_SECRET, eller bruk slack.mode: socket.',
};
