/**
 * Stray input and floods in Slack, through the real adapter, the emulator and the whole bot: a
 * photo shared without a caption is answered with a request for a sentence (before: no answer at
 * all), one with a caption is logged with its permalink on the case; `/opsdesk ?` is answered
 * privately as no command; Slack Connect guests of one team share that team's limit of new reports
 * while the school's own members report as usual.
 */
import { Ticket, type TicketDoc } from '../../../src/tickets/ticket.model';
import { type SlackBot, startSlackBot } from './slack-bot';

jest.setTimeout(60_000);

describe('Slack: stray input and a guest team over its limit', () => {
  let s: SlackBot;
  beforeAll(async () => {
    s = await startSlackBot({
      mode: 'socket',
      config: { limits: { reportsPerOrigin: { count: 3, minutes: 10 }, reportsPerPerson: { count: 5, minutes: 10 } } },
    });
    for (let i = 1; i <= 5; i++) s.slack.addUser({ id: `UGUEST${i}`, name: `guest${i}`, realName: `Guest ${i}` });
  });
  afterAll(() => s?.stop());

  const lastAnswer = (channel: string) => s.slack.botMessages(channel).at(-1)?.text ?? '';

  it('a photo without a caption is answered with a request for a sentence; nothing is logged', async () => {
    const m = await s.slack.dm('UANNA', '', { files: [{ name: 'IMG_0042.jpg', mimetype: 'image/jpeg' }] });
    await s.adapter.idle();
    expect(lastAnswer(m.channel)).toBe(
      'I got your picture (IMG_0042.jpg), but no words with it, so I have not logged anything. Please send it again ' +
        'with a sentence saying what is wrong, as its caption.',
    );
    expect(await Ticket.countDocuments()).toBe(0);
  });

  it('a photo with a caption becomes a case with the file as a link', async () => {
    const m = await s.slack.dm('UANNA', 'the printer in room 12 shows this error', {
      files: [{ name: 'IMG_0043.jpg', mimetype: 'image/jpeg' }],
    });
    await s.adapter.idle();
    expect(lastAnswer(m.channel)).toMatch(/^Logged as \*INC-\d+\*/u);
    const t = await Ticket.findOne({ reporterId: 'anna' }).lean<TicketDoc>();
    expect(t!.text).toBe('the printer in room 12 shows this error');
    expect(t!.events[0].attachments).toEqual([{ kind: 'image', name: 'IMG_0043.jpg', url: m.files![0].permalink }]);
    expect(m.files![0].permalink).toMatch(/^https:\/\/opsdesk-school\.slack\.com\/files\/UANNA\/F/u);
  });

  it('/opsdesk ? is answered privately as no command', async () => {
    const dm = s.slack.dmChannel('UBJORN');
    const before = s.slack.botMessages(dm).length;
    await s.slack.slash('UBJORN', dm, '/opsdesk', '?');
    await s.adapter.idle();
    const answer = await s.slack.waitFor(() => s.slack.botMessages(dm).slice(before)[0], 5000, 'the answer');
    expect(answer.text).toContain('`/?` is not a command — type /help.');
    expect(await Ticket.countDocuments({ reporterId: 'bjorn' })).toBe(0);
  });

  it(
    "guests of one team share its limit: 3 cases, the other 2 told once; the school's own members report as " + 'usual',
    async () => {
      for (let i = 1; i <= 5; i++) {
        await s.slack.dm(`UGUEST${i}`, `guest ${i}: the shared drive is gone`, { userTeam: 'T0GUEST99' });
        await s.adapter.idle();
      }
      for (let i = 1; i <= 5; i++) {
        await s.slack.dm(`UGUEST${i}`, `guest ${i}: still gone`, { userTeam: 'T0GUEST99' });
        await s.adapter.idle();
      }
      const guestCases = await Ticket.find({ reporterId: /^slack:UGUEST/u }).lean<TicketDoc[]>();
      expect(guestCases.map((t) => t.reporterId).sort()).toEqual(['slack:UGUEST1', 'slack:UGUEST2', 'slack:UGUEST3']);
      for (let i = 4; i <= 5; i++) {
        const texts = s.slack.botMessages(s.slack.dmChannel(`UGUEST${i}`)).map((m) => m.text);
        expect(texts).toHaveLength(1);
        expect(texts[0]).toMatch(
          /^Many reports are arriving from your Slack workspace \(T0GUEST99\) at the moment, so I have not logged this one\. Please send it again after \d\d:\d\d;/u,
        );
      }
      const own = await s.slack.dm('UINGRID', 'the smartboard in room 7 is frozen');
      await s.adapter.idle();
      expect(lastAnswer(own.channel)).toMatch(/^Logged as \*INC-\d+\*/u);
    },
  );
});
