/**
 * `/deploy RFC at window`: a start scheduled as an Agenda job that, when due, checks every precondition again through
 * the change policy and starts or refuses with a message in the channel; listed in `rfc show`; cancelled by
 * `/deploy cancel`; it survives a bot restart; a freeze set or the approval reopened in between stops it when due;
 * cancelling the RFC cancels it at once. Real sshd targets (3 hosts). Would catch: a start that fires on what was
 * true when it was scheduled (a freeze or a reopened approval ignored), a start lost by a restart, a cancelled start
 * that still runs, a start that fires twice.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import mongoose from 'mongoose';
import { Rfc } from '../../../src/changes/rfc.model';
import { Deployment } from '../../../src/deploy/deployment.model';
import { ScheduledStart } from '../../../src/deploy/scheduled-start.model';
import { dropTestDb, testDbUri } from '../../support/db';
import { TestBot } from '../../support/test-bot';
import {
  ccbApprovedRfc,
  restartWorldBot,
  runsPerHost,
  scheduledRfc,
  startDeployWorld,
  until,
  waitForEnd,
  type DeployWorld,
} from './deploy-fixture';

let w: DeployWorld;
const uri = testDbUri('deploy-at');
const DEPLOY = { canary: 0 };
const say = async (who: string, line: string) => TestBot.text(await w.bot.say(who, line, { channel: '#operators' }));
/** A window opening `inSeconds` from now, for an hour. */
const opening = (inSeconds: number) => ({
  start: new Date(Date.now() + inSeconds * 1000),
  end: new Date(Date.now() + 3600_000),
});
const said = (pattern: RegExp) => w.bot.sent.map((s) => s.msg.text).filter((t) => pattern.test(t));
const startOf = (rfcKey: string) => ScheduledStart.findOne({ rfcKey }).lean();
const deployAtJobs = () => mongoose.connection.collection('agenda_jobs').find({ name: 'deploy-at' }).toArray();

beforeAll(async () => {
  w = await startDeployWorld({ ports: 3 }, DEPLOY, { mongoUri: uri });
}, 60_000);
afterAll(async () => {
  await w?.stop();
  await dropTestDb(uri);
}, 60_000);
beforeEach(() => {
  for (const h of w.hosts) rmSync(join(w.marks, `ran-${h}`), { force: true });
});

test('at window: listed in rfc show, survives a restart, starts at the opening with the preconditions checked again', async () => {
  const key = await scheduledRfc(w.bot.services, { window: opening(20) });
  const reply = await say('rolf', `/deploy ${key} at window`);
  expect(reply).toMatch(
    new RegExp(
      `^${key} starts at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\(the approved window's opening\\), scheduled by Rolf Eide\\.`,
      'u',
    ),
  );
  expect(reply).toContain(`\`deploy cancel ${key}\` cancels it`);
  // Not before its window: a start now is still refused.
  expect(await say('rolf', `/deploy ${key}`)).toContain(`Outside the change window of ${key}`);
  expect(await say('oscar', `/rfc show ${key}`)).toMatch(/Scheduled start: .* by Rolf Eide; `deploy cancel RFC-\d+`/u);
  expect(await say('rolf', `/deploy ${key} at window`)).toContain(`${key} already has a scheduled start.`);

  await restartWorldBot(w, DEPLOY);
  // Recorded `starting`, then `running` once its progress message is out (waitForEnd waits out `running` only).
  const d = await until(
    'the scheduled deployment to start',
    async () => {
      const found = await Deployment.findOne({ rfcKey: key }).lean();
      return found && found.state !== 'starting' && found;
    },
    60_000,
  );
  expect((await waitForEnd(key)).state).toBe('done');
  expect(runsPerHost(w.marks, 'ran')).toEqual({ 'pc-01': 1, 'pc-02': 1, 'pc-03': 1 });
  expect(said(/every precondition holds; it starts now/u)).toEqual([
    expect.stringMatching(
      new RegExp(`^The start of ${key} scheduled for .* by Rolf Eide: every precondition holds`, 'u'),
    ),
  ]);
  expect(d.requestedBy).toBe('rolf');
  expect(await startOf(key)).toMatchObject({ state: 'started', outcome: `Deployment D-${d.number} of ${key}` });
  await until('deployed', async () => (await Rfc.findOne({ key }).lean())?.state === 'deployed');
  expect(await say('oscar', `/rfc show ${key}`)).not.toContain('Scheduled start:');
}, 150_000);

