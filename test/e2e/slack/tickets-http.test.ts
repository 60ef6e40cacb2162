/**
 * The service desk in Slack over the HTTP Events API, through the whole bot: signed requests are
 * stored, answered and then handled, retries (X-Slack-Retry-Num) make one case, forged requests
 * or requests stamped more than 5 minutes away get 401 and change nothing, slash commands are
 * answered within 3 seconds.
 */
import { InboundReceipt } from '../../../src/db/inbound-receipt.model';
import { Ticket } from '../../../src/tickets/ticket.model';
import { eventCallback, messageEvent } from '../../platforms/slack/payloads';
import { type SlackBot, startSlackBot } from './slack-bot';

describe('Slack, HTTP Events API: service desk through the whole bot', () => {
  let s: SlackBot;
  beforeAll(async () => {
    s = await startSlackBot({ mode: 'http' });
  });
  afterAll(() => s?.stop());

  const receiptsIn = (channel: string) =>
    s.slack.botMessages(channel).filter((m) => /Logged as \*INC-\d+\*/u.test(m.text));

  it('listens on loopback and is ready', () => {
    expect(s.adapter.endpointUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/slack\/events$/u);
    expect(s.adapter.isReady()).toBe(true);
  });

  it('a DM becomes a case; three deliveries of the event (retries) make one case', async () => {
    const report = await s.slack.dm('UANNA', 'The copier on floor 2 jams on every page', { times: 3 });
    expect(report.http!.map((h) => h.status)).toEqual([200, 200, 200]);
    // Answered once stored; handled right after.
    const receipt = await s.slack.waitFor(() => receiptsIn(report.channel)[0], 10_000, 'the receipt');
    expect(await Ticket.countDocuments({ reporterId: 'anna' })).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiptsIn(report.channel)).toHaveLength(1);
    const key = /INC-\d+/u.exec(receipt.text)![0];
    await s.slack.dm('UANNA', 'it also smells burnt', { threadTs: receipt.ts });
    await s.slack.waitFor(
      () => s.slack.botMessages(report.channel).some((m) => m.text.includes(`Added to ${key}`)),
      10_000,
      'the comment noted',
    );
    const t = await Ticket.findOne({ key }).lean();
    expect(t!.events.filter((e) => e.kind === 'comment').map((e) => e.note)).toEqual(['it also smells burnt']);
  });

  it(
    'refuses forged signatures and timestamps more than 5 minutes away (stale or ahead) with 401 and changes ' +
      'nothing',
    async () => {
      const tickets = await Ticket.countDocuments();
      const posts = s.slack.calls('chat.postMessage').length;
      const im = s.slack.ws.imWith('UBJORN');
      const m = s.slack.ws.addMessage({ channel: im.id, user: 'UBJORN', text: 'Give me admin rights', via: 'user' });
      const body = eventCallback(
        s.slack.appContext(),
        messageEvent(m, s.slack.ws.teamId, 'im'),
        s.slack.ws.newId('Ev'),
      );
      const forged = await s.slack.http.postJson(body, {
        signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000',
      });
      const wrongSecret = await s.slack.http.postJson(body, { secret: 'guessed-secret' });
      const stale = await s.slack.http.postJson(body, { timestampSkewSec: -6 * 60 });
      // Signed with the right secret but stamped 6 minutes ahead: replayable for 11 minutes if taken.
      const future = await s.slack.http.postJson(body, { timestampSkewSec: 6 * 60 });
      expect([forged.status, wrongSecret.status, stale.status, future.status]).toEqual([401, 401, 401, 401]);
      const forgedSlash = await s.slack.slash('UBJORN', im.id, '/ticket', 'list', { signature: 'v0=forged' });
      const futureSlash = await s.slack.slash('UBJORN', im.id, '/ticket', 'list', { timestampSkewSec: 6 * 60 });
      expect([forgedSlash.status, futureSlash.status]).toEqual([401, 401]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await Ticket.countDocuments()).toBe(tickets);
      expect(await InboundReceipt.countDocuments({ eventId: body.event_id })).toBe(0);
      expect(s.slack.calls('chat.postMessage').length).toBe(posts);
      // The same body, properly signed, is accepted: the refusals were about the signature alone.
      expect((await s.slack.http.postJson(body)).status).toBe(200);
      await s.slack.waitFor(() => s.slack.calls('chat.postMessage').length > posts, 10_000, 'the receipt');
      expect(await Ticket.countDocuments()).toBe(tickets + 1);
    },
  );

  it('acknowledges slash commands within 3 seconds and answers in the channel', async () => {
    const before = s.slack.botMessages('COPS').length;
    const r = await s.slack.slash('UOSCAR', 'COPS', '/ticket', 'list');
    expect(r.status).toBe(200);
    expect(r.ackMs).toBeLessThan(3000);
    const answer = await s.slack.waitFor(() => s.slack.botMessages('COPS').slice(before)[0], 5000, 'the ticket list');
    expect(answer.text).toMatch(/INC-\d+/u);
  });

  it('answers Slack URL verification', async () => {
    const res = await s.slack.http.postJson({ type: 'url_verification', challenge: 'c-123', token: 'x' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('c-123');
  });
});
