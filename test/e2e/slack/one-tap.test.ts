/**
 * One-tap answers on Slack, through the emulator and the whole bot, in both delivery modes: the
 * resolved notice carries Block Kit buttons (*Yes, fixed* / *Still broken*); a click arrives as a
 * `block_actions` payload (Socket Mode `interactive` envelope, or a signed HTTP form with
 * `payload`) and is acknowledged within 3 s; *Yes, fixed* closes the case, *Still broken* reopens
 * it, and the question is edited to show the answer without its buttons. What would break:
 * buttons Slack refuses (invalid_blocks), clicks not routed, a question left clickable after it
 * was answered.
 */
import { Ticket } from '../../../src/tickets/ticket.model';
import { buttonsOf } from '../../platforms/slack/payloads';
import { type SlackBot, startSlackBot } from './slack-bot';

describe.each(['socket', 'http'] as const)('Slack (%s): confirm and reopen with one tap', (mode) => {
  let s: SlackBot;
  beforeAll(async () => {
    s = await startSlackBot({ mode });
  });
  afterAll(() => s?.stop());

  async function resolvedCase(what: string): Promise<{ key: string; dm: string; ts: string }> {
    const report = await s.slack.dm('UANNA', what);
    const receipt = await s.slack.waitFor(
      () => s.slack.botMessages(report.channel).find((m) => /Logged as/u.test(m.text) && m.ts > report.ts),
      10_000,
      'the receipt',
    );
    const key = /INC-\d+/u.exec(receipt.text)![0];
    await s.slack.slash('UOSCAR', 'COPS', '/ticket', `resolve ${key} restarted the print spooler`);
    const question = await s.slack.waitFor(
      () => s.slack.botMessages(report.channel).find((m) => m.text.includes(`${key} is now *resolved*`)),
      10_000,
      'the resolved notice',
    );
    return { key, dm: report.channel, ts: question.ts };
  }

  it('the resolved notice asks "Fixed?" with two buttons; Yes, fixed closes the case', async () => {
    const { key, dm, ts } = await resolvedCase('the printer in room 12 prints nothing');
    const notice = s.slack.ws.message(dm, ts);
    expect(notice.text).toContain('*Fixed?*');
    expect(buttonsOf(notice).map((b) => [b.text, b.style])).toEqual([
      ['Yes, fixed', 'primary'],
      ['Still broken', 'danger'],
    ]);
    const click = await s.slack.clickButton('UANNA', dm, ts, 'Yes, fixed');
    expect(click.ackMs).toBeLessThan(3000);
    if (mode === 'http') expect(click.status).toBe(200);
    await s.slack.waitFor(
      () => s.slack.botMessages(dm).some((m) => m.text === `Thanks! ${key} is closed.`),
      10_000,
      'the thanks',
    );
    await s.adapter.idle();
    expect((await Ticket.findOne({ key }).lean())!.status).toBe('closed');
    // The question shows the answer and loses its buttons; a reaction on it afterwards changes nothing.
    const answered = await s.slack.waitFor(
      () => {
        const m = s.slack.ws.message(dm, ts);
        return buttonsOf(m).length === 0 && m.text.includes('Answered ✅ yes by Anna Berg') && m;
      },
      10_000,
      'the question edited',
    );
    expect(answered.text).toContain('*Fixed?*');
    await s.slack.reactionAdded('UANNA', dm, ts, 'x');
    await s.adapter.idle();
    expect((await Ticket.findOne({ key }).lean())!.status).toBe('closed');
  });

  it('Still broken reopens the case and tells the assignee', async () => {
    const { key, dm, ts } = await resolvedCase('the scanner in the library saves nothing');
    await s.slack.clickButton('UANNA', dm, ts, 'Still broken');
    await s.slack.waitFor(
      () => s.slack.botMessages(dm).some((m) => m.text.startsWith(`${key} is reopened`)),
      10_000,
      'the reopen answer',
    );
    const t = (await Ticket.findOne({ key }).lean())!;
    expect([t.status, t.reopenCount]).toEqual(['new', 1]);
    expect(t.events.some((e) => e.kind === 'reopened' && e.actorId === 'anna')).toBe(true);
  });
});
