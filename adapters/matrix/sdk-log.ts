/**
 * Sends matrix-bot-sdk's own log lines to pino. The SDK logs every failed HTTP request as an
 * error, including the rate limits and outages opsdesk handles itself, so those go to debug;
 * everything is turned into short strings first (no request objects, no headers, no tokens).
 */
import type { Logger } from 'pino';
import type { Sdk } from './load-sdk';

const HANDLED_MODULES = new Set(['MatrixHttpClient', 'MatrixClientLite']);

function flatten(parts: unknown[]): string {
  return parts
    .map((p) => {
      if (p instanceof Error) return p.message;
      if (typeof p === 'string') return p;
      try {
        return JSON.stringify(p);
      } catch {
        return String(p);
      }
    })
    .join(' ')
    .slice(0, 500);
}

export function bridgeSdkLogs(sdk: Sdk, log: Logger): void {
  const child = log.child({ component: 'matrix-bot-sdk' });
  sdk.LogService.setLogger({
    trace: (module: string, ...parts: unknown[]) => child.trace({ module }, flatten(parts)),
    debug: (module: string, ...parts: unknown[]) => child.trace({ module }, flatten(parts)),
    info: (module: string, ...parts: unknown[]) => child.debug({ module }, flatten(parts)),
    warn: (module: string, ...parts: unknown[]) => child.warn({ module }, flatten(parts)),
    error: (module: string, ...parts: unknown[]) =>
      HANDLED_MODULES.has(module) ? child.debug({ module }, flatten(parts)) : child.error({ module }, flatten(parts)),
  });
  sdk.LogService.setLevel(child.isLevelEnabled('debug') ? sdk.LogLevel.DEBUG : sdk.LogLevel.INFO);
}
