/**
 * The Slack adapter over the HTTP Events API with a recording sink: events are answered after
 * the sink has handled them (processBeforeResponse), slash commands at once.
 */
import type { MessageEvent } from '../../../src/chat/chat-event';
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
    expect(h.events).toEqual([expect.objectContaining({ type: 'message', eventId: d.eventId, text: 'slow report', direct: true })]);
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

  it('gives 401 to a forged request and never reaches the sink', async () => {
    const res = await h.slack.http.postJson({ type: 'event_callback', event_id: 'EvX', event: { type: 'message', user: 'U0ANNA', text: 'x', ts: '1.000001', channel: 'D1', channel_type: 'im' } }, { signature: 'v0=abc' });
    expect(res.status).toBe(401);
    await sleep(50);
    expect(h.events).toEqual([]);
  });
});
