/**
 * Bolt's HTTP receiver with the request's timestamp checked in both directions. Slack signs
 * `v0:<X-Slack-Request-Timestamp>:<body>`, and Bolt refuses a request stamped more than five
 * minutes in the past but accepts any stamped in the future (node_modules/@slack/bolt/dist/
 * receivers/verify-request.js checks only staleness). A signed request stamped hours ahead, from
 * a clock gone wrong or made by someone who once held the signing secret, could then be replayed
 * for all that time. Here a request whose timestamp is more than five minutes away from now, in
 * either direction, is answered 401 before Bolt reads it; Bolt then checks the signature as before.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPReceiver, type HTTPReceiverOptions } from '@slack/bolt';

/** Slack's own window (its docs: "more than five minutes from local time"). */
export const MAX_TIMESTAMP_SKEW_SEC = 5 * 60;

export class TimestampCheckedHttpReceiver extends HTTPReceiver {
  constructor(
    opts: HTTPReceiverOptions,
    /** A refused request: how far its timestamp was from now (seconds, positive = in the future). */
    onRefused: (skewSec: number) => void,
    now: () => number = Date.now,
  ) {
    super(opts);
    const bolt = this.requestListener;
    this.requestListener = (req: IncomingMessage, res: ServerResponse) => {
      const skew = timestampSkewSec(req, now());
      if (skew !== undefined && !(Math.abs(skew) <= MAX_TIMESTAMP_SKEW_SEC)) {
        onRefused(skew);
        req.resume();
        res.writeHead(401);
        res.end();
        return;
      }
      bolt(req, res);
    };
  }
}

/**
 * The request's timestamp minus now, in seconds; NaN for a timestamp that is not whole seconds in
 * digits (`1e12` would pass Bolt's check); undefined without one (Bolt refuses those itself).
 */
export function timestampSkewSec(req: Pick<IncomingMessage, 'headers'>, nowMs: number): number | undefined {
  const raw = req.headers['x-slack-request-timestamp'];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d{1,12}$/u.test(raw)) return Number.NaN;
  return Number(raw) - Math.floor(nowMs / 1000);
}
