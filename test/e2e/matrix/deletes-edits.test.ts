/**
 * Deletes that delete and edits that count, through the whole bot and a real Synapse, driven like
 * Element: a teacher redacts a report that held her password (the bot redacts its receipt, the
 * case keeps no trace of the text but a "removed by the reporter" entry, the assignee is told, the
 * case stays open); she edits another report (the case takes the new text, the history keeps
 * both, the bot says so in the thread); an edited command is not run.
 */
import { REMOVED_TEXT } from '../../../src/tickets/report-changes';
import { Ticket } from '../../../src/tickets/ticket.model';
import { startSynapse, type SynapseServer, type SynapseUser } from '../../platforms/synapse';
import type { TestBot } from '../../support/test-bot';
import { startMatrixBot } from './matrix-bot';
import { MatrixUser, messagesFrom, type RoomEvent, shownBody } from './matrix-user';

jest.setTimeout(90_000);

const SECRET = 'Hunter2-Winter!';

describe('Matrix (Synapse): deleted and edited messages', () => {
  let hs: SynapseServer;
  let botAccount: SynapseUser;
  let anna: MatrixUser;
  let oscar: MatrixUser;
  let petra: MatrixUser;
  let opsRoom: string;
  let annaDm: string;
  let bot: TestBot;

  const fromBot = (events: RoomEvent[]) => messagesFrom(events, botAccount.userId);
  const botCount = async (who: MatrixUser, room: string) => fromBot(await who.messages(room)).length;
  const botSaid = (who: MatrixUser, room: string, needle: string, after = 0) =>
    who.waitFor(room, (ev) =>
      fromBot(ev)
        .slice(after)
        .find((e) => String(e.content.body).includes(needle)),
    );
  /** An edit as Element sends it. */
  const edit = (who: MatrixUser, room: string, target: string, text: string) =>
    who.send(room, 'm.room.message', {
      msgtype: 'm.text',
      body: `* ${text}`,
      'm.new_content': { msgtype: 'm.text', body: text },
      'm.relates_to': { rel_type: 'm.replace', event_id: target },
    });
  const report = async (text: string) => {
    const before = await botCount(anna, annaDm);
    const eventId = await anna.say(annaDm, text);
    const receipt = await botSaid(anna, annaDm, 'Logged as', before);
    return { eventId, receipt, key: /INC-\d+/u.exec(String(receipt.content.body))![0] };
  };

  beforeAll(async () => {
    hs = await startSynapse();
    botAccount = await hs.register('opsdesk', { displayName: 'Opsdesk' });
    anna = new MatrixUser(hs, await hs.register('anna', { displayName: 'Anna' }));
    oscar = new MatrixUser(hs, await hs.register('oscar', { displayName: 'Oscar Nilsen' }));
    petra = new MatrixUser(hs, await hs.register('petra', { displayName: 'Petra Holm' }));
    opsRoom = await oscar.createRoom({ public: true, name: 'operators' });
    bot = await startMatrixBot(
      {
        matrix: { enabled: true, homeserverUrl: hs.url, syncTimeoutMs: 1000, sendRetryMs: 60_000 },
        channels: { operators: { matrix: opsRoom } },
      },
      botAccount,
    );
    annaDm = await anna.createRoom({ invite: [botAccount.userId], direct: true });
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await hs?.stop();
  });

  // Catches: a redacted report whose text stays in the bot's receipt, in `ticket show` and in the case.
  it('removes a redacted report from the receipt and the case, tells the assignee, keeps the case open', async () => {
    const { eventId, receipt, key } = await report(`I cannot log in, my password is ${SECRET} and it fails`);
    expect(String(receipt.content.body)).toContain(SECRET);
    await oscar.say(opsRoom, `!ticket assign ${key} petra`);
    const petraDm = await petra.acceptInviteFrom(botAccount.userId);
    await botSaid(petra, petraDm, `assigned ${key} to you`);
    const petraBefore = await botCount(petra, petraDm);

    const before = await botCount(anna, annaDm);
    await anna.redact(annaDm, eventId);
    await botSaid(anna, annaDm, 'You deleted your report', before);
    // The receipt is redacted: Synapse serves it without content.
    const events = await anna.messages(annaDm);
    const redacted = events.find((e) => e.event_id === receipt.event_id)!;
    expect(redacted.unsigned?.redacted_because).toBeDefined();
    expect(JSON.stringify(events)).not.toContain(SECRET);

    const t = await Ticket.findOne({ key }).lean();
    expect(JSON.stringify(t)).not.toContain(SECRET);
    expect(t).toMatchObject({ text: REMOVED_TEXT, status: 'assigned' });
    expect(t!.events.at(-1)).toMatchObject({ kind: 'removed', actorId: 'anna' });
    expect(t!.events.at(-1)!.note).toMatch(/^removed by the reporter at \d{4}-/u);

    const opsBefore = await botCount(oscar, opsRoom);
    await oscar.say(opsRoom, `!ticket show ${key}`);
    const shown = await botSaid(oscar, opsRoom, key, opsBefore);
    expect(String(shown.content.body)).not.toContain(SECRET);
    expect(String(shown.content.body)).toContain('removed by the reporter');
    await botSaid(petra, petraDm, `The reporter deleted their report of ${key}`, petraBefore);
  });

  // Catches: an edit of a report ignored without a word, and history losing the first version.
  it('updates the case from an edited report, keeps both versions and says so in the thread', async () => {
    const { eventId, key, receipt } = await report('the beamer in room 4 flickers');
    expect(String(receipt.content.body)).toContain(`${key} the beamer in room 4 flickers [NEW]`);
    const before = await botCount(anna, annaDm);
    await edit(anna, annaDm, eventId, 'the beamer in room 4 flickers and then goes black');
    await botSaid(anna, annaDm, `Updated ${key} with your edit`, before);
    // Catches: the receipt keeping the first title: it is edited (m.replace) to show the new one.
    const shown = shownBody(await anna.messages(annaDm), receipt);
    expect(shown).toContain(`${key} the beamer in room 4 flickers and then goes black [NEW]`);
    expect(shown.split(key).length - 1).toBe(3); // the receipt as a whole, not a fragment
    const t = await Ticket.findOne({ key }).lean();
    expect(t!.text).toBe('the beamer in room 4 flickers and then goes black');
    expect(t!.events.map((e) => [e.kind, e.note])).toEqual([
      ['created', 'the beamer in room 4 flickers'],
      ['edited', 'the beamer in room 4 flickers and then goes black'],
    ]);
  });

  // Catches: a deleted comment whose text stays in the case, and an edited one ignored.
  it('removes a deleted comment from the case and adds an edited one, keeping the first', async () => {
    const { key, receipt } = await report('the scanner in room 9 jams');
    const before = await botCount(anna, annaDm);
    const leaked = await anna.sayInThread(annaDm, receipt.event_id, `the admin password is ${SECRET}`);
    await botSaid(anna, annaDm, `Added to ${key}`, before);
    const kept = await anna.sayInThread(annaDm, receipt.event_id, 'it jams on A3 only');
    await botSaid(anna, annaDm, `Added to ${key}`, before + 1);
    await anna.redact(annaDm, leaked);
    await botSaid(anna, annaDm, 'You deleted your comment', before);
    await edit(anna, annaDm, kept, 'it jams on A3 and A4');
    await botSaid(anna, annaDm, `Updated your comment on ${key}`, before);
    const t = await Ticket.findOne({ key }).lean();
    expect(JSON.stringify(t)).not.toContain(SECRET);
    expect(t!.events.map((e) => [e.kind, e.note])).toEqual([
      ['created', 'the scanner in room 9 jams'],
      ['comment', REMOVED_TEXT],
      ['comment', 'it jams on A3 only'],
      ['removed', expect.stringMatching(/^removed by its author at /u)],
      ['edited', 'it jams on A3 and A4'],
    ]);
  });

  // Catches: an edited command run again, or ignored without a word.
  it('does not run an edited command and says to send it again', async () => {
    const listed = await botCount(anna, annaDm);
    const command = await anna.say(annaDm, '!ticket list mine');
    await botSaid(anna, annaDm, '(mine)', listed);
    const before = await botCount(anna, annaDm);
    await edit(anna, annaDm, command, '!ticket list all');
    const answer = await botSaid(anna, annaDm, 'I do not run edited commands', before);
    expect(String(answer.content.body)).toBe('I do not run edited commands — send it again.');
    expect(fromBot(await anna.messages(annaDm)).slice(before)).toHaveLength(1);
  });
});
