/**
 * Secrets never reach logs, chat or error messages. A full flow runs with every log line captured
 * at trace level: the Slack adapter on the emulator with its tokens and signing secret, reports and
 * commands (allowed, refused, failing), a Slack call that fails, a Matrix login and a token
 * refused by a homeserver, a MongoDB URI with a password that cannot connect, an SSH login with a
 * private key and an OpenPGP signing key with a wrong passphrase, and log calls that carry secrets
 * the way careless code would. Then logs, chat and errors are searched for every fixture secret.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { generateKey } from 'openpgp';
import { utils as sshUtils } from 'ssh2';
import type { Logger } from 'pino';
import { createMatrixAdapter } from '../../../adapters/matrix/matrix-adapter';
import { createSlackAdapter } from '../../../adapters/slack/slack-adapter';
import { startBot } from '../../../src/start-bot';
import { createLogger, secretsFromEnv } from '../../../src/core/log';
import { signDetached } from '../../../src/packages/signing';
import { SshSession } from '../../../src/ssh/ssh-session';
import { SlackEmulator } from '../../platforms/slack/slack-emulator';
import { startTestBot, type TestBot, testConfig } from '../../support/test-bot';

const SECRETS = {
  slackBotToken: 'xoxb-2261-fixture-bot-token-Zq9s8d7f6g',
  slackAppToken: 'xapp-1-A0FIX-fixture-app-token-4k3j2h1g',
  slackSigningSecret: 'fixture-signing-secret-8e7d6c5b4a39',
  matrixAccessToken: 'syt_b3BzZGVzaw_FixtureMatrixAccessToken_3kV9xQ',
  matrixPassword: 'Fixture-Matrix-Passw0rd-7Jd2',
  mongoPassword: 'Fixture-Mongo-Pw-91Hq7',
  pgpPassphrase: 'fixture-pgp-passphrase-Wm4r',
  sshPassphrase: 'fixture-ssh-passphrase-Tz8p',
};

let pgpPrivateKey = '';
let sshPrivateKey = '';
/** Every log line written anywhere in this file. */
const logLines: string[] = [];
/** Every error message a caller got back. */
const errors: string[] = [];

function capturedLogger(): Logger {
  return createLogger({
    level: 'trace',
    destination: new Writable({
      write(chunk, _enc, cb) {
        logLines.push(String(chunk));
        cb();
      },
    }),
  });
}

/** The needles: each secret whole, and for keys each line of their body (a leaked fragment counts). */
function needles(): Array<[string, string]> {
  const out: Array<[string, string]> = Object.entries(SECRETS);
  for (const [name, key] of [
    ['pgp private key', pgpPrivateKey],
    ['ssh private key', sshPrivateKey],
  ] as const) {
    const body = key.split('\n').filter((l) => l.length >= 40 && !l.startsWith('-----'));
    expect(body.length).toBeGreaterThan(0);
    body.forEach((l, i) => out.push([`${name} line ${i}`, l]));
  }
  return out;
}

function leaks(where: string, texts: readonly string[]): string[] {
  const found: string[] = [];
  for (const [name, secret] of needles()) {
    for (const t of texts)
      if (t.includes(secret))
        found.push(`${name} in ${where}: …${t.slice(Math.max(0, t.indexOf(secret) - 80), t.indexOf(secret) + 20)}…`);
  }
  return found;
}

async function catchMessage(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    errors.push(String((err as Error).message), JSON.stringify(err, Object.getOwnPropertyNames(err as object)));
  }
}

/** A homeserver that knows nobody: every token and password is refused. */
async function refusingHomeserver(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(req.url?.includes('/login') ? 403 : 401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        errcode: req.url?.includes('/login') ? 'M_FORBIDDEN' : 'M_UNKNOWN_TOKEN',
        error: 'Invalid credentials',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let slack: SlackEmulator;
let bot: TestBot;

beforeAll(async () => {
  pgpPrivateKey = (
    await generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'opsdesk release', email: 'release@school.example' }],
      passphrase: SECRETS.pgpPassphrase,
      format: 'armored',
    })
  ).privateKey;
  sshPrivateKey = sshUtils.generateKeyPairSync('ed25519', {
    passphrase: SECRETS.sshPassphrase,
    cipher: 'aes256-ctr',
    rounds: 16,
  }).private;
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await slack?.stop();
});

