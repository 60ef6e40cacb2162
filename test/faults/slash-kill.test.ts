/**
 * Slack never sends a slash command again: once acknowledged, it is opsdesk's to keep. A real
 * opsdesk process (HTTP Events API) acknowledges two commands, one in #operators and one in a
 * channel the bot is not in (answered through the command's response_url), and is SIGKILLed
 * right after the second acknowledgement, before it handled either (users.info is slow, so the
 * handling waits behind it). The next process takes both over from their receipts and answers
 * each once, the second through the response_url kept with its receipt.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { InboundReceipt } from '../../src/db/inbound-receipt.model';
import { until } from '../integration/deploy/deploy-fixture';
import type { SlackEmulator } from '../platforms/slack/slack-emulator';
import { testDbUri } from '../support/db';
import { doneEventIds } from '../support/receipts';
import { storedDeliveries } from '../../src/bot/event-claim';
import { makeBots } from './bot-fleet';
import { type BotProcess, sleep } from './bot-process';
import { startFixtureSlack } from './slack-side';

/**
 * From the restart to both answers: the dead process's heartbeat goes stale 10 s after the kill, then a look every 2 s.
 */
const RECOVERY_BOUND_MS = 30_000;

describe('a slash command whose process is killed right after the acknowledgement', () => {
  let slack: SlackEmulator;
  let bot: BotProcess;
  let dir: string;

  beforeAll(async () => {
    slack = await startFixtureSlack();
    slack.addChannel({ id: 'CLAB', name: 'computer-lab', members: ['UOSCAR'], botMember: false });
    dir = mkdtempSync(path.join(tmpdir(), 'opsdesk-slashkill-'));
    const uri = testDbUri('slashkill');
    await mongoose.connect(uri, { serverSelectionTimeoutMS: 10_000 });
    [bot] = await makeBots({ names: ['A'], slack, mongoUri: uri, dir });
    await bot.start();
    slack.useHttp(bot.eventsUrl);
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await slack?.stop();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('is answered once by the next process, also where only its response_url can answer', async () => {
    // The handling waits up to 1.5 s for users.info; at 2.5 s it is still waiting when the kill comes.
    slack.delay('users.info', 2500);
    const inOps = slack.botMessages('COPS').length;
    const first = await slack.slash('UOSCAR', 'COPS', '/ticket', 'list');
    const second = await slack.slash('UOSCAR', 'CLAB', '/ticket', 'list');
    await bot.kill('SIGKILL');
    const killedAt = Date.now();
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(Math.max(first.ackMs, second.ackMs)).toBeLessThan(3000);

    // Nothing was answered before the kill, and both commands are stored.
    expect(slack.botMessages('COPS').length).toBe(inOps);
    expect(slack.ephemerals('CLAB')).toEqual([]);
    const stored = await InboundReceipt.find({
      platform: 'slack',
      eventId: { $in: [`command:${first.triggerId}`, `command:${second.triggerId}`] },
    }).lean();
    expect(stored.map((r) => ({ state: r.state, text: r.stored?.event.text }))).toEqual([
      { state: 'handling', text: '/ticket list' },
      { state: 'handling', text: '/ticket list' },
    ]);
    expect(stored.find((r) => r.eventId === `command:${second.triggerId}`)?.stored?.data).toEqual({
      responseUrl: second.responseUrl,
      triggerId: second.triggerId,
    });

    slack.delay('users.info', 0);
    const restartedAt = Date.now();
    await bot.start();
    const answer = await slack.waitFor(
      () => slack.botMessages('COPS').slice(inOps)[0],
      RECOVERY_BOUND_MS,
      'the answer in #operators',
    );
    const privately = await slack.waitFor(
      () => slack.ephemerals('CLAB')[0],
      RECOVERY_BOUND_MS,
      'the answer through the response_url',
    );
    const answeredMs = Date.now() - restartedAt;
    expect(answer.text).toMatch(/cases/u);
    expect(privately).toMatchObject({ user: 'UOSCAR', via: 'response_url', text: expect.stringMatching(/cases/u) });
    expect(bot.logged('delivery left by a stopped process taken over')).toHaveLength(2);

    // Once each: nothing more comes, and the receipts are done, nothing left to take over.
    await until(
      'both receipts done',
      async () =>
        (await doneEventIds('slack', [`command:${first.triggerId}`, `command:${second.triggerId}`])).size === 2,
      10_000,
    );
    await sleep(4000); // more looks for abandoned deliveries
    expect(slack.botMessages('COPS').slice(inOps)).toHaveLength(1);
    expect(slack.ephemerals('CLAB')).toHaveLength(1);
    expect(await storedDeliveries(['slack'])).toEqual([]);
    expect(answeredMs).toBeLessThan(RECOVERY_BOUND_MS);
    if (process.env.OPSDESK_FAULTS_REPORT)
      console.log(
        JSON.stringify({
          ackMs: [first.ackMs, second.ackMs],
          killToRestartMs: restartedAt - killedAt,
          restartToAnswersMs: answeredMs,
        }),
      );
  }, 120_000);
});
