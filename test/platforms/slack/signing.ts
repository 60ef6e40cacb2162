import { createHmac } from 'node:crypto';

/**
 * Slack's request signature (version v0): `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`
 * with the app's signing secret. Sent as `X-Slack-Signature` beside `X-Slack-Request-Timestamp`.
 */
export function slackSignature(signingSecret: string, timestampSec: number, rawBody: string): string {
  const hmac = createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest('hex');
  return `v0=${hmac}`;
}
