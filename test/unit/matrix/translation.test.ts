/**
 * The Matrix adapter's pure parts, without a homeserver: mentions, reply fallbacks, relations,
 * rendering, the outbound queue's retry rules and the sync batch cut-offs.
 */
import fc from 'fast-check';
import pino from 'pino';
import {
  isReadableMessage,
  redactedEventId,
  relationOf,
  stripMention,
  stripReplyFallback,
  type RawMatrixEvent,
} from '../../../adapters/matrix/inbound';
import { editOf, inThread, reactionOf, renderContent, withMentions } from '../../../adapters/matrix/render';
import { QueueClosedError, SendQueue } from '../../../adapters/matrix/send-queue';
import { fillGap, prepareBatch, type SyncResponse } from '../../../adapters/matrix/sync-batch';
import { normalizeReaction } from '../../../src/chat/emoji';

const BOT = { userId: '@opsdesk:localhost', displayName: 'Opsdesk' };
const ev = (partial: Partial<RawMatrixEvent>): RawMatrixEvent => ({
  event_id: '$e',
  type: 'm.room.message',
  sender: '@anna:localhost',
  ...partial,
});

describe('mentions', () => {
  const pill = (text: string, name = 'Opsdesk') => ({
    format: 'org.matrix.custom.html',
    formatted_body: `<a href="https://matrix.to/#/%40opsdesk%3Alocalhost">${name}</a>${text}`,
  });

  it.each([
    ['Opsdesk: !ticket list', {}, '!ticket list'],
    ['opsdesk, the printer is broken', {}, 'the printer is broken'],
    ['@opsdesk:localhost /deploy RFC-3', {}, '/deploy RFC-3'],
    ['@opsdesk help', {}, 'help'],
    ['Desk bot: !ticket list', pill(': !ticket list', 'Desk bot'), '!ticket list'],
  ])('strips a leading mention from %j', (body, extra, text) => {
    expect(stripMention({ body, ...extra }, body, BOT)).toEqual({ text, mentioned: true });
  });

  it('drops a pill in the middle of the text and marks the mention', () => {
    const body = 'hey Opsdesk the projector is dead';
    const content = {
      body,
      format: 'org.matrix.custom.html',
      formatted_body: 'hey <a href="https://matrix.to/#/@opsdesk:localhost">Opsdesk</a> the projector is dead',
    };
    expect(stripMention(content, body, BOT)).toEqual({ text: 'hey the projector is dead', mentioned: true });
  });

  it('takes intentional m.mentions as a mention without changing the text', () => {
    expect(stripMention({ 'm.mentions': { user_ids: [BOT.userId] } }, 'look at this', BOT)).toEqual({
      text: 'look at this',
      mentioned: true,
    });
  });

  it('does not take a longer word or another user for the bot', () => {
    expect(stripMention({}, 'opsdeskbot is another bot', BOT)).toEqual({
      text: 'opsdeskbot is another bot',
      mentioned: false,
    });
    const other = {
      format: 'org.matrix.custom.html',
      formatted_body: '<a href="https://matrix.to/#/@oscar:localhost">Oscar</a>: hi',
    };
    expect(stripMention(other, 'Oscar: hi', BOT)).toEqual({ text: 'Oscar: hi', mentioned: false });
  });
});

