/**
 * Two real opsdesk processes on one database, both logged in as the same Matrix bot account on a
 * real Synapse: both sync every event. Each report in a teacher's DM becomes one case with one
 * receipt, and each operator command in a room is answered once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { Ticket } from '../../src/tickets/ticket.model';
import { MatrixUser, messagesFrom, type RoomEvent } from '../e2e/matrix/matrix-user';
import { testDbUri } from '../support/db';
import { startSynapse, type SynapseServer, type SynapseUser } from '../platforms/synapse';
import { type BotProcess, sleep } from './bot-process';
import { matrixBotProcess } from './matrix-bot-process';

const REPORTS = 12;

describe('two opsdesk processes on one Matrix account and one database', () => {
  let hs: SynapseServer;
  let botAccount: SynapseUser;
  let anna: MatrixUser;
  let oscar: MatrixUser;
  let opsRoom: string;
  let dir: string;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    hs = await startSynapse();
    botAccount = await hs.register('opsdesk', { displayName: 'Opsdesk' });
    anna = new MatrixUser(hs, await hs.register('anna', { displayName: 'Anna' }));
    oscar = new MatrixUser(hs, await hs.register('oscar', { displayName: 'Oscar' }));
    opsRoom = await oscar.createRoom({ public: true, name: 'operators' });
    dir = mkdtempSync(path.join(tmpdir(), 'opsdesk-matrix-two-'));
    const uri = testDbUri('matrixtwo');
    await mongoose.connect(uri, { serverSelectionTimeoutMS: 10_000 });
    for (const name of ['A', 'B'])
      bots.push(await matrixBotProcess({ name, hs, botAccount, opsRoom, mongoUri: uri, dir }));
    await Promise.all(bots.map((b) => b.start(60_000)));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(bots.map((b) => b.stop()));
    await hs?.stop();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const fromBot = (events: RoomEvent[]) => messagesFrom(events, botAccount.userId);
  const bodies = (events: RoomEvent[]) => fromBot(events).map((e) => String(e.content.body));

  it('every report in a DM is one case with one receipt, and an operator command is answered once', async () => {
    const dm = await anna.createRoom({ invite: [botAccount.userId], direct: true });
    for (let i = 0; (await anna.membership(dm, botAccount.userId)) !== 'join'; i++) {
      if (i > 150) throw new Error('the bot did not join the DM');
      await sleep(200);
    }
    const reports: string[] = [];
    for (let i = 0; i < REPORTS; i++) {
      reports.push(await anna.say(dm, `The projector in room ${300 + i} shows no picture`));
      await sleep(100);
    }
    await anna.waitFor(
      dm,
      (ev) => (bodies(ev).filter((b) => b.includes('Logged as')).length >= REPORTS ? true : undefined),
      60_000,
    );
    await sleep(3000); // both processes have synced well past the last report: a second receipt would be here
    const receipts = bodies(await anna.messages(dm))
      .map((b) => /Logged as \*?(INC-\d+)/u.exec(b)?.[1])
      .filter((k): k is string => !!k);
    const tickets = await Ticket.find({}, { key: 1, source: 1 }).lean();
    expect(tickets).toHaveLength(REPORTS);
    for (const eventId of reports) expect(tickets.filter((t) => t.source === `matrix|${eventId}`)).toHaveLength(1);
    expect(receipts.sort()).toEqual(tickets.map((t) => t.key).sort());
    // Each case was logged by exactly one of the two processes.
    const logged = bots.map((b) => b.logged('incident logged').length);
    expect(logged[0] + logged[1]).toBe(REPORTS);
    if (process.env.OPSDESK_FAULTS_REPORT)
      console.log(
        JSON.stringify({
          logged,
          retriedBatches: bots.map((b) => b.logged('matrix: handling a sync batch failed; syncing it again').length),
        }),
      );

    const key = tickets[0].key;
    await oscar.say(opsRoom, `!ticket assign ${key} me`);
    await oscar.waitFor(
      opsRoom,
      (ev) => fromBot(ev).find((e) => String(e.content.body).includes(`${key} is assigned to you`)),
      30_000,
    );
    await anna.waitFor(
      dm,
      (ev) => fromBot(ev).find((e) => String(e.content.body).includes(`${key} is now assigned`)),
      30_000,
    );
    await sleep(3000);
    expect(bodies(await oscar.messages(opsRoom)).filter((b) => b.includes(`${key} is assigned to you`))).toHaveLength(
      1,
    );
    expect(bodies(await anna.messages(dm)).filter((b) => b.includes(`${key} is now assigned`))).toHaveLength(1);
    expect((await Ticket.findOne({ key }).lean())?.assigneeId).toBe('oscar');
  }, 180_000);
});
