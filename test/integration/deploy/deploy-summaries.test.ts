/**
 * Summaries that fit at LANDesk's scale: a deployment of 1,000 targets with 200 failures (recorded
 * as the runner records them, no sshd needed) and every chat message about it — the card and its
 * text, the "Finished" note, chase notes, `/deploy status`, `/chase list`, `/deploy show` — stays
 * under 4,000 characters; `/deploy show D-n failed` groups the failed hosts by their error line
 * (the host's own name in it made generic), and `/deploy show D-n HOST` gives its last lines.
 * Would catch: a card or note that lists every host, a failed host shown only as "exit code 3".
 */
import { Types } from 'mongoose';
import { Deployment, DeployTarget, type DeploymentDoc } from '../../../src/deploy/deployment.model';
import { countStates } from '../../../src/deploy/progress';
import {
  chaseEndedNote,
  chaseRecoveredNote,
  finishedNote,
  renderProgress,
} from '../../../src/deploy/render-deployment';
import { chaseEntries } from '../../../src/deploy/chase-entries';
import { startTestBot, TestBot } from '../../support/test-bot';

const LIMIT = 4000;
let bot: TestBot;
let d: DeploymentDoc;
const host = (i: number) =>
  `pc-s${String(Math.floor(i / 100) + 1).padStart(2, '0')}-${String(i % 100).padStart(3, '0')}`;

beforeAll(async () => {
  bot = await startTestBot();
  const now = new Date();
  d = (
    await Deployment.create({
      number: 4242,
      kind: 'deploy',
      rfcKey: 'RFC-4242',
      package: { name: 'demo', version: '1.0' },
      script: 'install',
      requestedBy: 'rolf',
      requestedByName: 'Rolf Eide',
      conversation: { platform: 'test', channel: '#operators' },
      targetsText: 'all',
      total: 1000,
      waves: 10,
      options: { canary: 0, parallel: 32, waveSize: 100, abortFailureRatio: 1 },
      state: 'done',
      leaseEpoch: 1,
      chase: {
        everyMs: 3600_000,
        forMs: 3600_000,
        active: true,
        until: new Date(Date.now() + 3600_000),
        expiredReported: false,
      },
      createdAt: now,
      startedAt: now,
      endedAt: now,
    })
  ).toObject() as DeploymentDoc;
  await DeployTarget.insertMany(
    Array.from({ length: 1000 }, (_, i) => {
      const failed = i % 5 === 0; // 200 failures: 150 disk full, 50 a locked package database
      const disk = failed && i % 20 !== 0;
      return {
        _id: new Types.ObjectId(),
        deploymentId: d._id,
        host: host(i),
        wave: Math.floor(i / 100),
        state: failed ? 'failed' : 'succeeded',
        attempts: 1,
        exitCode: failed ? 3 : 0,
        ...(failed ? { error: 'exit code 3' } : {}),
        output: failed
          ? `unpacking\n${disk ? `disk full on ${host(i)}` : 'E: could not get lock /var/lib/dpkg/lock'}\n`
          : 'installed\n',
      };
    }),
  );
}, 60_000);
afterAll(() => bot?.stop());

test('at 1,000 targets with 200 failures no message exceeds 4,000 characters; show groups by error line', async () => {
  const chase = await chaseEntries(d._id);
  expect(chase).toHaveLength(200);
  const counts = countStates((await DeployTarget.find({ deploymentId: d._id }).lean()).map((t) => t.state));
  const summary = renderProgress(d, counts, { chase, durationMs: 600_000 });
  const failed = chase.map((c) => c.host);
  const messages = [
    summary.text,
    JSON.stringify(summary.card),
    finishedNote(summary),
    chaseRecoveredNote(d, failed.slice(0, 120), failed.slice(120)),
    chaseEndedNote(
      failed,
      failed.map((_, i) => `INC-${i + 1}`),
    ),
  ];
  const say = async (line: string) => TestBot.text(await bot.say('rolf', line, { channel: '#operators' }));
  const status = await say('/deploy status RFC-4242');
  const list = await say('/chase RFC-4242 list');
  const show = await say('/deploy show D-4242 failed');
  const one = await say(`/deploy show D-4242 ${host(5)}`);
  for (const m of [...messages, status, list, show, one]) expect(m.length).toBeLessThanOrEqual(LIMIT);
  expect(summary.text).toMatch(
    /Chase list \(200\): pc-s01-000 \(failed\), .* … and 195 more; `deploy show D-4242 failed`/u,
  );
  expect(show).toMatch(/^Deployment D-4242 of RFC-4242: 200 host\(s\) failed, by error line:\n/u);
  expect(show).toMatch(
    /\ndisk full on HOST: 150 hosts \(pc-s01-005, pc-s01-010, pc-s01-015, pc-s01-025, pc-s01-030 … and 145 more\)\n/u,
  );
  expect(show).toMatch(/\nE: could not get lock \/var\/lib\/dpkg\/lock: 50 hosts \(/u);
  expect(one).toMatch(
    /pc-s01-005: failed \(exit code 3\), 1 attempt\(s\)\.\nLast 2 line\(s\) of output:\n {2}unpacking\n {2}disk full on pc-s01-005/u,
  );
  expect(await say('/deploy show D-4242 nosuch')).toMatch(/neither a state nor a host/u);
}, 60_000);
