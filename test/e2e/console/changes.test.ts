/**
 * The LANDesk change flow end to end through the console adapter and the whole runtime, on a
 * controlled clock: a proposal answered question by question, CCB approval by reactions, built with
 * test results, a release vote (go), scheduled; a second RFC rejected; a third postponed at the
 * deadline for lack of quorum (the deadline job's handler run at the deadline).
 */
import { PassThrough } from 'node:stream';
import { ConsoleAdapter } from '../../../adapters/shell/console-adapter';
import { voteDeadlineJob } from '../../../jobs/vote-deadline';
import { voteReminderJob } from '../../../jobs/vote-reminder';
import { ManualClock } from '../../../src/core/clock';
import { Rfc } from '../../../src/changes/rfc.model';
import { Ballot } from '../../../src/votes/ballot.model';
import { startTestBot, type TestBot } from '../../support/test-bot';

jest.setTimeout(60_000);

const clock = new ManualClock('2026-11-23T09:00:00Z');
const input = new PassThrough();
const output = new PassThrough();
let out = '';
let cursor = 0;
let bot: TestBot;

beforeAll(async () => {
  output.setEncoding('utf8').on('data', (d: string) => (out += d));
  const console = new ConsoleAdapter({
    input,
    output,
    defaultUser: 'rolf',
    users: ['rolf', 'carl', 'cecilie', 'chris', 'camilla', 'conrad', 'maria', 'anna'],
  });
  // The CCB room only on the console (the test bot's recording adapter is there too).
  bot = await startTestBot({
    clock,
    adapters: [console],
    config: { channels: { 'ccb-room': { console: '#ccb' } }, changes: { boards: { ccb: { channel: 'ccb-room' } } } },
  });
});
afterAll(async () => {
  input.end();
  await bot?.stop();
});

/** Types lines into the console. */
function type(...lines: string[]): void {
  for (const l of lines) input.write(`${l}\n`);
}