test('a freeze set between scheduling and the start stops it: refused in the channel, nothing runs', async () => {
  const key = await scheduledRfc(w.bot.services, { window: opening(12) });
  await say('rolf', `/deploy ${key} at window`);
  const tomorrow = DateTime.now().setZone(w.bot.services.config.organisation.timezone).plus({ days: 1 }).toISODate();
  expect(await say('rolf', `/deploy freeze all until ${tomorrow} exam week`)).toContain('Freeze set');
  try {
    const refused = await until('the refusal', async () => said(new RegExp(`start of ${key} .* is refused`, 'u'))[0]);
    expect(refused).toMatch(/is refused: Frozen: all frozen until .* by Rolf Eide: exam week .* Nothing ran\./u);
    expect(await Deployment.countDocuments({ rfcKey: key })).toBe(0);
    expect(runsPerHost(w.marks, 'ran')).toEqual({});
    expect(await startOf(key)).toMatchObject({ state: 'refused' });
    expect((await Rfc.findOne({ key }).lean())?.state).toBe('scheduled');
  } finally {
    await say('rolf', '/deploy unfreeze all');
  }
}, 60_000);

test('an approval reopened between scheduling and the start: refused when due with its state, nothing runs', async () => {
  const key = await ccbApprovedRfc(w.bot, { targets: 'all', window: opening(40), precise: true });
  expect(await say('rolf', `/deploy ${key} at window`)).toContain(`${key} starts at`);
  await say('rolf', `/rfc edit ${key} testPlan="a longer test on the pilot first"`);
  expect((await Rfc.findOne({ key }).lean())?.state).toBe('proposed');
  const refused = await until(
    'the refusal',
    async () => said(new RegExp(`start of ${key} .* is refused`, 'u'))[0],
    60_000,
  );
  expect(refused).toContain(`${key} is not release-approved: it is proposed.`);
  expect(refused).toContain('Nothing ran.');
  expect(await Deployment.countDocuments({ rfcKey: key })).toBe(0);
  expect(runsPerHost(w.marks, 'ran')).toEqual({});
}, 120_000);

test('an RFC cancelled before its start: the start is cancelled with it, at once; nothing runs', async () => {
  const key = await scheduledRfc(w.bot.services, { window: opening(10) });
  await say('rolf', `/deploy ${key} at window`);
  const s = (await startOf(key))!;
  expect(await say('rolf', `/rfc cancel ${key} the supplier withdrew the version`)).toMatch(
    new RegExp(
      `is now cancelled\\. The start of ${key} scheduled for .* is cancelled by Rolf Eide; nothing ran\\.`,
      'u',
    ),
  );
  await until('past its time and a few job scans', async () => Date.now() > s.at.getTime() + 3000);
  expect(said(new RegExp(`start of ${key} .* is refused`, 'u'))).toEqual([]);
  expect(await Deployment.countDocuments({ rfcKey: key })).toBe(0);
  expect(runsPerHost(w.marks, 'ran')).toEqual({});
}, 60_000);

test('cancelled: it never fires; refusals at scheduling say what was wrong', async () => {
  const key = await scheduledRfc(w.bot.services, { window: opening(10) });
  await say('rolf', `/deploy ${key} at window`);
  const s = (await startOf(key))!;
  expect(await say('rolf', `/deploy cancel ${key}`)).toMatch(
    new RegExp(`^The start of ${key} scheduled for .* is cancelled by Rolf Eide; nothing ran\\.$`, 'u'),
  );
  expect((await deployAtJobs()).filter((j) => j.data.startId === String(s._id))).toEqual([]);
  await until('past its time and a few job scans', async () => Date.now() > s.at.getTime() + 3000);
  expect(await Deployment.countDocuments({ rfcKey: key })).toBe(0);
  expect(runsPerHost(w.marks, 'ran')).toEqual({});
  expect(await startOf(key)).toMatchObject({ state: 'cancelled', outcome: 'cancelled by Rolf Eide' });
  expect(await say('oscar', `/rfc show ${key}`)).not.toContain('Scheduled start:');

  // The window opened already; a time outside the window; no time.
  const open = await scheduledRfc(w.bot.services);
  expect(await say('rolf', `/deploy ${open} at window`)).toContain(`The window of ${open} has opened already.`);
  expect(await say('rolf', `/deploy ${open} at 2031-06-12 08:00`)).toContain(`Outside the change window of ${open}`);
  expect(await say('rolf', `/deploy ${open} at`)).toContain('`at` needs a time.');
  expect(await say('rolf', `/deploy ${open} at window --dry-run`)).toContain('--dry-run shows a start now');
  expect(await ScheduledStart.countDocuments({ rfcKey: open })).toBe(0);
}, 60_000);
