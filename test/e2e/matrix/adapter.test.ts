/**
 * The Matrix adapter against a real Synapse with a recording sink: translation of DMs, threads,
 * replies, mentions, reactions and their redaction, encrypted events; edits and cards out;
 * invites; M_LIMIT_EXCEEDED; restarts of the adapter (no event twice, none lost, gaps filled) and
 * of Synapse.
 */
import { Writable } from 'node:stream';
import type { ChatEvent, MessageEvent, ReactionEvent, UnreadableEvent } from '../../../src/chat/chat-event';
import { parseConfig } from '../../../src/config/load-config';
import { createLogger } from '../../../src/core/log';
import { createMatrixAdapter, type MatrixAdapter } from '../../../adapters/matrix/matrix-adapter';
import { withTestMongoose } from '../../support/db';
import { startSynapse, type SynapseServer, type SynapseUser } from '../../platforms/synapse';
import { MatrixUser, messagesFrom, shownBody } from './matrix-user';

jest.setTimeout(60_000);

describe('Matrix adapter against Synapse', () => {
  withTestMongoose('matrix');
  let hs: SynapseServer;
  let botAccount: SynapseUser;
  let anna: MatrixUser;
  let oscar: MatrixUser;
  let carl: MatrixUser;
  let opsRoom: string;
  let adapter: MatrixAdapter;
  const events: ChatEvent[] = [];
  const logLines: string[] = [];

  function newAdapter(): MatrixAdapter {
    const config = parseConfig({
      matrix: { enabled: true, homeserverUrl: hs.url, syncTimeoutMs: 1000, sendRetryMs: 60_000, otherInvites: 'leave' },
      channels: { operators: { matrix: opsRoom } },
    });
    const log = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk, _enc, cb) {
          logLines.push(String(chunk));
          cb();
        },
      }),
    });
    return createMatrixAdapter(config, { MATRIX_ACCESS_TOKEN: botAccount.accessToken }, log);
  }

  /** Set to make the sink fail (as the intake does when the database is down) for matching events. */
  let failFor: ((e: ChatEvent) => boolean) | undefined;
  const attempts: string[] = [];

  async function startAdapter(): Promise<MatrixAdapter> {
    const a = newAdapter();
    await a.start(async (e) => {
      attempts.push(e.eventId);
      if (failFor?.(e)) throw new Error('database unavailable');
      events.push(e);
    });
    return a;
  }

  async function waitForEvent<T extends ChatEvent>(pick: (e: ChatEvent) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = events.find(pick);
      if (found) return found as T;
      await new Promise((done) => setTimeout(done, 50));
    }
    throw new Error(`no such event; got ${JSON.stringify(events.map((e) => [e.type, e.eventId]))}`);
  }

  const byId = (id: string) => (e: ChatEvent) => e.eventId === id;

  beforeAll(async () => {
    hs = await startSynapse();
    botAccount = await hs.register('opsdesk', { displayName: 'Opsdesk' });
    anna = new MatrixUser(hs, await hs.register('anna', { displayName: 'Anna Berg' }));
    oscar = new MatrixUser(hs, await hs.register('oscar'));
    carl = new MatrixUser(hs, await hs.register('carl'));
    opsRoom = await oscar.createRoom({ public: true, name: 'operators' });
    await carl.join(opsRoom);
    adapter = await startAdapter();
  }, 120_000);

  afterAll(async () => {
    await adapter?.stop();
    await hs?.stop();
  });

  it('joins its configured room at start and syncs', async () => {
    expect(adapter.isReady()).toBe(true);
    expect(adapter.userId).toBe(botAccount.userId);
    expect(await oscar.membership(opsRoom, botAccount.userId)).toBe('join');
  });

  it('joins a DM on invite and delivers the message written before it joined, as direct', async () => {
    const dm = await anna.createRoom({ invite: [botAccount.userId], direct: true });
    const first = await anna.say(dm, 'the printer in room 12 prints nothing');
    const e = await waitForEvent<MessageEvent>(byId(first));
    expect(e).toMatchObject({
      type: 'message',
      platform: 'matrix',
      channel: dm,
      direct: true,
      messageId: first,
      text: 'the printer in room 12 prints nothing',
      user: { id: anna.id, displayName: 'Anna Berg' },
    });
    expect(e.thread).toBeUndefined();

    // The bot's reply, then a thread reply and a rich reply to it: both carry the thread.
    const reply = await adapter.post(
      { platform: 'matrix', channel: dm, direct: true },
      { text: 'Logged as `INC-1001`.' },
    );
    const seen = await anna.waitFor(dm, (ev) => ev.find((x) => x.event_id === reply.messageId));
    expect(seen.content).toMatchObject({
      msgtype: 'm.notice',
      body: 'Logged as INC-1001.', // plain: the markup is in formatted_body only
      formatted_body: 'Logged as <code>INC-1001</code>.',
    });
    const inThread = await anna.sayInThread(dm, reply.messageId, 'paper tray is full');
    expect(await waitForEvent<MessageEvent>(byId(inThread))).toMatchObject({
      thread: reply.messageId,
      text: 'paper tray is full',
    });
    const rich = await anna.replyTo(dm, seen, 'still broken');
    expect(await waitForEvent<MessageEvent>(byId(rich))).toMatchObject({
      thread: reply.messageId,
      text: 'still broken',
    });
    // A reply to a message inside a thread belongs to that thread.
    const threadEvent = (await anna.messages(dm)).find((x) => x.event_id === inThread)!;
    const deep = await anna.replyTo(dm, threadEvent, 'and again');
    expect(await waitForEvent<MessageEvent>(byId(deep))).toMatchObject({ thread: reply.messageId });
    // The bot never hears itself.
    expect(events.some((x) => x.user.id === botAccount.userId)).toBe(false);
  });

  it('strips a pill or a written name, marks the mention, and passes ! commands through in a room', async () => {
    const pill = await oscar.say(opsRoom, 'Opsdesk: !ticket list', {
      format: 'org.matrix.custom.html',
      formatted_body:
        `<a href="https://matrix.to/#/${encodeURIComponent(botAccount.userId)}">Opsdesk</a>: !ticket ` + `list`,
      'm.mentions': { user_ids: [botAccount.userId] },
    });
    expect(await waitForEvent<MessageEvent>(byId(pill))).toMatchObject({
      text: '!ticket list',
      mentioned: true,
      direct: false,
      channel: opsRoom,
    });
    const written = await oscar.say(opsRoom, `${botAccount.userId} /ticket show INC-1001`);
    expect(await waitForEvent<MessageEvent>(byId(written))).toMatchObject({
      text: '/ticket show INC-1001',
      mentioned: true,
    });
    const plain = await oscar.say(opsRoom, '!deploy RFC-3 to pilot');
    expect(await waitForEvent<MessageEvent>(byId(plain))).toMatchObject({
      text: '!deploy RFC-3 to pilot',
      mentioned: false,
      direct: false,
    });
  });

  it('turns reactions into votes and their redaction into a retraction, for any skin tone', async () => {
    const card = await adapter.post(
      { platform: 'matrix', channel: opsRoom },
      {
        text: 'RFC-7 needs your vote',
        card: {
          kind: 'rfc',
          title: 'RFC-7 Upgrade LibreOffice',
          status: 'VOTING',
          fields: [{ label: 'Risk', value: 'low <b>' }],
        },
      },
    );
    const shown = await oscar.waitFor(opsRoom, (ev) => ev.find((x) => x.event_id === card.messageId));
    expect(shown.content.format).toBe('org.matrix.custom.html');
    expect(shown.content.formatted_body).toContain('<h4>RFC-7 Upgrade LibreOffice <code>VOTING</code></h4>');
    expect(shown.content.formatted_body).toContain('low &lt;b&gt;');
    expect(shown.content.body).toContain('Risk: low <b>');

    const thumbs = await carl.react(opsRoom, card.messageId, '👍🏽');
    const added = await waitForEvent<ReactionEvent>(byId(thumbs));
    expect(added).toMatchObject({
      type: 'reaction',
      action: 'added',
      reaction: '👍🏽',
      user: { id: carl.id },
      target: { platform: 'matrix', channel: opsRoom, messageId: card.messageId },
    });
    const redaction = await carl.redact(opsRoom, thumbs);
    expect(await waitForEvent<ReactionEvent>(byId(redaction))).toMatchObject({
      type: 'reaction',
      action: 'removed',
      reaction: '👍🏽',
      user: { id: carl.id },
      target: { messageId: card.messageId },
    });
    // Redacting a message that is not a reaction is a removed message (a report's text must go).
    const msg = await carl.say(opsRoom, 'oops');
    await waitForEvent(byId(msg));
    const redactMsg = await carl.redact(opsRoom, msg);
    expect(await waitForEvent(byId(redactMsg))).toMatchObject({
      type: 'changed',
      change: 'removed',
      messageId: msg,
      user: { id: carl.id },
    });

    // The bot reacts with Unicode keys.
    await adapter.react(card, 'white_check_mark');
    await oscar.waitFor(opsRoom, (ev) =>
      ev.find(
        (x) => x.type === 'm.reaction' && x.sender === botAccount.userId && x.content['m.relates_to'].key === '✅',
      ),
    );
  });

  it('edits a message in place with m.replace and posts into threads with m.thread', async () => {
    const ref = await adapter.post({ platform: 'matrix', channel: opsRoom }, { text: 'Deploying RFC-3: 0/4' });
    for (const n of [1, 2, 3, 4]) await adapter.edit(ref, { text: `Deploying RFC-3: ${n}/4` });
    const note = await adapter.post(
      { platform: 'matrix', channel: opsRoom, thread: ref.messageId },
      { text: 'pc-12 failed: unreachable' },
    );
    expect(note.thread).toBe(ref.messageId);
    const evs = await oscar.waitFor(opsRoom, (ev) => (ev.some((x) => x.event_id === note.messageId) ? ev : undefined));
    const original = evs.find((x) => x.event_id === ref.messageId)!;
    expect(shownBody(evs, original)).toBe('Deploying RFC-3: 4/4');
    const edits = evs.filter(
      (x) =>
        x.content['m.relates_to']?.rel_type === 'm.replace' && x.content['m.relates_to'].event_id === ref.messageId,
    );
    expect(edits).toHaveLength(4);
    expect(edits[0].content.body).toBe('* Deploying RFC-3: 1/4');
    expect(evs.find((x) => x.event_id === note.messageId)!.content['m.relates_to']).toMatchObject({
      rel_type: 'm.thread',
      event_id: ref.messageId,
    });
  });

  it('sends a file on request (the CSV of `deploy show … --csv`) as an m.file after its message, in its thread', async () => {
    const csv = 'host,state,attempts,error,last_line,dropped,ended_at\r\npc-03,failed,1,exit code 3,disk full,no,\r\n';
    const root = await adapter.post(
      { platform: 'matrix', channel: opsRoom },
      { text: 'Deployment D-9 of RFC-4: done' },
    );
    const reply = await adapter.post(
      { platform: 'matrix', channel: opsRoom, thread: root.messageId },
      {
        text: 'Deployment D-9 of RFC-4: 1 host(s) failed. The whole list is attached: deploy-D-9-failed.csv.',
        file: { data: Buffer.from(csv), filename: 'deploy-D-9-failed.csv', mimetype: 'text/csv', title: 'D-9' },
      },
    );
    const file = await oscar.waitFor(opsRoom, (evs) =>
      evs.find((x) => x.content.msgtype === 'm.file' && x.content.filename === 'deploy-D-9-failed.csv'),
    );
    expect(file.content).toMatchObject({
      body: 'deploy-D-9-failed.csv',
      info: { mimetype: 'text/csv', size: csv.length },
    });
    expect(file.content['m.relates_to']).toMatchObject({ rel_type: 'm.thread', event_id: reply.thread });
    const [server, media] = String(file.content.url).replace('mxc://', '').split('/');
    const got = await fetch(`${hs.url}/_matrix/client/v1/media/download/${server}/${media}`, {
      headers: { authorization: `Bearer ${oscar.user.accessToken}` },
    });
    expect(await got.text()).toBe(csv);
  });

  it('opens a DM with is_direct, reuses it, and sends notices there', async () => {
    const dm = await adapter.openDirect(oscar.id);
    expect(dm).toMatchObject({ platform: 'matrix', direct: true });
    expect((await adapter.openDirect(oscar.id)).channel).toBe(dm.channel);
    await oscar.join(dm.channel);
    await adapter.notice({ platform: 'matrix', channel: opsRoom }, oscar.id, { text: 'only for you' });
    await oscar.waitFor(dm.channel, (ev) => ev.find((x) => x.content.body === 'only for you'));
    const createEvent = (await oscar.messages(dm.channel)).find(
      (x) => x.type === 'm.room.member' && x.state_key === oscar.id,
    );
    expect(createEvent?.content.is_direct).toBe(true);
  });

  it('declines invites to rooms that are neither DMs nor configured', async () => {
    const other = await oscar.createRoom({ invite: [botAccount.userId], name: 'random' });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (await oscar.membership(other, botAccount.userId)) !== 'leave')
      await new Promise((d) => setTimeout(d, 100));
    expect(await oscar.membership(other, botAccount.userId)).toBe('leave');
  });

  it('answers encrypted messages it cannot read with an unreadable event, once per person and room', async () => {
    expect(logLines.filter((l) => l.includes('end-to-end encryption is unavailable'))).toHaveLength(1);
    const room = await anna.createRoom({ invite: [botAccount.userId], direct: true, encrypted: true });
    const fake = {
      algorithm: 'm.megolm.v1.aes-sha2',
      ciphertext: 'AwgAEn…',
      device_id: 'ANNADEV',
      sender_key: 'k',
      session_id: 's',
    };
    const first = await anna.send(room, 'm.room.encrypted', fake);
    expect(await waitForEvent<UnreadableEvent>(byId(first))).toMatchObject({
      type: 'unreadable',
      reason: 'encrypted-no-crypto',
      direct: true,
      channel: room,
    });
    const second = await anna.send(room, 'm.room.encrypted', fake);
    const marker = await anna.say(room, 'plain text still works');
    await waitForEvent(byId(marker));
    expect(events.some((e) => e.eventId === second)).toBe(false);
    expect(logLines.some((l) => l.includes(second) && l.includes('hint already given'))).toBe(true);
  });

  it('waits out M_LIMIT_EXCEEDED and keeps every message in order', async () => {
    await hs.setRateLimit(botAccount.userId, { perSecond: 1, burst: 1 });
    try {
      const before = adapter.rateLimitedCount;
      const texts = Array.from({ length: 5 }, (_, i) => `burst ${i + 1}`);
      const refs = await Promise.all(
        texts.map((text) => adapter.post({ platform: 'matrix', channel: opsRoom }, { text })),
      );
      expect(adapter.rateLimitedCount).toBeGreaterThan(before);
      const evs = await oscar.messages(opsRoom);
      const burst = messagesFrom(evs, botAccount.userId).filter((e) => String(e.content.body).startsWith('burst '));
      expect(burst.map((e) => e.content.body)).toEqual(texts);
      expect(burst.map((e) => e.event_id)).toEqual(refs.map((r) => r.messageId));
    } finally {
      await hs.setRateLimit(botAccount.userId, { perSecond: 0, burst: 0 });
    }
  });

  it(
    'moves the sync position past an event only once the sink has it: a failed hand-over is delivered ' + 'again',
    async () => {
      const dm = await anna.createRoom({ invite: [botAccount.userId], direct: true });
      const warmup = await anna.say(dm, 'first');
      await waitForEvent(byId(warmup));
      let failures = 0;
      failFor = (e) => e.type === 'message' && e.text === 'second' && ++failures <= 2;
      try {
        const second = await anna.say(dm, 'second');
        const e = await waitForEvent<MessageEvent>(byId(second), 30_000);
        expect(e.text).toBe('second');
        expect(attempts.filter((id) => id === second)).toHaveLength(3);
        expect(logLines.some((l) => l.includes('handling a sync batch failed'))).toBe(true);
        expect(adapter.isReady()).toBe(true);
      } finally {
        failFor = undefined;
      }
    },
  );

  it(
    'after a restart handles nothing twice and catches up on everything written meanwhile, past the sync ' + 'window',
    async () => {
      const dm = await anna.createRoom({ invite: [botAccount.userId], direct: true });
      const hello = await anna.say(dm, 'hello before restart');
      await waitForEvent(byId(hello));
      await adapter.stop();
      expect(adapter.isReady()).toBe(false);

      const meanwhile: string[] = [];
      for (let i = 0; i < 60; i++) meanwhile.push(await anna.say(dm, `while the bot was down ${i}`));
      adapter = await startAdapter();
      for (const id of meanwhile) await waitForEvent(byId(id));
      const after = await anna.say(dm, 'after restart');
      await waitForEvent(byId(after));

      const ids = events.map((e) => e.eventId);
      expect(new Set(ids).size).toBe(ids.length);
      const order = events.filter((e) => meanwhile.includes(e.eventId)).map((e) => e.eventId);
      expect(order).toEqual(meanwhile);
      // More than the sync window (50) were missed: the gap was read back with /messages.
      expect(logLines.some((l) => l.includes('fetched the events a limited sync left out'))).toBe(true);
    },
  );

  it('survives a Synapse restart: a post made during the outage arrives, and messages after it are heard', async () => {
    await hs.halt();
    const during = adapter.post({ platform: 'matrix', channel: opsRoom }, { text: 'posted while Synapse was down' });
    await new Promise((d) => setTimeout(d, 1500));
    await hs.resume();
    const ref = await during;
    await oscar.waitFor(opsRoom, (ev) => ev.find((x) => x.event_id === ref.messageId));
    const said = await oscar.say(opsRoom, '!ticket list after the outage');
    expect(await waitForEvent<MessageEvent>(byId(said), 30_000)).toMatchObject({
      text: '!ticket list after the outage',
    });
    expect(adapter.isReady()).toBe(true);
    // Nothing twice: the post made during the outage is in the room once, the message after it is delivered once.
    const posted = (await oscar.messages(opsRoom)).filter((x) => x.content.body === 'posted while Synapse was down');
    expect(posted).toHaveLength(1);
    await new Promise((d) => setTimeout(d, 500));
    expect(events.filter((e) => e.eventId === said)).toHaveLength(1);
  });
});