/** Waits until the console output after the cursor matches, and moves the cursor past it. */
async function see(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = pattern.exec(out.slice(cursor));
    if (m) {
      cursor += m.index + m[0].length;
      return m;
    }
    if (Date.now() > until) throw new Error(`console never showed ${pattern}; it showed:\n${out.slice(cursor)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function runJob(job: typeof voteDeadlineJob, ballotId: string): Promise<void> {
  await job.run({
    id: 'test',
    data: { ballotId },
    touch: async () => undefined,
    log: bot.services.log,
    services: bot.services,
  });
}

/** `/rfc new` in #changes with every question answered in its thread; returns the key. */
async function propose(title: string): Promise<string> {
  type(':as rolf', ':in #changes', `/rfc new ${title}`);
  const m = await see(/\[b\d+\] #changes ↳(u\d+): Created (RFC-\d+) \(normal, draft\)/u);
  const [, thread, key] = m;
  const answers = [
    'Teachers need it for the exam templates',
    'Install it from the school repository on every classroom PC',
    'medium',
    'classroom-pcs',
    '2026-12-01 16:00..2026-12-01 20:00',
    'Pilot in room 12 for a week',
    'Reinstall the previous version from the repository cache',
  ];
  for (const a of answers) type(`^${thread} ${a}`);
  await see(new RegExp(`${key} has everything the CCB needs`, 'u'));
  return key;
}

/** Submits and returns the id of the card in #ccb. */
async function submit(key: string): Promise<string> {
  type(`/rfc submit ${key}`);
  const card = await see(new RegExp(`\\[(b\\d+)\\] #ccb: ${key} .*\\[VOTING: APPROVAL\\]`, 'u'));
  await see(/queued for the CCB \(6 members, quorum 3\)/u);
  return card[1];
}

test('LANDesk flow: proposal, approval by reactions, built, release go, scheduled', async () => {
  const key = await propose('Upgrade LibreOffice to 25.8 on all classroom PCs');
  const card = await submit(key);

  type(':as carl', `:react ${card} +1`);
  await see(new RegExp(`\\[${card} edited\\] #ccb: ${key}[\\s\\S]*?✅ 1 approve · ❌ 0 reject`, 'u'));
  type(':as anna', `:react ${card} ✅`);
  await see(/\[private to anna in #ccb\] Your reaction on the RFC-\d+ card does not count/u);
  type(
    ':as cecilie',
    `:react ${card} ✅`,
    ':as chris',
    `:react ${card} 👍🏽`,
    ':as maria',
    `:react ${card} white_check_mark`,
  );
  await see(new RegExp(`\\[${card} edited\\] #ccb: ${key} .*\\[APPROVED\\][\\s\\S]*?✅ 4 approve`, 'u'));
  await see(new RegExp(`DM rolf: The CCB's approval vote on ${key} is closed: approved`, 'u'));

  type(
    ':as rolf',
    `/rfc built ${key} package="libreoffice 25.8.1" testResults="room 12: 30 PCs, exam templates open fine"`,
  );
  await see(new RegExp(`${key} is now built`, 'u'));
  type(`/rfc release ${key} backoutTest="24.2 reinstalled on 2 pilot PCs"`);
  const release = await see(new RegExp(`\\[(b\\d+)\\] #ccb: ${key} .*\\[VOTING: RELEASE\\]`, 'u'));
  for (const who of ['carl', 'cecilie', 'chris', 'camilla']) type(`:as ${who}`, `:react ${release[1]} +1`);
  await see(new RegExp(`\\[${release[1]} edited\\] #ccb: ${key} .*\\[APPROVED\\]`, 'u'));
  await see(
    new RegExp(`DM rolf: The CCB's release vote on ${key} is closed: approved.*scheduled for 2026-12-01 16:00`, 'u'),
  );
  expect((await Rfc.findOne({ key }).lean())?.state).toBe('scheduled');

  type(':as maria', ':in #ccb', `/rfc audit ${key}`);
  const audit = await see(/RFC-\d+ record\n[\s\S]*?release-vote → scheduled[^\n]*/u);
  expect(audit[0]).toMatch(
    /draft → proposed[\s\S]*proposed → approved[\s\S]*approved → built[\s\S]*built → release-vote/u,
  );
});

test('a second RFC is rejected by the CCB; a vote after the close is ignored with a note', async () => {
  const key = await propose('Replace the wifi controller');
  const card = await submit(key);
  for (const who of ['carl', 'cecilie', 'chris']) type(`:as ${who}`, `:react ${card} x`);
  await see(new RegExp(`\\[${card} edited\\] #ccb: ${key} .*\\[REJECTED\\]`, 'u'));
  type(':as maria', `:react ${card} ✅`);
  await see(
    /\[private to maria in #ccb\] The approval vote on RFC-\d+ is closed \(rejected.*your reaction was not counted/u,
  );
  expect((await Rfc.findOne({ key }).lean())?.state).toBe('rejected');
  // Approving a rejected change is refused with the reason.
  type(':as rolf', `/rfc built ${key} package="x 1" testResults=ok`);
  await see(new RegExp(`${key} is rejected; it cannot become built\\. rejected is final`, 'u'));
});

test('a third RFC is postponed for lack of quorum at the deadline, after a half-time reminder', async () => {
  const key = await propose('Move the proxy to the new server');
  const card = await submit(key);
  type(':as conrad', `:react ${card} +1`);
  await see(new RegExp(`\\[${card} edited\\] #ccb: ${key}[\\s\\S]*?✅ 1 approve`, 'u'));
  const ballot = (await Ballot.findOne({ rfcKey: key }).lean())!;
  clock.set(ballot.remindAt);
  await runJob(voteReminderJob, ballot._id);
  await see(new RegExp(`DM carl: Reminder: the CCB approval vote on ${key} closes 2026-11-2\\d \\d\\d:\\d\\d`, 'u'));
  clock.set(ballot.deadline);
  await runJob(voteDeadlineJob, ballot._id);
  await runJob(voteDeadlineJob, ballot._id); // a re-run changes nothing
  await see(
    new RegExp(
      `\\[${card} edited\\] #ccb: ${key} .*\\[POSTPONED\\][\\s\\S]*?deadline reached without quorum \\(1 of 3 ` +
        `needed\\)`,
      'u',
    ),
  );
  expect((await Rfc.findOne({ key }).lean())?.state).toBe('postponed');
  expect(out.match(new RegExp(`The CCB's approval vote on ${key} is closed`, 'gu'))).toHaveLength(1);
});
