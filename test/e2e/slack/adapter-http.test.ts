/**
 * The Slack adapter over the HTTP Events API with a recording sink (no receipts, so events are
 * answered after the sink has handled them, slash commands at once), and requests refused for
 * their signature or a timestamp more than 5 minutes away, in the past or the future.
 */
import { timestampSkewSec } from '../../../adapters/slack/http-receiver';
import type { MessageEvent } from '../../../src/chat/chat-event';
import { eventCallback, messageEvent } from '../../platforms/slack/payloads';
import { type AdapterHarness, sleep, startAdapterHarness } from './adapter-harness';

describe('Slack adapter over HTTP', () => {
  let h: AdapterHarness;
  beforeAll(async () => {
    h = await startAdapterHarness({ mode: 'http' });
    h.slack.addUser({ id: 'U0ANNA', name: 'anna' });
    h.slack.addChannel({ id: 'C0OPS', name: 'operators', members: ['U0ANNA'] });
  });
  afterAll(() => h.stop());
  beforeEach(() => {
    h.events.length = 0;
  });

  it('answers an event after the sink has handled it', async () => {
    h.onEvent(() => sleep(400));
    const d = await h.slack.dm('U0ANNA', 'slow report');
    expect(d.http).toHaveLength(1);
    expect(d.http![0]).toMatchObject({ status: 200 });
    expect(d.http![0].ms).toBeGreaterThanOrEqual(380);
    expect(h.events).toEqual([
      expect.objectContaining({ type: 'message', eventId: d.eventId, text: 'slow report', direct: true }),
    ]);
  });

  it('answers a slash command at once while the sink is still busy', async () => {
    h.onEvent(() => sleep(1500));
    const r = await h.slack.slash('U0ANNA', 'C0OPS', '/deploy', 'RFC-3 to pilot');
    expect(r.status).toBe(200);
    expect(r.ackMs).toBeLessThan(1000);
    await h.slack.waitFor(() => h.events.length === 1, 3000, 'the command');
    expect((h.events[0] as MessageEvent).text).toBe('/deploy RFC-3 to pilot');
  });

  it('hands retries on with the same event id (the intake drops repeats)', async () => {
    h.onEvent(async () => undefined);
    const d = await h.slack.dm('U0ANNA', 'again', { times: 2 });
    expect(d.http!.map((x) => x.status)).toEqual([200, 200]);
    expect(h.events.map((e) => e.eventId)).toEqual([d.eventId, d.eventId]);
  });

  it(
    'gives 401 to a request stamped more than 5 minutes away, in the future too, before the sink sees ' + 'it',
    async () => {
      const im = h.slack.ws.imWith('U0ANNA');
      const m = h.slack.ws.addMessage({ channel: im.id, user: 'U0ANNA', text: 'replayed later', via: 'user' });
      const body = eventCallback(
        h.slack.appContext(),
        messageEvent(m, h.slack.ws.teamId, 'im'),
        h.slack.ws.newId('Ev'),
      );
      // Correctly signed, but stamped 6 minutes ahead, 6 minutes back, a day ahead, or as 1e12 (Number() reads it, Bolt
      // would take it).
      for (const sign of [
        { timestampSkewSec: 6 * 60 },
        { timestampSkewSec: -6 * 60 },
        { timestampSkewSec: 86_400 },
        { rawTimestamp: '1e12' },
        { rawTimestamp: ' 1700000000' },
      ]) {
        expect({ sign, status: (await h.slack.http.postJson(body, sign)).status }).toEqual({ sign, status: 401 });
      }
      const slash = await h.slack.slash('U0ANNA', 'C0OPS', '/ticket', 'list', { timestampSkewSec: 6 * 60 });
      expect(slash.status).toBe(401);
      await sleep(50);
      expect(h.events).toEqual([]);
      // Within the window either way, the same body is taken.
      expect((await h.slack.http.postJson(body, { timestampSkewSec: 4 * 60 })).status).toBe(200);
      expect((await h.slack.http.postJson(body, { timestampSkewSec: -4 * 60, retryNum: 1 })).status).toBe(200);
      expect(h.events.map((e) => e.eventId)).toEqual([body.event_id, body.event_id]);
    },
  );

  it('reads the timestamp header strictly', () => {
    const at = (v: string | string[] | undefined) =>
      timestampSkewSec({ headers: { 'x-slack-request-timestamp': v } }, 1_700_000_000_000);
    expect(at('1700000300')).toBe(300);
    expect(at('1699999000')).toBe(-1000);
    expect(at(undefined)).toBeUndefined();
    for (const bad of ['1e12', '-1', '1700000000.5', '', '0x6553f100', ['1700000000', '1700000000']])
      expect(at(bad)).toBeNaN();
  });

  it('gives 401 to a forged request and never reaches the sink', async () => {
    const res = await h.slack.http.postJson(
      {
        type: 'event_callback',
        event_id: 'EvX',
        event: { type: 'message', user: 'U0ANNA', text: 'x', ts: '1.000001', channel: 'D1', channel_type: 'im' },
      },
      { signature: 'v0=abc' },
    );
    expect(res.status).toBe(401);
    await sleep(50);
    expect(h.events).toEqual([]);
  });
});

