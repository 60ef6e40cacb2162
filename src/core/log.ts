import pino, { type Logger } from 'pino';

/** Paths redacted in every log line: tokens, passwords, keys, whatever their nesting. */
export const REDACT_PATHS = [
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.accessToken',
  '*.password',
  '*.privateKey',
  '*.passphrase',
  '*.secret',
  '*.authorization',
  '*.Authorization',
  'token',
  'password',
  'privateKey',
  'passphrase',
  'secret',
  'accessToken',
  'headers.authorization',
  'req.headers.authorization',
  'config.slack',
  'config.matrix',
  // Environment variables logged by name (e.g. a whole `env` object).
  '*.SLACK_BOT_TOKEN',
  '*.SLACK_APP_TOKEN',
  '*.SLACK_SIGNING_SECRET',
  '*.MATRIX_ACCESS_TOKEN',
  '*.MATRIX_PASSWORD',
  '*.OPSDESK_SIGNING_PASSPHRASE',
  '*.OPSDESK_BOT_KEY_PASSPHRASE',
  '*.OPSDESK_RELEASE_KEY_PASSPHRASE',
  '*.SSH_PRIVATE_KEY',
  '*.SSH_PASSPHRASE',
];

export interface LogOptions {
  level?: string;
  /** Write to this stream instead of stderr (tests capture logs this way). */
  destination?: pino.DestinationStream;
  /** Append to this file instead of stderr (its folder is created). */
  file?: string;
}

/**
 * pino with two lines of defence: redaction by field name, then every serialized line is scrubbed
 * of secret-shaped text (private key armour, Slack and Matrix tokens, URI passwords, bearer
 * tokens) and of the secret values found in the environment (`registerSecret`), wherever a
 * message or an error put them.
 */
export function createLogger(opts: LogOptions = {}): Logger {
  secretsFromEnv(process.env);
  return pino(
    {
      name: 'opsdesk',
      level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
      hooks: { streamWrite: scrubSecrets },
    },
    opts.destination ?? pino.destination({ dest: opts.file ?? 2, sync: true, mkdir: Boolean(opts.file) }),
  );
}

export type { Logger };

// ---- Scrubbing: removes secrets from each serialized line (JSON text; replacements never remove
// quotes, so a scrubbed line stays valid JSON).

const REDACTED = '[redacted]';
/** Shorter values are not treated as secrets (they would blank ordinary words). */
const MIN_SECRET_LENGTH = 8;

const registered = new Set<string>();

/** Environment variables whose values are secrets. */
const SECRET_ENV = /(?:TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|PRIVATE_KEY|API_KEY|CREDENTIALS?)$/u;

/** A key block's label and one character of its body (raw, or a JSON-escaped newline). */
const KEY_LABEL = String.raw`[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?`;
const KEY_CHAR = String.raw`(?:[A-Za-z0-9+/=:\s.,()_-]|\\[nr])`;

const PATTERNS: Array<[RegExp, string]> = [
  // PEM / OpenSSH / OpenPGP private key armour, with its body (newlines raw or JSON-escaped); a cut-off block to its
  // end.
  [
    new RegExp(
      String.raw`-----BEGIN (${KEY_LABEL})-----${KEY_CHAR}*?(?:-----END ${KEY_LABEL}-----|(?=(?!${KEY_CHAR})[\s\S]|$))`,
      'gu',
    ),
    '[redacted $1]',
  ],
  // Slack tokens: bot, user, app-level, refresh, config.
  [/\bx(?:ox[abposre]|app)-[A-Za-z0-9-]{6,}/gu, 'xox-[redacted]'],
  // Matrix access tokens (Synapse `syt_…`) and tokens passed as query parameters.
  [/\bsyt_[A-Za-z0-9_-]{10,}/gu, 'syt_[redacted]'],
  [/([?&](?:access_token|token|password|secret)=)[^&\s"\\]+/giu, `$1${REDACTED}`],
  // Credentials in URIs: scheme://user:password@host.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s"\\]+):[^@\s"\\/]+@/giu, `$1:${REDACTED}@`],
  // HTTP authorization values.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gu, `$1 ${REDACTED}`],
];

/** Scrub this exact value wherever it appears (a token read from the environment or a file). */
export function registerSecret(value: string | undefined): void {
  const v = value?.trim();
  if (!v || v.length < MIN_SECRET_LENGTH) return;
  registered.add(v);
  // The form it takes inside a JSON string (escaped newlines, quotes, backslashes).
  const json = JSON.stringify(v).slice(1, -1);
  if (json !== v) registered.add(json);
  // Multi-line secrets (keys): each long line on its own, in case the text was cut or re-wrapped.
  for (const line of v.split(/\r?\n/u)) if (line.trim().length >= 24) registered.add(line.trim());
}

/** Registers the secret values of an environment: *_TOKEN, *_SECRET, *_PASSWORD…, and MONGODB_URI's password. */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): void {
  for (const [name, value] of Object.entries(env)) {
    if (SECRET_ENV.test(name)) registerSecret(value);
    else if (/_URI$|_URL$/u.test(name) && value) {
      const m = /:\/\/[^:/@\s]+:([^@\s/]+)@/u.exec(value);
      if (m) registerSecret(safeDecode(m[1]));
    }
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function scrubSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  for (const secret of registered) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}