describe('relations and fallbacks', () => {
  it('reads threads, replies, edits and annotations', () => {
    expect(
      relationOf(
        ev({
          content: {
            'm.relates_to': { rel_type: 'm.thread', event_id: '$root', 'm.in_reply_to': { event_id: '$root' } },
          },
        }),
      ),
    ).toEqual({ kind: 'thread', root: '$root' });
    expect(relationOf(ev({ content: { 'm.relates_to': { 'm.in_reply_to': { event_id: '$x' } } } }))).toEqual({
      kind: 'reply',
      to: '$x',
    });
    expect(relationOf(ev({ content: { 'm.relates_to': { rel_type: 'm.replace', event_id: '$x' } } }))).toEqual({
      kind: 'replace',
      target: '$x',
    });
    expect(
      relationOf(
        ev({
          type: 'm.reaction',
          content: { 'm.relates_to': { rel_type: 'm.annotation', event_id: '$x', key: '👍' } },
        }),
      ),
    ).toEqual({ kind: 'annotation', target: '$x', key: '👍' });
    expect(relationOf(ev({ content: { 'm.relates_to': { rel_type: 'm.annotation', event_id: '$x' } } }))).toEqual({
      kind: 'none',
    });
    expect(relationOf(ev({ content: {} }))).toEqual({ kind: 'none' });
  });

  it('finds the redacted event before and after room version 11', () => {
    expect(redactedEventId(ev({ type: 'm.room.redaction', redacts: '$a' }))).toBe('$a');
    expect(redactedEventId(ev({ type: 'm.room.redaction', content: { redacts: '$b' } }))).toBe('$b');
  });

  it('removes the quoted reply fallback and keeps the answer', () => {
    expect(stripReplyFallback('> <@opsdesk:localhost> Logged as INC-1\n> second line\n\nstill broken')).toBe(
      'still broken',
    );
    expect(stripReplyFallback('no quote here')).toBe('no quote here');
  });

  it('maps Matrix reaction keys to the same votes as Slack names, with and without modifiers', () => {
    const same = (matrixKey: string, slackName: string) =>
      expect(normalizeReaction(matrixKey)).toBe(normalizeReaction(slackName));
    same('👍', '+1');
    same('👍🏽', '+1::skin-tone-4');
    same('👎🏿', '-1::skin-tone-6');
    same('✅', 'white_check_mark');
    same('❌', 'x');
    same('✔️', 'heavy_check_mark');
    same('🤷‍♀️', 'shrug');
  });
});

describe('what is read', () => {
  // Catches: another bot's notices read as reports (two bots answering each other), and an allow-listed bot not heard.
  it('reads text, emotes and media; notices only from an allow-listed bot', () => {
    const msg = (msgtype: string) => ev({ content: { msgtype, body: 'printer down' } });
    expect(isReadableMessage(msg('m.text'))).toBe(true);
    expect(isReadableMessage(msg('m.emote'))).toBe(true);
    expect(isReadableMessage(msg('m.notice'))).toBe(false);
    expect(isReadableMessage(msg('m.notice'), true)).toBe(true);
    // Media are read (a caption is a report; without one the sender is asked for a sentence).
    expect(isReadableMessage(msg('m.image'))).toBe(true);
  });
});