describe('Slack adapter over HTTP, when nothing can be stored (database down, bot stopping)', () => {
  let h: AdapterHarness;
  const handled: string[] = [];
  beforeAll(async () => {
    h = await startAdapterHarness({
      mode: 'http',
      deferred: {
        receive: async () => {
          throw new Error('database unreachable');
        },
        handle: async (e) => void handled.push(e.eventId),
        onAbandoned: () => undefined,
      },
    });
    h.slack.addUser({ id: 'U0ANNA', name: 'anna' });
    h.slack.addChannel({ id: 'C0OPS', name: 'operators', members: ['U0ANNA'] });
  });
  afterAll(() => h.stop());

  it('does not acknowledge an event, so Slack sends it again', async () => {
    const d = await h.slack.dm('U0ANNA', 'the wifi is down');
    expect(d.http!.length).toBeGreaterThan(1);
    expect(d.http!.every((a) => a.status >= 500)).toBe(true);
    expect(handled).toEqual([]);
  });

  it('answers a slash command (never sent again by Slack) by telling the person to send it again', async () => {
    const r = await h.slack.slash('U0ANNA', 'C0OPS', '/ticket', 'list');
    expect(r.status).toBe(200);
    expect(r.response).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('Please send it again in a minute'),
    });
    expect(handled).toEqual([]);
  });
});

describe('Slack adapter over HTTP, when storing takes longer than Slack waits', () => {
  let h: AdapterHarness;
  const handled: string[] = [];
  beforeAll(async () => {
    h = await startAdapterHarness({
      mode: 'http',
      deferred: {
        receive: async () => {
          await sleep(4000);
          return 'stored';
        },
        handle: async (e) => void handled.push(e.eventId),
        onAbandoned: () => undefined,
      },
    });
    h.slack.addUser({ id: 'U0ANNA', name: 'anna' });
    h.slack.addChannel({ id: 'C0OPS', name: 'operators', members: ['U0ANNA'] });
  });
  afterAll(() => h.stop());

  it('acknowledges a slash command within 3 s saying it will run, and runs it once stored', async () => {
    const r = await h.slack.slash('U0ANNA', 'C0OPS', '/ticket', 'list');
    expect(r.status).toBe(200);
    expect(r.ackMs).toBeLessThan(3000);
    expect(r.response).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('will run as soon as it is stored'),
    });
    expect(handled).toEqual([]);
    await h.slack.waitFor(() => handled.length === 1, 5000, 'the command handled once stored');
    expect(handled).toEqual([`command:${r.triggerId}`]);
  });
});
