/**
 * The emulator against Slack's own clients (@slack/web-api, @slack/socket-mode) and Bolt's
 * signature check: if these accept it, its wire formats are Slack's.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackRequest } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import { LogLevel, SocketModeClient } from '@slack/socket-mode';
import { ErrorCode, WebClient } from '@slack/web-api';
import { SlackEmulator } from './slack-emulator';
import { MAX_BLOCKS_TOTAL } from './web-api';

const quiet = { logLevel: LogLevel.ERROR };

/** Dropped sockets are the point of some tests; the client's error lines about them are noise. */
function silentLogger(): Logger {
  let level = LogLevel.ERROR;
  const noop = () => undefined;
  return {
    debug: noop,
    info: noop,
    warn: noop,
    error: noop,
    setLevel: (l) => (level = l),
    getLevel: () => level,
    setName: noop,
  };
}

describe('Slack emulator: Web API', () => {
  let slack: SlackEmulator;
  let web: WebClient;
  beforeAll(async () => {
    slack = await new SlackEmulator().start();
    slack.addUser({ id: 'U0ANNA', name: 'anna', realName: 'Anna Berg', email: 'anna@nordby.example' });
    slack.addChannel({ id: 'C0OPS', name: 'operators', members: ['U0ANNA'] });
    slack.addChannel({ id: 'C0ELSE', name: 'elsewhere', botMember: false });
    web = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, ...quiet, rejectRateLimitedCalls: true });
  });
  afterAll(() => slack.stop());

  it('answers auth.test with the bot identity', async () => {
    const r = await web.auth.test();
    expect(r).toMatchObject({ ok: true, user_id: slack.botUserId, bot_id: slack.botId, team_id: slack.ws.teamId });
  });

  it('posts, updates and reacts, with Slack response shapes', async () => {
    const posted = await web.chat.postMessage({
      channel: 'C0OPS',
      text: 'hello',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }],
    });
    expect(posted).toMatchObject({ ok: true, channel: 'C0OPS', message: { text: 'hello', bot_id: slack.botId } });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/u);
    const updated = await web.chat.update({ channel: 'C0OPS', ts: posted.ts!, text: 'hello again' });
    expect(updated).toMatchObject({ ok: true, ts: posted.ts, text: 'hello again' });
    await web.reactions.add({ channel: 'C0OPS', timestamp: posted.ts!, name: 'eyes' });
    const m = slack.messages('C0OPS').find((x) => x.ts === posted.ts)!;
    expect(m.history.map((h) => h.text)).toEqual(['hello', 'hello again']);
    expect([...m.reactions.keys()]).toEqual(['eyes']);
  });

  it('gives ok:false errors as WebAPIPlatformError', async () => {
    await expect(web.chat.postMessage({ channel: 'C0NOPE', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { ok: false, error: 'channel_not_found' },
    });
    await expect(web.chat.postMessage({ channel: 'C0ELSE', text: 'x' })).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
    await expect(web.chat.update({ channel: 'C0OPS', ts: '1.000001', text: 'x' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    await expect(web.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    const badBlocks = [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }];
    await expect(web.chat.postMessage({ channel: 'C0OPS', text: 'x', blocks: badBlocks })).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
    const wrongToken = new WebClient('xoxb-wrong', { slackApiUrl: slack.apiUrl, ...quiet });
    await expect(wrongToken.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    const appToken = new WebClient(slack.appToken, { slackApiUrl: slack.apiUrl, ...quiet });
    await expect(appToken.chat.postMessage({ channel: 'C0OPS', text: 'x' })).rejects.toMatchObject({
      data: { error: 'not_allowed_token_type' },
    });
  });

  it('opens IMs, answers users.info and posts ephemerals', async () => {
    const open = await web.conversations.open({ users: 'U0ANNA' });
    expect(open.channel?.id).toMatch(/^D/u);
    expect(open.channel?.id).toBe(slack.dmChannel('U0ANNA'));
    const info = await web.users.info({ user: 'U0ANNA' });
    expect(info.user).toMatchObject({
      id: 'U0ANNA',
      name: 'anna',
      real_name: 'Anna Berg',
      profile: { email: 'anna@nordby.example' },
    });
    const eph = await web.chat.postEphemeral({ channel: 'C0OPS', user: 'U0ANNA', text: 'only you' });
    expect(eph.message_ts).toBeDefined();
    expect(slack.ephemerals('C0OPS')).toEqual([expect.objectContaining({ user: 'U0ANNA', text: 'only you' })]);
    slack.addUser({ id: 'U0OUT', name: 'outsider' });
    await expect(web.chat.postEphemeral({ channel: 'C0OPS', user: 'U0OUT', text: 'x' })).rejects.toMatchObject({
      data: { error: 'user_not_in_channel' },
    });
  });

  it('answers 429 with Retry-After when told to', async () => {
    slack.rateLimit('chat.postMessage', 1, 2);
    await expect(web.chat.postMessage({ channel: 'C0OPS', text: 'limited' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 2,
    });
    // The web client's own retry (rejectRateLimitedCalls: false) waits Retry-After and succeeds.
    slack.rateLimit('chat.postMessage', 1, 1);
    const patient = new WebClient(slack.botToken, {
      slackApiUrl: slack.apiUrl,
      ...quiet,
      retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 },
    });
    const t0 = Date.now();
    await patient.chat.postMessage({ channel: 'C0OPS', text: 'after the wait' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(slack.rateLimits.limited).toEqual(['chat.postMessage', 'chat.postMessage']);
  });

  it('refuses blocks whose total passes the limit with msg_blocks_too_long, though each block is valid', async () => {
    const section = (n: number) => ({ type: 'section', text: { type: 'mrkdwn', text: `${n}`.padEnd(2900, 'x') } });
    const ok = [section(1), section(2), section(3)];
    expect(JSON.stringify(ok).length).toBeLessThanOrEqual(MAX_BLOCKS_TOTAL);
    await expect(web.chat.postMessage({ channel: 'C0OPS', text: 'fits', blocks: ok })).resolves.toMatchObject({
      ok: true,
    });
    const tooMuch = [...ok, section(4), section(5)];
    await expect(web.chat.postMessage({ channel: 'C0OPS', text: 'too much', blocks: tooMuch })).rejects.toMatchObject({
      data: { error: 'msg_blocks_too_long' },
    });
    const posted = await web.chat.postMessage({ channel: 'C0OPS', text: 'small', blocks: [section(6)] });
    await expect(
      web.chat.update({ channel: 'C0OPS', ts: posted.ts!, text: 'grown', blocks: tooMuch }),
    ).rejects.toMatchObject({ data: { error: 'msg_blocks_too_long' } });
    expect(slack.messages('C0OPS').find((m) => m.ts === posted.ts)?.text).toBe('small');
  });

  it("keeps a message's blocks when chat.update sends none, and removes them for blocks: []", async () => {
    const card = [{ type: 'section', text: { type: 'mrkdwn', text: '*DEPLOYING 3/10*' } }];
    const posted = await web.chat.postMessage({ channel: 'C0OPS', text: 'deploying 3/10', blocks: card });
    await web.chat.update({ channel: 'C0OPS', ts: posted.ts!, text: 'done 10/10' });
    const m = slack.messages('C0OPS').find((x) => x.ts === posted.ts)!;
    expect({ text: m.text, blocks: m.blocks }).toEqual({ text: 'done 10/10', blocks: card });
    await web.chat.update({ channel: 'C0OPS', ts: posted.ts!, text: 'done 10/10', blocks: [] });
    expect({ text: m.text, blocks: m.blocks }).toEqual({ text: 'done 10/10', blocks: undefined });
  });

  it('answers calls later when told to (a slow Slack)', async () => {
    slack.delay('users.info', 600);
    const t0 = Date.now();
    await web.users.info({ user: 'U0ANNA' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(580);
    slack.delay('users.info', 0);
  });

  it('takes files through files.uploadV2 (upload URL, upload, complete)', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000', 'hex');
    await web.filesUploadV2({
      channel_id: 'C0OPS',
      file: png,
      filename: 'chart.png',
      title: 'Chart',
      initial_comment: 'the chart',
    });
    const withFile = slack.messages('C0OPS').find((m) => m.files);
    expect(withFile?.files?.[0]).toMatchObject({ name: 'chart.png', title: 'Chart' });
    expect(withFile?.files?.[0].bytes).toBeGreaterThanOrEqual(png.length);
    expect(withFile?.text).toBe('the chart');
  });
});

describe('Slack emulator: scopes and organic rate limits', () => {
  let slack: SlackEmulator;
  let web: WebClient;
  const granted = ['chat:write', 'im:history', 'users:read', 'commands'];
  beforeAll(async () => {
    slack = await new SlackEmulator({ scopes: granted, organicRateLimits: true, echoBotEvents: false }).start();
    slack.addUser({ id: 'U0ANNA', name: 'anna', email: 'anna@nordby.example' });
    slack.addChannel({ id: 'C0ONE', name: 'one', members: ['U0ANNA'] });
    slack.addChannel({ id: 'C0TWO', name: 'two', members: ['U0ANNA'] });
    web = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, ...quiet, rejectRateLimitedCalls: true });
  });
  afterAll(() => slack.stop());

  it('answers missing_scope for a method the app has no scope for, naming it', async () => {
    const posted = await web.chat.postMessage({ channel: 'C0ONE', text: 'hi' });
    await expect(web.reactions.add({ channel: 'C0ONE', timestamp: posted.ts!, name: 'eyes' })).rejects.toMatchObject({
      data: { ok: false, error: 'missing_scope', needed: 'reactions:write', provided: granted.join(',') },
    });
    await expect(web.conversations.open({ users: 'U0ANNA' })).rejects.toMatchObject({
      data: { error: 'missing_scope', needed: 'im:write' },
    });
  });

  it('leaves the e-mail address out of users.info without users:read.email', async () => {
    const info = await web.users.info({ user: 'U0ANNA' });
    expect(info.user?.profile?.email).toBeUndefined();
    expect(info.user?.name).toBe('anna');
  });

  it('does not send events the app has no scope for', async () => {
    const m = slack.ws.addMessage({ channel: 'C0ONE', user: 'U0ANNA', text: 'x', via: 'user' });
    const d = await slack.reactionAdded('U0ANNA', 'C0ONE', m.ts, 'eyes');
    expect(d.withheld).toBe('reactions:read');
  });

  it(
    'rate-limits a burst of posts to one channel with a Retry-After of several seconds; another channel is not ' +
      'held up',
    async () => {
      const answers: (string | number)[] = [];
      for (let i = 0; i < 8; i += 1) {
        answers.push(
          await web.chat.postMessage({ channel: 'C0ONE', text: `burst ${i}` }).then(
            () => 'ok',
            (err: { code?: string; retryAfter?: number }) =>
              err.code === ErrorCode.RateLimitedError ? (err.retryAfter ?? -1) : -2,
          ),
        );
      }
      expect(answers.slice(0, 4).every((a) => a === 'ok')).toBe(true);
      const limited = answers.filter((a) => typeof a === 'number') as number[];
      expect(limited.length).toBeGreaterThanOrEqual(2);
      for (const s of limited) expect(s).toBeGreaterThanOrEqual(3);
      await expect(web.chat.postMessage({ channel: 'C0TWO', text: 'elsewhere' })).resolves.toMatchObject({ ok: true });
    },
  );
});

describe('Slack emulator: Socket Mode', () => {
  let slack: SlackEmulator;
  let client: SocketModeClient;
  const seen: { type: string; retry?: number; envelopeId: string; body: Record<string, unknown> }[] = [];
  let ackMode: 'ack' | 'ignore' = 'ack';

  beforeAll(async () => {
    slack = await new SlackEmulator({ ackTimeoutMs: 300, echoBotEvents: false }).start();
    slack.addUser({ id: 'U0ANNA', name: 'anna' });
    client = new SocketModeClient({
      appToken: slack.appToken,
      clientOptions: { slackApiUrl: slack.apiUrl },
      clientPingTimeout: 600,
      logger: silentLogger(),
    });
    client.on(
      'slack_event',
      async (args: {
        ack: () => Promise<void>;
        type: string;
        body: Record<string, unknown>;
        retry_num?: number;
        envelope_id: string;
      }) => {
        seen.push({ type: args.type, retry: args.retry_num, envelopeId: args.envelope_id, body: args.body });
        if (ackMode === 'ack') await args.ack();
      },
    );
    await client.start();
  });
  afterAll(async () => {
    await client.disconnect();
    await slack.stop();
  });

  it('connects through apps.connections.open and hello, and delivers acknowledged envelopes', async () => {
    const opens = slack.calls('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0].response).toMatchObject({
      ok: true,
      url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/u),
    });
    expect(slack.hub.connectionsOpened).toBe(1);
    const d = await slack.dm('U0ANNA', 'the printer is broken');
    expect(d.socket?.attempts).toBe(1);
    const got = seen.at(-1)!;
    expect(got.type).toBe('events_api');
    expect(got.body).toMatchObject({
      type: 'event_callback',
      event_id: d.eventId,
      event: { type: 'message', channel_type: 'im', text: 'the printer is broken' },
    });
    expect(slack.hub.received.at(-1)).toEqual({ envelope_id: got.envelopeId, payload: {} });
  });

  it('redelivers an unacknowledged envelope with retry_attempt and the same event_id', async () => {
    ackMode = 'ignore';
    const before = seen.length;
    const pending = slack.dm('U0ANNA', 'anyone?');
    await slack.waitFor(() => seen.length >= before + 2, 3000, 'a redelivery');
    ackMode = 'ack';
    const d = await pending;
    const mine = seen.slice(before);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(new Set(mine.map((s) => (s.body as { event_id: string }).event_id))).toEqual(new Set([d.eventId]));
    expect(mine.map((s) => s.retry)).toEqual(mine.map((_, i) => i));
    expect(new Set(mine.map((s) => s.envelopeId)).size).toBe(mine.length);
  });

  it('reconnects after a disconnect message and after a dropped socket, losing nothing', async () => {
    const opened = slack.hub.connectionsOpened;
    slack.hub.sendDisconnect('refresh_requested');
    await slack.waitFor(
      () => slack.hub.connectionsOpened > opened && slack.hub.openConnections() > 0,
      8000,
      'a reconnect',
    );
    slack.hub.drop();
    const d = await slack.dm('U0ANNA', 'sent while the socket was down');
    expect(slack.hub.connectionsOpened).toBeGreaterThanOrEqual(opened + 2);
    expect(seen.at(-1)?.body).toMatchObject({ event_id: d.eventId });
  });

  it('delivers slash commands that take an immediate response in the ack', async () => {
    client.once('slash_commands', async () => undefined);
    const ch = slack.addChannel({ id: 'C0CMD', name: 'cmd', members: ['U0ANNA'] });
    const r = await slack.slash('U0ANNA', ch.id, '/ticket', 'list');
    const got = seen.at(-1)!;
    expect(got.type).toBe('slash_commands');
    expect(got.body).toMatchObject({
      command: '/ticket',
      text: 'list',
      channel_id: 'C0CMD',
      user_id: 'U0ANNA',
      response_url: r.responseUrl,
      trigger_id: r.triggerId,
    });
    const res = await fetch(r.responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'only you', response_type: 'ephemeral' }),
    });
    expect(res.status).toBe(200);
    expect(slack.ephemerals('C0CMD').at(-1)).toMatchObject({ text: 'only you', via: 'response_url' });
  });
});