describe('rendering', () => {
  // Catches: Slack-style *bold* and backticks left in the plain body Matrix clients show.
  it('sends plain text without HTML and marks up code, bold and italics with a plain body', () => {
    expect(renderContent({ text: 'hello' })).toEqual({ msgtype: 'm.notice', body: 'hello', 'm.mentions': {} });
    expect(renderContent({ text: 'hello' }, 'm.text').msgtype).toBe('m.text');
    expect(renderContent({ text: 'Logged as *INC-7*. Type `ticket show INC-7` _now_' })).toEqual({
      msgtype: 'm.notice',
      body: 'Logged as INC-7. Type ticket show INC-7 now',
      format: 'org.matrix.custom.html',
      formatted_body: 'Logged as <b>INC-7</b>. Type <code>ticket show INC-7</code> <i>now</i>',
      'm.mentions': {},
    });
  });

  it('renders a card as HTML and as a readable plain body', () => {
    const c = renderContent({
      text: 'RFC-3 approved',
      card: {
        kind: 'rfc',
        title: 'RFC-3 LibreOffice 7.6',
        status: 'APPROVED',
        fields: [{ label: 'Votes', value: '3 for' }],
        sections: [{ heading: 'Voters', lines: ['carl ✅'] }],
        footer: 'decided 10:02',
      },
    });
    expect(c.body).toBe(
      'RFC-3 approved\n\nRFC-3 LibreOffice 7.6 [APPROVED]\nVotes: 3 for\n\nVoters\n• carl ✅\n\ndecided 10:02',
    );
    expect(c.formatted_body).toBe(
      '<p>RFC-3 approved</p><h4>RFC-3 LibreOffice 7.6 <code>APPROVED</code></h4><p><b>Votes:</b> 3 ' +
        'for</p><p><b>Voters</b></p><ul><li>carl ✅</li></ul><p><sub>decided 10:02</sub></p>',
    );
  });

  it('never lets user text become HTML', () => {
    const ours = /<\/?(code|b|i|br|p|h4|ul|li|sub)>/gu;
    fc.assert(
      fc.property(fc.string(), fc.string(), (text, field) => {
        const plain = renderContent({ text });
        const card = renderContent({
          text,
          card: {
            kind: 'generic',
            title: field,
            fields: [{ label: field, value: text }],
            sections: [{ lines: [text] }],
          },
        });
        for (const c of [plain, card]) {
          if (c.formatted_body) expect(c.formatted_body.replace(ours, '')).not.toMatch(/[<>]/u);
        }
      }),
    );
  });

  it('wraps edits in m.replace with m.new_content and thread replies in m.thread', () => {
    const content = renderContent({ text: 'Deploying 3/4' });
    expect(editOf('$p', content)).toEqual({
      msgtype: 'm.notice',
      body: '* Deploying 3/4',
      'm.mentions': {},
      'm.new_content': { msgtype: 'm.notice', body: 'Deploying 3/4', 'm.mentions': {} },
      'm.relates_to': { rel_type: 'm.replace', event_id: '$p' },
    });
    expect(inThread(content, '$root')['m.relates_to']).toEqual({
      rel_type: 'm.thread',
      event_id: '$root',
      is_falling_back: true,
      'm.in_reply_to': { event_id: '$root' },
    });
  });

  // Catches: a message that pings nobody sent without m.mentions (homeservers then read `@room` and
  // display names in the body), and a notify list that leaks other platforms' ids or repeats.
  it('names exactly the Matrix users a message notifies in m.mentions, and nobody otherwise', () => {
    expect(renderContent({ text: '@room the printer is broken' })['m.mentions']).toEqual({});
    const notify = [
      { platform: 'matrix', userId: '@petra:school.example' },
      { platform: 'slack', userId: 'UPETRA' },
      { platform: 'matrix', userId: '@petra:school.example' },
      { platform: 'matrix', userId: 'not a user id' },
    ];
    expect(renderContent({ text: 'INC-4 is assigned to you', notify })['m.mentions']).toEqual({
      user_ids: ['@petra:school.example'],
    });
    const card = renderContent({ text: 'x', card: { kind: 'generic', title: 'x' }, notify });
    expect(card['m.mentions']).toEqual({ user_ids: ['@petra:school.example'] });
    // An edit notifies nobody again; its new content keeps the full list.
    const edit = editOf('$p', card);
    expect(edit['m.mentions']).toEqual({});
    expect((edit['m.new_content'] as Record<string, unknown>)['m.mentions']).toEqual({
      user_ids: ['@petra:school.example'],
    });
    expect(reactionOf('$p', '👍')['m.mentions']).toEqual({});
    expect(withMentions({ msgtype: 'm.image', body: 'chart' })).toEqual({
      msgtype: 'm.image',
      body: 'chart',
      'm.mentions': {},
    });
    expect(withMentions({ body: 'x', 'm.mentions': { user_ids: ['@a:b'] } })['m.mentions']).toEqual({
      user_ids: ['@a:b'],
    });
  });
});

