/**
 * The adapter's pure parts: Block Kit within Slack's limits for any card (checked by the
 * emulator's validator), Slack text to plain text, and which events become ChatEvents.
 */
import fc from 'fast-check';
import { MAX_BLOCKS_SIZE, renderCard, renderMessage } from '../../../adapters/slack/block-kit-renderer';
import { translateEvent, translateSlashCommand } from '../../../adapters/slack/event-translator';
import { slackTextToPlain } from '../../../adapters/slack/mrkdwn';
import type { Card } from '../../../src/chat/out-message';
import { validateBlocks } from '../../platforms/slack/web-api';

const bot = { userId: 'UBOT', botId: 'BBOT' };
const at = new Date('2026-03-02T08:00:00Z');

describe('Block Kit rendering', () => {
  const cardArb: fc.Arbitrary<Card> = fc.record({
    kind: fc.constantFrom('ticket', 'rfc', 'deploy', 'digest', 'stats', 'help', 'generic') as fc.Arbitrary<
      Card['kind']
    >,
    title: fc.string({ maxLength: 300 }),
    status: fc.option(fc.string({ minLength: 1, maxLength: 80 }), { nil: undefined }),
    fields: fc.option(
      fc.array(fc.record({ label: fc.string({ maxLength: 60 }), value: fc.string({ maxLength: 3000 }) }), {
        maxLength: 35,
      }),
      { nil: undefined },
    ),
    sections: fc.option(
      fc.array(
        fc.record({
          heading: fc.option(fc.string({ maxLength: 80 }), { nil: undefined }),
          lines: fc.array(fc.string({ maxLength: 400 }), { maxLength: 60 }),
        }),
        { maxLength: 60 },
      ),
      { nil: undefined },
    ),
    footer: fc.option(fc.string({ maxLength: 4000 }), { nil: undefined }),
  });

  it('keeps every card within Slack limits', () => {
    fc.assert(
      fc.property(cardArb, (card) => {
        const blocks = renderCard(card);
        expect(() => validateBlocks(blocks)).not.toThrow();
        expect(blocks.length).toBeLessThanOrEqual(50);
        if (card.footer) expect(blocks.at(-1)?.type).toBe('context');
      }),
      { numRuns: 150 },
    );
  });

  it('splits long lists and many fields instead of cutting them', () => {
    const lines = Array.from({ length: 120 }, (_, i) => `INC-${1000 + i} printer jam in room ${i}`);
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `f${i}`, value: String(i) }));
    const blocks = renderCard({ kind: 'digest', title: 'Digest', fields, sections: [{ heading: 'Open', lines }] });
    const sections = blocks.filter((b) => b.type === 'section') as { fields?: unknown[]; text?: { text: string } }[];
    expect(sections.filter((s) => s.fields).map((s) => s.fields!.length)).toEqual([10, 10, 3]);
    const listed = sections
      .filter((s) => !s.fields)
      .map((s) => s.text!.text)
      .join('\n');
    for (const l of lines) expect(listed).toContain(l);
  });

  it(
    'cuts a list too long for Slack to its first lines and "… and N more", keeping status, later sections and ' +
      'footer',
    () => {
      const lines = Array.from(
        { length: 400 },
        (_, i) =>
          `pc-${i}.lab.example: unreachable (ssh: connect to host pc-${i}.lab.example port 22: Connection timed out)`,
      );
      const card: Card = {
        kind: 'deploy',
        title: 'D-1',
        status: 'DONE',
        sections: [{ lines: ['600/600 done'] }, { heading: 'Chase list (400)', lines }, { lines: ['took 12 min'] }],
        footer: 'by Rolf',
      };
      const blocks = renderCard(card);
      expect(JSON.stringify(blocks).length).toBeLessThanOrEqual(MAX_BLOCKS_SIZE);
      const text = blocks.map((b) => JSON.stringify(b)).join('\n');
      const more = Number(/… and (\d+) more/u.exec(text)?.[1]);
      const shown = lines.filter((l) => text.includes(`${l}\\n`) || text.includes(`${l}"`));
      expect(shown.length).toBeGreaterThan(20);
      expect(shown).toEqual(lines.slice(0, shown.length));
      expect(shown.length + more).toBe(400);
      expect(blocks[1]).toMatchObject({ type: 'section', text: { text: '*DONE*' } });
      expect(text).toContain('took 12 min');
      expect(blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'by Rolf' }] });
    },
  );

  it('sends plain text alone when there is no card, escaped', () => {
    expect(renderMessage({ text: 'a <b> & c' })).toEqual({ text: 'a &lt;b&gt; &amp; c' });
  });
});

