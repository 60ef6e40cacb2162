/**
 * The service desk in Slack over Socket Mode, through the whole bot and the emulator: a DM
 * becomes a case, a thread reply a comment, retries make one case, a dropped socket loses
 * nothing, slash commands are acknowledged within 3 s, a 429 storm delays replies but neither
 * the acknowledgements (given once the event is stored) nor anything else.
 */
import { Ticket } from '../../../src/tickets/ticket.model';
import { type SlackBot, startSlackBot } from './slack-bot';

describe('Slack, Socket Mode: service desk through the whole bot', () => {
  let s: SlackBot;
  beforeAll(async () => {
    s = await startSlackBot({ mode: 'socket' });
  });
  afterAll(() => s?.stop());

  const receiptsIn = (channel: string) =>
    s.slack.botMessages(channel).filter((m) => /Logged as \*INC-\d+\*/u.test(m.text));

  it('a DM becomes a case and the reply names it; a reply in its thread becomes a comment', async () => {
    const report = await s.slack.dm('UANNA', 'The printer in room 12 prints nothing');
    // The event was acknowledged once stored; the receipt follows.
    const receipt = await s.slack.waitFor(() => receiptsIn(report.channel)[0], 10_000, 'the receipt');
    const key = /INC-\d+/u.exec(receipt.text)![0];
    const t = await Ticket.findOne({ key }).lean();
    expect(t).toMatchObject({
      reporterId: 'anna',
      status: 'new',
      conversation: { platform: 'slack', channel: report.channel },
    });
    expect(receipt.blocks?.[0]).toMatchObject({ type: 'header', text: { text: expect.stringContaining(key) } });

    await s.slack.dm('UANNA', 'paper tray refilled, still nothing', { threadTs: receipt.ts });
    await s.slack.waitFor(
      () => s.slack.botMessages(report.channel).at(-1)?.text.includes(`Added to ${key}`),
      10_000,
      'the comment noted',
    );
    const after = await Ticket.findOne({ key }).lean();
    expect(after!.events.filter((e) => e.kind === 'comment').map((e) => e.note)).toContain(
      'paper tray refilled, still nothing',
    );
    expect(await Ticket.countDocuments({ reporterId: 'anna' })).toBe(1);
  });

  it('the same event delivered three times (retries) makes one case and one reply', async () => {
    const before = await Ticket.countDocuments();
    const report = await s.slack.dm('UBJORN', 'Projector in room 3 shows no picture', { times: 3 });
    await s.slack.waitFor(() => receiptsIn(report.channel).length, 10_000, 'the receipt');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await Ticket.countDocuments()).toBe(before + 1);
    expect(receiptsIn(report.channel)).toHaveLength(1);
  });

  it('a mention in a channel becomes a case answered in its thread (once, not also for its message twin)', async () => {
    const before = await Ticket.countDocuments();
    const m = await s.slack.say('UOSCAR', 'COPS', `<@${s.slack.botUserId}> wifi in the library is down`);
    await s.slack.waitFor(
      () => s.slack.botMessages('COPS').some((x) => x.threadTs === m.ts),
      10_000,
      'the reply in the thread',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await Ticket.countDocuments()).toBe(before + 1);
    const replies = s.slack.botMessages('COPS').filter((x) => x.threadTs === m.ts);
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toMatch(/Logged as \*INC-\d+\*/u);
  });

  it('a slash command is acknowledged within 3 seconds and answered in the channel', async () => {
    const before = s.slack.botMessages('COPS').length;
    const r = await s.slack.slash('UOSCAR', 'COPS', '/ticket', 'list');
    expect(r.ackMs).toBeLessThan(3000);
    const answer = await s.slack.waitFor(
      () =>
        s.slack
          .botMessages('COPS')
          .slice(before)
          .find((m) => !m.threadTs),
      5000,
      'the ticket list',
    );
    const keys = await Ticket.find().distinct('key');
    for (const key of keys) expect(answer.text).toContain(key);
    expect(keys.length).toBeGreaterThanOrEqual(3);
  });

  it('a slash command with bad input gets a private usage answer', async () => {
    const before = s.slack.ephemerals('COPS').length;
    await s.slack.slash('UOSCAR', 'COPS', '/ticket', 'frobnicate');
    const eph = await s.slack.waitFor(
      () =>
        s.slack
          .ephemerals('COPS')
          .slice(before)
          .find((e) => e.user === 'UOSCAR'),
      5000,
      'an ephemeral answer',
    );
    expect(eph.text).toContain('frobnicate');
    expect(s.slack.botMessages('COPS').some((m) => m.text.includes('frobnicate'))).toBe(false);
  });

  it('/opsdesk is help, answered in the DM it was typed in', async () => {
    const dm = s.slack.dmChannel('UBJORN');
    const before = s.slack.botMessages(dm).length;
    await s.slack.slash('UBJORN', dm, '/opsdesk', '');
    const help = await s.slack.waitFor(() => s.slack.botMessages(dm).slice(before)[0], 5000, 'help');
    expect(help.text).toContain('/ticket');
  });

  it('a dropped socket reconnects and the event in hand is redelivered: one case, nothing lost', async () => {
    const before = await Ticket.countDocuments();
    const opened = s.slack.hub.connectionsOpened;
    s.slack.hub.dropAfterNextSend();
    const report = await s.slack.dm('UINGRID', 'Smartboard in room 7 is frozen');
    expect(report.socket!.attempts).toBe(2);
    expect(s.slack.hub.connectionsOpened).toBeGreaterThan(opened);
    await s.slack.waitFor(() => receiptsIn(report.channel).length, 10_000, 'the receipt');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await Ticket.countDocuments()).toBe(before + 1);
    expect(await Ticket.countDocuments({ reporterId: 'ingrid', text: /Smartboard/u })).toBe(1);
    expect(receiptsIn(report.channel)).toHaveLength(1);
    await s.slack.waitFor(() => s.adapter.isReady(), 5000, 'ready again');
  });

  it('a 429 storm delays replies but loses none', async () => {
    s.slack.rateLimit('chat.postMessage', 6, 1);
    const before = await Ticket.countDocuments();
    const t0 = Date.now();
    const people = ['UCARL', 'UCECILIE', 'UCHRIS', 'UCAMILLA'];
    const reports = await Promise.all(people.map((u, i) => s.slack.dm(u, `Laptop ${i} will not boot`)));
    // Each acknowledged once stored, within Slack's 3 s, so none was sent again.
    for (const r of reports) expect(r.socket!.attempts).toBe(1);
    await s.slack.waitFor(
      () => people.every((u) => receiptsIn(s.slack.dmChannel(u)).length > 0),
      15_000,
      'every receipt',
    );
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(await Ticket.countDocuments()).toBe(before + people.length);
    for (const u of people) expect(receiptsIn(s.slack.dmChannel(u))).toHaveLength(1);
    expect(s.slack.rateLimits.limited.filter((m) => m === 'chat.postMessage')).toHaveLength(6);
  });
});