describe('outbound queue', () => {
  const log = pino({ level: 'silent' });
  const limited = (ms?: number) =>
    Object.assign(new Error('M_LIMIT_EXCEEDED'), { errcode: 'M_LIMIT_EXCEEDED', retryAfterMs: ms });

  it('waits retry_after_ms and retries, keeping the order of a room', async () => {
    const waits: number[] = [];
    const q = new SendQueue({ log, maxRetryMs: 1000, sleep: async (ms) => void waits.push(ms) });
    const sent: string[] = [];
    let refusals = 2;
    const send = (text: string) =>
      q.enqueue('!room', 'post', async () => {
        if (text === 'a' && refusals-- > 0) throw limited(1234);
        sent.push(text);
        return text;
      });
    expect(await Promise.all([send('a'), send('b'), send('c')])).toEqual(['a', 'b', 'c']);
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(waits).toEqual([1234, 1234]);
    expect(q.rateLimitedCount).toBe(2);
  });

  it('retries while the server is unreachable, then gives up after maxRetryMs', async () => {
    const q = new SendQueue({ log, maxRetryMs: 0, sleep: async () => undefined });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    await expect(q.enqueue('!r', 'post', async () => Promise.reject(refused))).rejects.toBe(refused);
    let calls = 0;
    const q2 = new SendQueue({ log, maxRetryMs: 60_000, sleep: async () => undefined });
    expect(await q2.enqueue('!r', 'post', async () => (++calls < 4 ? Promise.reject(refused) : 'ok'))).toBe('ok');
    expect(calls).toBe(4);
  });

  it('rejects other errors at once and goes on with the next request', async () => {
    const q = new SendQueue({ log, maxRetryMs: 60_000, sleep: async () => undefined });
    const forbidden = Object.assign(new Error('M_FORBIDDEN'), { errcode: 'M_FORBIDDEN', statusCode: 403 });
    const first = q.enqueue('!r', 'post', async () => Promise.reject(forbidden));
    const second = q.enqueue('!r', 'post', async () => 'next');
    await expect(first).rejects.toBe(forbidden);
    expect(await second).toBe('next');
  });

  it('refuses new requests once closed', async () => {
    const q = new SendQueue({ log, maxRetryMs: 0 });
    expect(await q.close(10)).toBe(true);
    await expect(q.enqueue('!r', 'post', async () => 'x')).rejects.toBeInstanceOf(QueueClosedError);
  });
});

describe('sync batches', () => {
  const msg = (id: string, ts: number): RawMatrixEvent =>
    ev({ event_id: id, origin_server_ts: ts, content: { msgtype: 'm.text', body: id } });
  const member = (id: string, membership: string, prev?: string): RawMatrixEvent =>
    ev({
      event_id: id,
      type: 'm.room.member',
      sender: BOT.userId,
      state_key: BOT.userId,
      content: { membership },
      ...(prev ? { unsigned: { prev_content: { membership: prev } } } : {}),
    });
  const batch = (events: RawMatrixEvent[], limited = false): SyncResponse => ({
    next_batch: 's2',
    rooms: { join: { '!r': { timeline: { events, limited, prev_batch: 'p1' } } } },
  });
  const ids = (b: SyncResponse) => b.rooms!.join!['!r'].timeline!.events!.map((e) => e.event_id);

  it("answers none of an account's first sync, but keeps state", () => {
    const b = batch([member('$m', 'join'), msg('$old', 1)]);
    expect(prepareBatch(b, { botUserId: BOT.userId, initial: true, invitedAt: () => undefined })).toEqual([]);
    expect(ids(b)).toEqual(['$m']);
  });

  it('keeps what was written after the invite in a newly joined room, not the history before it', () => {
    const b = batch([
      msg('$history', 1),
      member('$inv', 'invite'),
      msg('$dm', 2),
      member('$join', 'join', 'invite'),
      msg('$after', 3),
    ]);
    prepareBatch(b, { botUserId: BOT.userId, initial: false, invitedAt: () => undefined });
    expect(ids(b)).toEqual(['$inv', '$dm', '$join', '$after']);
  });

  it('falls back to the time the invite was seen, and to nothing for rooms joined uninvited', () => {
    const b = batch([msg('$before', 100), msg('$since', 200), member('$join', 'join')]);
    prepareBatch(b, { botUserId: BOT.userId, initial: false, invitedAt: () => 150 });
    expect(ids(b)).toEqual(['$since', '$join']);
    const c = batch([msg('$before', 100), member('$join', 'join')]);
    prepareBatch(c, { botUserId: BOT.userId, initial: false, invitedAt: () => undefined });
    expect(ids(c)).toEqual(['$join']);
  });

  it('names limited timelines as gaps and fills them without repeats', () => {
    const b = batch([msg('$3', 3), msg('$4', 4)], true);
    expect(prepareBatch(b, { botUserId: BOT.userId, initial: false, invitedAt: () => undefined })).toEqual([
      { roomId: '!r', from: 'p1' },
    ]);
    fillGap(b, '!r', [msg('$1', 1), msg('$2', 2), msg('$3', 3)]);
    expect(ids(b)).toEqual(['$1', '$2', '$3', '$4']);
  });
});