describe('Slack emulator: Events API over HTTP', () => {
  let slack: SlackEmulator;
  let server: Server;
  const received: {
    headers: Record<string, string | string[] | undefined>;
    raw: string;
    verified: boolean;
    at: number;
  }[] = [];
  /** How long the app takes to answer a first delivery (a slow app); retries are answered at once. */
  let answerAfterMs = 0;

  beforeAll(async () => {
    slack = await new SlackEmulator({ echoBotEvents: false }).start();
    slack.addUser({ id: 'U0ANNA', name: 'anna' });
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let verified = true;
        try {
          verifySlackRequest({
            signingSecret: slack.signingSecret,
            body: raw,
            headers: {
              'x-slack-signature': String(req.headers['x-slack-signature']),
              'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
            },
          });
        } catch {
          verified = false;
        }
        received.push({ headers: req.headers, raw, verified, at: Date.now() });
        const wait = req.headers['x-slack-retry-num'] ? 0 : answerAfterMs;
        setTimeout(() => {
          res.writeHead(verified ? 200 : 401);
          res.end();
        }, wait);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    slack.useHttp(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
  });
  afterAll(async () => {
    await slack.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('signs events with v0 signatures that Bolt verifies, and numbers retries', async () => {
    const d = await slack.dm('U0ANNA', 'hello over http', { times: 3 });
    expect(d.http?.map((h) => h.status)).toEqual([200, 200, 200]);
    const mine = received.slice(-3);
    expect(mine.every((r) => r.verified)).toBe(true);
    expect(mine.map((r) => r.headers['x-slack-retry-num'])).toEqual([undefined, '1', '2']);
    expect(mine.map((r) => (JSON.parse(r.raw) as { event_id: string }).event_id)).toEqual([
      d.eventId,
      d.eventId,
      d.eventId,
    ]);
  });

  it('sends an event again after 3 seconds without an answer, while the first request is still open', async () => {
    answerAfterMs = 4000;
    const before = received.length;
    const d = await slack.dm('U0ANNA', 'anyone?');
    answerAfterMs = 0;
    const mine = received.slice(before);
    expect(mine.map((r) => r.headers['x-slack-retry-num'])).toEqual([undefined, '1']);
    expect(mine[1].headers['x-slack-retry-reason']).toBe('http_timeout');
    // The retry came at 3 s, before the first answer (at 4 s).
    expect(mine[1].at - mine[0].at).toBeGreaterThanOrEqual(2900);
    expect(mine[1].at - mine[0].at).toBeLessThan(4000);
    expect(d.http?.map((h) => h.status)).toEqual([200, 200]);
    expect(d.http![0].ms).toBeGreaterThanOrEqual(3900);
  });

  it('lets tests forge signatures and age timestamps', async () => {
    const body = { type: 'event_callback', event_id: 'EvFORGED' };
    expect((await slack.http.postJson(body, { signature: 'v0=deadbeef' })).status).toBe(401);
    expect((await slack.http.postJson(body, { timestampSkewSec: -10 * 60 })).status).toBe(401);
    expect((await slack.http.postJson(body, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await slack.http.postJson(body)).status).toBe(200);
  });

  it('sends slash commands as signed forms with a response_url', async () => {
    const ch = slack.addChannel({ id: 'C0HTTP', name: 'http', members: ['U0ANNA'] });
    await slack.slash('U0ANNA', ch.id, '/deploy', 'RFC-3 to pilot');
    const last = received.at(-1)!;
    expect(last.verified).toBe(true);
    expect(last.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(last.raw);
    expect(form.get('command')).toBe('/deploy');
    expect(form.get('text')).toBe('RFC-3 to pilot');
    expect(form.get('response_url')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/response\//u);
  });
});
