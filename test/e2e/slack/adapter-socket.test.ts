/**
 * The Slack adapter over Socket Mode against the emulator, with a recording sink: translation,
 * acknowledgement timing, reconnects, Block Kit, edits, notices, DMs and rate limits.
 */
import type { MessageEvent, ReactionEvent } from '../../../src/chat/chat-event';
import type { Card } from '../../../src/chat/out-message';
import { type AdapterHarness, sleep, startAdapterHarness } from './adapter-harness';

describe('Slack adapter over Socket Mode', () => {
  let h: AdapterHarness;
  const ANNA = 'U0ANNA';
  const OSCAR = 'U0OSCAR';
  const OPS = 'C0OPS';

  beforeAll(async () => {
    h = await startAdapterHarness({ mode: 'socket' });
    h.slack.addUser({
      id: ANNA,
      name: 'anna',
      realName: 'Anna Berg',
      displayName: 'Anna B',
      email: 'anna@nordby.example',
    });
    h.slack.addUser({ id: OSCAR, name: 'oscar' });
    h.slack.addChannel({ id: OPS, name: 'operators', members: [OSCAR] });
  });
  afterAll(() => h.stop());
  beforeEach(() => {
    h.events.length = 0;
    h.onEvent(async () => undefined);
  });

  it('is ready once Slack said hello', () => {
    expect(h.adapter.isReady()).toBe(true);
    expect(h.slack.hub.connectionsOpened).toBe(1);
  });

  it('turns a DM into a direct MessageEvent with the event id and the users.info name', async () => {
    const d = await h.slack.dm(ANNA, 'the printer in room 12 prints &lt;nothing&gt; <https://wiki.example/p|see wiki>');
    expect(h.events).toEqual([
      expect.objectContaining({
        type: 'message',
        platform: 'slack',
        eventId: d.eventId,
        channel: d.channel,
        direct: true,
        mentioned: false,
        messageId: d.ts,
        text: 'the printer in room 12 prints <nothing> see wiki (https://wiki.example/p)',
        user: {
          id: ANNA,
          displayName: 'Anna B',
          email: 'anna@nordby.example',
          team: h.slack.ws.teamId,
          external: false,
          origin: { id: h.slack.ws.teamId, home: true },
        },
      }),
    ]);
  });

  // Catches: Slack users keyed by member id alone (a Slack Connect guest passed on as one of the
  // school's people), a slash command's workspace team_id taken for the user's team, and a user
  // whose team cannot be told taken as internal.
  it("gives every event its author's team, and marks users of other teams (Slack Connect) external", async () => {
    h.slack.addUser({ id: 'U0CONNECT', name: 'guest', displayName: 'Oscar Nilsen', teamId: 'T0PARTNER' });
    await h.slack.say('U0CONNECT', OPS, '!ticket list');
    await h.slack.say(OSCAR, OPS, '!ticket list');
    await h.slack.slash('U0CONNECT', OPS, '/ticket', 'list');
    await h.slack.waitFor(() => h.events.length === 3, 3000, 'three events');
    const card = await h.adapter.post({ platform: 'slack', channel: OPS }, { text: 'RFC-3' });
    await h.slack.reactionAdded('U0CONNECT', OPS, card.messageId, '+1');
    // Slack knows nothing of this user: no team can be told.
    await h.slack.deliverEvent({
      type: 'reaction_added',
      user: 'U0GHOST',
      reaction: '+1',
      item: { type: 'message', channel: OPS, ts: card.messageId },
      event_ts: '1.1',
    });
    expect(h.events.map((e) => [e.type, e.user.id, e.user.team, e.user.external])).toEqual([
      ['message', 'U0CONNECT', 'T0PARTNER', true],
      ['message', OSCAR, h.slack.ws.teamId, false],
      ['message', 'U0CONNECT', 'T0PARTNER', true],
      ['reaction', 'U0CONNECT', 'T0PARTNER', true],
      ['reaction', 'U0GHOST', undefined, true],
    ]);
  });

  it('acknowledges an event only after the sink has handled it', async () => {
    h.onEvent(() => sleep(400));
    const d = await h.slack.dm(ANNA, 'slow one');
    expect(d.socket!.ackMs).toBeGreaterThanOrEqual(380);
    expect(d.socket!.attempts).toBe(1);
  });

  it('drops its own messages, edits and reactions that Slack echoes back', async () => {
    const ref = await h.adapter.post(
      { platform: 'slack', channel: h.slack.dmChannel(ANNA) },
      { text: 'Logged as INC-1' },
    );
    await h.adapter.react(ref, 'eyes');
    await h.adapter.edit(ref, { text: 'Logged as INC-1 (assigned)' });
    await h.adapter.edits.flush();
    await h.slack.waitFor(() => h.slack.hub.received.length >= 3, 5000, 'echo acks');
    await sleep(100);
    expect(h.events).toEqual([]);
  });

  it('takes a mention once (not also its message twin) and strips the mention', async () => {
    await h.slack.say(OSCAR, OPS, `<@${h.slack.botUserId}>   projector in room 3 is dead`);
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({
      type: 'message',
      mentioned: true,
      direct: false,
      channel: OPS,
      text: 'projector in room 3 is dead',
    });
  });

  it('passes thread replies and !commands in channels, ignores other channel chatter', async () => {
    const root = await h.adapter.post({ platform: 'slack', channel: OPS }, { text: 'INC-7 opened' });
    await h.slack.say(OSCAR, OPS, 'coffee anyone?');
    await h.slack.say(OSCAR, OPS, 'paper tray refilled', { threadTs: root.messageId });
    await h.slack.say(OSCAR, OPS, '!ticket list');
    const texts = h.events.map((e) => (e as MessageEvent).text);
    expect(texts).toEqual(['paper tray refilled', '!ticket list']);
    expect(h.events[0]).toMatchObject({ thread: root.messageId, direct: false });
  });

  it('turns reactions into ReactionEvents, skin tone kept for the core to normalise', async () => {
    const card = await h.adapter.post({ platform: 'slack', channel: OPS }, { text: 'RFC-3' });
    await h.slack.reactionAdded(OSCAR, OPS, card.messageId, '+1::skin-tone-3');
    await h.slack.reactionRemoved(OSCAR, OPS, card.messageId, '+1::skin-tone-3');
    const [added, removed] = h.events as ReactionEvent[];
    expect(added).toMatchObject({
      type: 'reaction',
      action: 'added',
      reaction: '+1::skin-tone-3',
      user: { id: OSCAR },
      target: { platform: 'slack', channel: OPS, messageId: card.messageId },
    });
    expect(removed).toMatchObject({ type: 'reaction', action: 'removed', reaction: '+1::skin-tone-3' });
    expect(added.eventId).not.toBe(removed.eventId);
  });

  it('acknowledges slash commands at once and hands them on as command text', async () => {
    h.onEvent(() => sleep(1500));
    const r = await h.slack.slash(OSCAR, OPS, '/ticket', 'assign INC-7 <@U0OSCAR|oscar>');
    expect(r.ackMs).toBeLessThan(1000);
    await h.slack.waitFor(() => h.events.length === 1, 3000, 'the command event');
    expect(h.events[0]).toMatchObject({
      type: 'message',
      text: '/ticket assign INC-7 <@U0OSCAR|oscar>',
      slashCommand: true,
      eventId: `command:${r.triggerId}`,
      channel: OPS,
    });
    await h.slack.slash(OSCAR, OPS, '/opsdesk', '');
    await h.slack.slash(OSCAR, OPS, '/opsdesk', 'deploy RFC-3 to pilot');
    await h.slack.waitFor(() => h.events.length === 3, 5000, 'two more commands');
    expect(h.events.slice(1).map((e) => (e as MessageEvent).text)).toEqual(['/help', '/deploy RFC-3 to pilot']);
  });

  it('renders cards as Block Kit with an escaped text fallback', async () => {
    const card: Card = {
      kind: 'ticket',
      title: 'INC-1042 Printer <room 12>',
      status: 'ASSIGNED',
      fields: [
        { label: 'Priority', value: 'P3' },
        { label: 'Reporter', value: 'Anna & co' },
      ],
      sections: [{ heading: 'Latest', lines: ['paper refilled', 'still jams'] }],
      footer: 'Reply in this thread to comment',
    };
    const ref = await h.adapter.post({ platform: 'slack', channel: OPS }, { text: 'INC-1042 <assigned>', card });
    const m = h.slack.messages(OPS).find((x) => x.ts === ref.messageId)!;
    expect(m.text).toBe('INC-1042 &lt;assigned&gt;');
    expect(m.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'INC-1042 Printer <room 12>', emoji: true } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*ASSIGNED*' },
        fields: [
          { type: 'mrkdwn', text: '*Priority*\nP3' },
          { type: 'mrkdwn', text: '*Reporter*\nAnna &amp; co' },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: '*Latest*\n• paper refilled\n• still jams' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Reply in this thread to comment' }] },
    ]);
  });

  it('coalesces edits: at most one chat.update per window, the latest content wins', async () => {
    const ref = await h.adapter.post({ platform: 'slack', channel: OPS }, { text: 'deploying 0/40' });
    const before = h.slack.calls('chat.update').length;
    const t0 = Date.now();
    for (let i = 1; i <= 40; i += 1) {
      await h.adapter.edit(ref, { text: `deploying ${i}/40` });
      await sleep(15);
    }
    await h.slack.waitFor(
      () => h.slack.messages(OPS).find((x) => x.ts === ref.messageId)?.text === 'deploying 40/40',
      3000,
      'the final edit',
    );
    const elapsed = Date.now() - t0;
    const updates = h.slack.calls('chat.update').slice(before);
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(elapsed / 300) + 1);
    expect(updates.length).toBeGreaterThanOrEqual(2);
    const at = updates.map((u) => u.at);
    for (let i = 1; i < at.length; i += 1) expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(290);
    const m = h.slack.messages(OPS).find((x) => x.ts === ref.messageId)!;
    expect(m.text).toBe('deploying 40/40');
    expect(h.slack.messages(OPS).filter((x) => x.text.startsWith('deploying'))).toHaveLength(1);
  });

  it('sends notices as ephemeral messages, or as a DM to someone outside the channel', async () => {
    const ops = { platform: 'slack', channel: OPS };
    await h.adapter.notice(ops, OSCAR, { text: 'Only CCB members vote' });
    expect(h.slack.ephemerals(OPS).at(-1)).toMatchObject({ user: OSCAR, text: 'Only CCB members vote', via: 'api' });
    h.slack.addUser({ id: 'U0GUEST', name: 'guest' });
    await h.adapter.notice(ops, 'U0GUEST', { text: 'psst' });
    const dm = h.slack.dmChannel('U0GUEST');
    expect(h.slack.botMessages(dm).at(-1)?.text).toBe('psst');
  });

  it('opens DMs with conversations.open once per user', async () => {
    const a = await h.adapter.openDirect(ANNA);
    const b = await h.adapter.openDirect(ANNA);
    expect(a).toEqual({ platform: 'slack', channel: h.slack.dmChannel(ANNA), direct: true });
    expect(b).toEqual(a);
    expect(h.slack.calls('conversations.open').filter((c) => c.args.users === ANNA)).toHaveLength(1);
  });

  it('uploads images after their message', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    await h.adapter.post(
      { platform: 'slack', channel: OPS },
      { text: 'Digest', image: { png, filename: 'digest.png', altText: 'Open incidents by priority' } },
    );
    const last = h.slack.messages(OPS).at(-1)!;
    expect(last.files?.[0]).toMatchObject({ name: 'digest.png', title: 'Open incidents by priority' });
  });

  it('waits out a 429 storm: every message arrives, in order per channel', async () => {
    const second = h.slack.addChannel({ id: 'C0CCB', name: 'ccb' }).id;
    h.slack.rateLimit('chat.postMessage', 4, 1);
    const t0 = Date.now();
    const limitedBefore = h.adapter.queue.rateLimitedCount;
    const sends = [];
    for (let i = 0; i < 6; i += 1) {
      sends.push(h.adapter.post({ platform: 'slack', channel: OPS }, { text: `ops ${i}` }));
      sends.push(h.adapter.post({ platform: 'slack', channel: second }, { text: `ccb ${i}` }));
    }
    await Promise.all(sends);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(h.adapter.queue.rateLimitedCount - limitedBefore).toBe(4);
    expect(
      h.slack
        .messages(OPS)
        .filter((m) => m.text.startsWith('ops '))
        .map((m) => m.text),
    ).toEqual(['ops 0', 'ops 1', 'ops 2', 'ops 3', 'ops 4', 'ops 5']);
    expect(h.slack.messages(second).map((m) => m.text)).toEqual(['ccb 0', 'ccb 1', 'ccb 2', 'ccb 3', 'ccb 4', 'ccb 5']);
  });

  it('reconnects after a disconnect message and a dropped socket; an unacknowledged event comes again', async () => {
    const opened = h.slack.hub.connectionsOpened;
    h.slack.hub.sendDisconnect('refresh_requested');
    await h.slack.waitFor(
      () => h.slack.hub.connectionsOpened > opened && h.adapter.isReady(),
      8000,
      'reconnect after disconnect',
    );
    // The socket drops while the bot is handling an event: its ack never arrives, Slack redelivers.
    let first = true;
    h.onEvent(async () => {
      if (first) {
        first = false;
        h.slack.hub.drop();
      }
    });
    const d = await h.slack.dm(ANNA, 'are you there?');
    expect(h.events.map((e) => e.eventId)).toEqual([d.eventId, d.eventId]);
    expect(d.socket!.attempts).toBe(2);
    expect(h.slack.hub.connectionsOpened).toBeGreaterThanOrEqual(opened + 2);
    await h.slack.waitFor(() => h.adapter.isReady(), 5000, 'ready again');
  });
});
