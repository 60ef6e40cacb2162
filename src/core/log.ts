import pino, { type Logger } from 'pino';

/** Paths redacted in every log line: tokens, passwords, keys, whatever their nesting. */
export const REDACT_PATHS = [
  '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.accessToken', '*.password',
  '*.privateKey', '*.passphrase', '*.secret', '*.authorization', '*.Authorization',
  'token', 'password', 'privateKey', 'passphrase', 'secret', 'accessToken',
  'headers.authorization', 'req.headers.authorization', 'config.slack', 'config.matrix',
];

export interface LogOptions {
  level?: string;
  /** Write to this stream instead of stdout (tests capture logs this way). */
  destination?: pino.DestinationStream;
}

export function createLogger(opts: LogOptions = {}): Logger {
  return pino(
    {
      name: 'opsdesk',
      level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    opts.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

export type { Logger };
