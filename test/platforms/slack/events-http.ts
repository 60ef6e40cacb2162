/**
 * The Events API over HTTP, Slack's side: POSTs to the app's request URL with a `v0` signature
 * (`X-Slack-Signature`, `X-Slack-Request-Timestamp`) and, for redeliveries, `X-Slack-Retry-Num`
 * and `X-Slack-Retry-Reason`. Events go as JSON, slash commands as a form. Tests may forge the
 * signature or age the timestamp to check that the app refuses them.
 */
import { slackSignature } from './signing';

export interface HttpDelivery {
  status: number;
  body: string;
  ms: number;
}

export interface SignOptions {
  /** Replace the computed signature (forgery). */
  signature?: string;
  /** Seconds to shift the timestamp by (negative: in the past). */
  timestampSkewSec?: number;
  /** The X-Slack-Request-Timestamp header as given (e.g. `1e12`), signed as a number the way Bolt reads it. */
  rawTimestamp?: string;
  /** Sign with another secret. */
  secret?: string;
  retryNum?: number;
  retryReason?: string;
}

export class EventsHttpClient {
  constructor(
    private readonly url: string,
    private readonly signingSecret: string,
  ) {}

  async postJson(body: unknown, opts: SignOptions = {}): Promise<HttpDelivery> {
    return this.post(JSON.stringify(body), 'application/json', opts);
  }

  async postForm(fields: Record<string, string>, opts: SignOptions = {}): Promise<HttpDelivery> {
    return this.post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', opts);
  }

  private async post(raw: string, contentType: string, opts: SignOptions): Promise<HttpDelivery> {
    const ts =
      opts.rawTimestamp !== undefined
        ? Number(opts.rawTimestamp)
        : Math.floor(Date.now() / 1000) + (opts.timestampSkewSec ?? 0);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': opts.rawTimestamp ?? String(ts),
      'x-slack-signature': opts.signature ?? slackSignature(opts.secret ?? this.signingSecret, ts, raw),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    };
    if (opts.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(opts.retryNum);
      headers['x-slack-retry-reason'] = opts.retryReason ?? 'http_timeout';
    }
    const started = Date.now();
    const res = await fetch(this.url, { method: 'POST', headers, body: raw, signal: AbortSignal.timeout(30_000) });
    const body = await res.text();
    return { status: res.status, body, ms: Date.now() - started };
  }
}