test('a database URI with a password that cannot connect: the error and the logs hide the password', async () => {
  const log = capturedLogger();
  const config = testConfig({ http: { enabled: false }, console: { enabled: false } });
  await catchMessage(
    startBot({
      config,
      log,
      env: {
        MONGODB_URI: `mongodb://opsdesk:${SECRETS.mongoPassword}@127.0.0.1:1/opsdesk?serverSelectionTimeoutMS=500`,
      },
    }),
  );
  expect(errors.join('\n')).toMatch(/Cannot connect to MongoDB at mongodb:\/\/opsdesk:\[redacted\]@127\.0\.0\.1:1/u);
}, 60_000);

test('a full flow on Slack, with failures, logs nothing secret', async () => {
  slack = await new SlackEmulator({
    botToken: SECRETS.slackBotToken,
    appToken: SECRETS.slackAppToken,
    signingSecret: SECRETS.slackSigningSecret,
  }).start();
  for (const [id, name] of [
    ['UANNA', 'anna'],
    ['UOSCAR', 'oscar'],
    ['UADA', 'ada'],
  ])
    slack.addUser({ id, name, realName: name, displayName: name, email: `${name}@school.example` });
  slack.addChannel({ id: 'COPS', name: 'operators', members: ['UOSCAR', 'UADA'] });
  slack.addChannel({ id: 'CLOCKED', name: 'elsewhere', members: ['UOSCAR'], botMember: false });
  const slackConfig = {
    slack: { enabled: true, mode: 'socket', apiUrl: slack.apiUrl, editIntervalMs: 200, socketPingTimeoutMs: 500 },
  };
  const env = {
    SLACK_BOT_TOKEN: SECRETS.slackBotToken,
    SLACK_APP_TOKEN: SECRETS.slackAppToken,
    SLACK_SIGNING_SECRET: SECRETS.slackSigningSecret,
  };
  // As startBot does with the process environment.
  secretsFromEnv({ ...env, MATRIX_ACCESS_TOKEN: SECRETS.matrixAccessToken, MATRIX_PASSWORD: SECRETS.matrixPassword });
  const adapterLog = capturedLogger();
  const adapter = createSlackAdapter(testConfig(slackConfig), env, adapterLog);
  process.env.OPSDESK_TEST_LOG_LEVEL = 'trace';
  try {
    bot = await startTestBot({ adapters: [adapter], config: slackConfig });
  } finally {
    delete process.env.OPSDESK_TEST_LOG_LEVEL;
  }

  await slack.dm('UANNA', 'The printer in room 12 prints nothing');
  await slack.dm('UOSCAR', '!ticket list');
  await slack.dm('UOSCAR', '!ticket assign INC-1 me');
  await slack.dm('UANNA', '!ticket assign INC-1 me');
  await slack.dm('UANNA', '!ticket show "unclosed');
  await slack.dm('UADA', '!stats 7d');
  // A failing adapter call inside a handler: the answer cannot be posted where the command came from.
  await slack.slash('UOSCAR', 'CLOCKED', '/ticket', 'list');
  await slack.waitFor(() => logLines.some((l) => l.includes('not_in_channel')), 10_000, 'the failed reply');
  // Failing adapter calls outside a handler, logged the way a job would.
  await catchMessage(bot.services.outbound.post({ platform: 'slack', channel: 'CNOPE' }, 'hello'));
  await catchMessage(bot.services.outbound.direct('slack', 'UNOBODY', 'hello'));
  for (const e of errors) bot.services.log.error({ err: e }, 'post failed');

  // Careless log calls: secrets as fields, in headers, in error messages, a whole environment.
  const log = bot.services.log;
  log.info(
    { env: { ...env, MATRIX_ACCESS_TOKEN: SECRETS.matrixAccessToken, MATRIX_PASSWORD: SECRETS.matrixPassword } },
    'environment',
  );
  log.info({ headers: { authorization: `Bearer ${SECRETS.slackBotToken}` } }, 'request');
  log.info({ slack: { botToken: SECRETS.slackBotToken, appToken: SECRETS.slackAppToken } }, 'settings');
  log.error(
    { err: new Error(`could not connect to mongodb://opsdesk:${SECRETS.mongoPassword}@db.school.example/opsdesk`) },
    'database',
  );
  log.warn({ key: sshPrivateKey }, 'loaded a key');
  log.warn(`signing with ${pgpPrivateKey}`);
  log.debug(
    {
      request: {
        url: `https://matrix.school.example/_matrix/client/v3/sync?access_token=${SECRETS.matrixAccessToken}`,
      },
    },
    'sync',
  );
  log.info(`bolt: token ${SECRETS.slackAppToken} and signing secret ${SECRETS.slackSigningSecret}`);

  const chat = [...bot.sent.map((s) => s.msg.text), ...slack.ephemerals().map((e) => e.text)];
  for (const ch of ['COPS', 'CLOCKED', slack.dmChannel('UANNA'), slack.dmChannel('UOSCAR'), slack.dmChannel('UADA')])
    chat.push(...slack.messages(ch).map((m) => m.text));
  expect(chat.join('\n')).toMatch(/Logged as \*INC-1\*/u);
  expect(chat.join('\n')).toMatch(/is for: operator, admin/u);
  expect([...logLines, ...bot.logLines].join('\n')).toMatch(/\[redacted\]/u);
  // The failing reply really failed in the handler, and was logged.
  // The slash reply really hit a failing Slack call (the adapter then answers through response_url).
  expect(logLines.some((l) => l.includes('not_in_channel'))).toBe(true);
  expect(leaks('chat', chat)).toEqual([]);
  expect(leaks('logs', [...logLines, ...bot.logLines])).toEqual([]);
}, 90_000);