describe('Slack text to plain text', () => {
  it.each([
    ['&lt;script&gt; &amp; co', '<script> & co'],
    ['see <https://x.example/a|the wiki>', 'see the wiki (https://x.example/a)'],
    ['see <https://x.example/a>', 'see https://x.example/a'],
    ['mail <mailto:a@b.no|a@b.no>', 'mail a@b.no'],
    ['in <#C123|operators>', 'in #operators'],
    ['<!here> help', '@here help'],
    ['assign to <@U123|oscar>', 'assign to <@U123|oscar>'],
  ])('%s', (slack, plain) => {
    expect(slackTextToPlain(slack)).toBe(plain);
  });
});

describe('which Slack events become ChatEvents', () => {
  const im = (extra: Record<string, unknown>) => ({
    event_id: 'Ev1',
    event: { type: 'message', channel: 'D1', channel_type: 'im', user: 'UANNA', text: 'hi', ts: '1.000001', ...extra },
  });

  it('drops the bot itself, other bots and non-person subtypes', () => {
    expect(translateEvent(im({ user: 'UBOT' }), bot, at)).toBeUndefined();
    expect(translateEvent(im({ bot_id: 'BBOT' }), bot, at)).toBeUndefined();
    expect(translateEvent(im({ subtype: 'bot_message', bot_id: 'BOTHER' }), bot, at)).toBeUndefined();
    for (const subtype of ['message_changed', 'message_deleted', 'channel_join'])
      expect(translateEvent(im({ subtype }), bot, at)).toBeUndefined();
    expect(translateEvent(im({ subtype: 'file_share' }), bot, at)).toMatchObject({ type: 'message', text: 'hi' });
  });

  // Catches: another app's bot (bot_id, no subtype) answered as a person, and an allow-list that does not let a named
  // bot through.
  it("drops other apps' bots unless allow-listed by bot id or bot user id", () => {
    const other = { user: 'UMONITOR', bot_id: 'BMONITOR', text: '!ticket list' };
    expect(translateEvent(im(other), bot, at)).toBeUndefined();
    expect(translateEvent(im(other), bot, at, { allowBots: ['BOTHER'] })).toBeUndefined();
    expect(translateEvent(im(other), bot, at, { allowBots: ['BMONITOR'] })).toMatchObject({
      type: 'message',
      text: '!ticket list',
      user: { id: 'UMONITOR' },
    });
    expect(translateEvent(im(other), bot, at, { allowBots: ['UMONITOR'] })).toMatchObject({ type: 'message' });
    const mention = {
      event_id: 'Ev9',
      event: { type: 'app_mention', channel: 'C1', ts: '2.000001', ...other, text: '<@UBOT> printer down' },
    };
    expect(translateEvent(mention, bot, at)).toBeUndefined();
    // The bot itself stays dropped even if someone lists it.
    expect(
      translateEvent(im({ user: 'UBOT', bot_id: 'BBOT' }), bot, at, { allowBots: ['BBOT', 'UBOT'] }),
    ).toBeUndefined();
  });

  // Catches: the author's team not carried to the core (external users could not be told apart).
  it("carries the author's team: user_team first, else the message's team", () => {
    expect(translateEvent(im({ team: 'T0SCHOOL' }), bot, at)).toMatchObject({
      user: { id: 'UANNA', team: 'T0SCHOOL' },
    });
    expect(translateEvent(im({ team: 'T0SCHOOL', user_team: 'T0PARTNER' }), bot, at)).toMatchObject({
      user: { team: 'T0PARTNER' },
    });
    expect(translateEvent(im({}), bot, at)).toMatchObject({ user: { id: 'UANNA' } });
    expect((translateEvent(im({}), bot, at) as { user: object }).user).not.toHaveProperty('team');
  });

  it('treats a thread root (thread_ts equal to ts) as no thread', () => {
    expect(translateEvent(im({ thread_ts: '1.000001' }), bot, at)).not.toHaveProperty('thread');
    expect(translateEvent(im({ thread_ts: '0.500000' }), bot, at)).toMatchObject({ thread: '0.500000' });
  });

  it('ignores reactions on files and events without a user', () => {
    const r = {
      event_id: 'Ev2',
      event: { type: 'reaction_added', user: 'UCARL', reaction: 'x', item: { type: 'file', file: 'F1' } },
    };
    expect(translateEvent(r, bot, at)).toBeUndefined();
    expect(
      translateEvent(
        { event_id: 'Ev3', event: { type: 'message', channel: 'D1', channel_type: 'im', text: 'x', ts: '1.1' } },
        bot,
        at,
      ),
    ).toBeUndefined();
  });

  it('maps /opsdesk to help or to the named command', () => {
    const cmd = (command: string, text: string) =>
      translateSlashCommand({ command, text, channel_id: 'C1', user_id: 'U1', trigger_id: 't.1' }, 'opsdesk', at).text;
    expect(cmd('/opsdesk', '')).toBe('/help');
    expect(cmd('/opsdesk', 'help ticket')).toBe('/help ticket');
    expect(cmd('/opsdesk', 'ticket list')).toBe('/ticket list');
    expect(cmd('/ticket', '')).toBe('/ticket');
    expect(cmd('/TICKET', 'show INC-1')).toBe('/ticket show INC-1');
  });
});