test('Matrix: a refused access token and a refused password login leave no secret in errors or logs', async () => {
  const hs = await refusingHomeserver();
  try {
    const config = testConfig({ matrix: { enabled: true, homeserverUrl: hs.url, user: '@opsdesk:localhost' } });
    const log = capturedLogger();
    await catchMessage(
      createMatrixAdapter(config, { MATRIX_ACCESS_TOKEN: SECRETS.matrixAccessToken }, log).start(async () => undefined),
    );
    await catchMessage(
      createMatrixAdapter(config, { MATRIX_PASSWORD: SECRETS.matrixPassword }, log).start(async () => undefined),
    );
    for (const e of errors.slice(-4)) log.error({ err: e }, 'matrix adapter not started');
  } finally {
    await hs.close();
  }
  expect(errors.length).toBeGreaterThanOrEqual(4);
}, 60_000);

test('SSH with a private key and PGP signing with a wrong passphrase: errors carry no key', async () => {
  const log = capturedLogger();
  const opened = await SshSession.open(
    {
      name: 'pc-1',
      address: '127.0.0.1',
      port: 1,
      user: 'opsdesk',
      hostKey: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    },
    {
      privateKey: sshPrivateKey,
      passphrase: SECRETS.sshPassphrase,
      connectTimeoutMs: 2000,
      keepaliveIntervalMs: 0,
      keepaliveCountMax: 1,
      maxSessions: 1,
      outputBytes: 1024,
    },
  );
  expect(opened.ok).toBe(false);
  if (!opened.ok) {
    errors.push(JSON.stringify(opened.failure));
    log.warn({ failure: opened.failure }, 'unreachable');
  }
  await catchMessage(signDetached('manifest', pgpPrivateKey, 'wrong passphrase'));
  await catchMessage(signDetached('manifest', pgpPrivateKey));
  await catchMessage(signDetached('manifest', `${pgpPrivateKey.slice(0, 200)}garbage`));
  for (const e of errors.slice(-3)) log.error({ err: e }, 'signing failed');
}, 60_000);

test('no fixture secret appears in any log line, chat message or error message of the whole run', () => {
  expect(errors.length).toBeGreaterThan(5);
  expect(logLines.length).toBeGreaterThan(20);
  expect(leaks('errors', errors)).toEqual([]);
  expect(leaks('logs', [...logLines, ...(bot?.logLines ?? [])])).toEqual([]);
  // Scrubbing kept every line valid JSON.
  for (const line of [...logLines, ...(bot?.logLines ?? [])]) expect(() => JSON.parse(line)).not.toThrow();
});
