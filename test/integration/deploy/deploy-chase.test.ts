/**
 * The chase list keeps chasing, through Agenda's real job documents and real sshd targets: a
 * deployment with two failing hosts is retried round after round (every 0.05 min, shown as
 * given), across a bot restart between rounds; hosts fixed between rounds get the package; the
 * chase ends when the list is empty, and a rollback ends another for good (no round runs after).
 * Would catch: the next round lost because it rescheduled the running job's own document (Agenda
 * nulls its nextRunAt when the run ends), a chase that does not survive a restart, fractions shown
 * as "every 0 min", a chase that goes on after its end.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { Rfc } from '../../../src/changes/rfc.model';
import { Deployment, type DeploymentDoc } from '../../../src/deploy/deployment.model';
import { versionsOf } from '../../../src/inventory/installed';
import { dropTestDb, testDbUri } from '../../support/db';
import { TestBot } from '../../support/test-bot';
import {
  restartWorldBot,
  runsPerHost,
  scheduledRfc,
  startDeployWorld,
  targetsOf,
  until,
  waitForEnd,
  type DeployWorld,
} from './deploy-fixture';

let w: DeployWorld;
const uri = testDbUri('chase');
const DEPLOY = { chase: { everyMinutes: 600, forHours: 1 } };
const say = async (who: string, line: string) => TestBot.text(await w.bot.say(who, line, { channel: '#operators' }));
const ran = (host: string) => runsPerHost(w.marks, 'ran')[host] ?? 0;
const fail = (host: string, on: boolean) =>
  on ? writeFileSync(join(w.marks, `fail-${host}`), '') : rmSync(join(w.marks, `fail-${host}`), { force: true });
/** The deploy-chase job documents of a deployment, as Agenda stores them. */
const chaseJobs = async (d: Pick<DeploymentDoc, '_id'>) =>
  mongoose.connection
    .collection('agenda_jobs')
    .find({ name: 'deploy-chase', 'data.deploymentId': String(d._id) })
    .toArray();
const pendingRounds = async (d: Pick<DeploymentDoc, '_id'>) => (await chaseJobs(d)).filter((j) => j.nextRunAt).length;

beforeAll(async () => {
  w = await startDeployWorld({ ports: 4 }, DEPLOY, { mongoUri: uri });
}, 60_000);
afterAll(async () => {
  await w?.stop();
  await dropTestDb(uri);
}, 60_000);

test('three rounds and more across a restart: hosts fixed between rounds are installed; an empty list ends it', async () => {
  fail('pc-03', true);
  fail('pc-04', true);
  const key = await scheduledRfc(w.bot.services);
  await say('rolf', `/deploy ${key} to all --canary 0 --chase-every 0.05`);
  const d = await waitForEnd(key);
  expect(d.state).toBe('done');
  await until('the chase to start', async () => (await Deployment.findById(d._id).lean())?.chase.active);
  expect(await say('oscar', `/chase ${key} list`)).toMatch(/Chase list of RFC-\d+ \(2, retried every 0\.05 min until/u);

  // Round 1 runs, and the next round is still scheduled after it (the bug: nextRunAt null after the first run).
  await until('round 1', async () => ran('pc-03') >= 2);
  await until(
    'round 2 scheduled after round 1 ended',
    async () => (await Deployment.findById(d._id).lean())!.chase.round! >= 2,
  );
  expect(await pendingRounds(d)).toBe(1);
  fail('pc-03', false);
  await until('pc-03 installed by a later round', async () =>
    (await targetsOf(d)).find((t) => t.host === 'pc-03' && t.state === 'succeeded' && t.chased),
  );
  // The inventory knows what pc-03 now runs, as for a host that succeeded in the deployment itself (would catch a
  // chase success recorded as an outcome only: versions and downgrade checks then miss the host).
  const pkg = d.package;
  await until('pc-03 runs the version', async () => (await versionsOf(pkg.name, ['pc-03'])).get('pc-03'));
  expect(Object.fromEntries(await versionsOf(pkg.name, ['pc-01', 'pc-03', 'pc-04']))).toEqual({
    'pc-01': pkg.version,
    'pc-03': pkg.version,
  });

  const notes = await until('the note of the round', async () => {
    const texts = w.bot.adapter.sent.map((s) => s.msg.text).filter((t) => t.startsWith('Chase:'));
    return texts.length && texts;
  });
  expect(notes).toEqual([
    expect.stringMatching(
      /^Chase: 1 host\(s\) succeeded now \(pc-03\); `deploy show D-\d+ succeeded` lists them\. 1 left: pc-04\.$/u,
    ),
  ]);

  // A restart between rounds: the new process runs the rounds that are due.
  const before = ran('pc-04');
  await restartWorldBot(w, DEPLOY);
  await until('two more rounds after the restart', async () => ran('pc-04') >= before + 2, 60_000);
  expect(ran('pc-04')).toBeGreaterThanOrEqual(4); // the deployment, then three rounds or more
  fail('pc-04', false);
  await until('the chase list empty', async () => !(await Deployment.findById(d._id).lean())!.chase.active, 60_000);
  expect((await targetsOf(d)).map((t) => t.state)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
  expect(await pendingRounds(d)).toBe(0);
  expect((await Rfc.findOne({ key }).lean())?.state).toBe('deployed');
  expect(await say('oscar', `/chase ${key} list`)).toMatch(/The chase list of RFC-\d+ is empty/u);
}, 180_000);

test('a rollback ends the chase: it says so once and no round runs after it', async () => {
  fail('pc-02', true);
  const key = await scheduledRfc(w.bot.services);
  await say('rolf', `/deploy ${key} to all --canary 0 --chase-every 0.05`);
  const d = await waitForEnd(key);
  await until('round 1', async () => ran('pc-02') >= 3 && (await Deployment.findById(d._id).lean())!.chase.round! >= 2);
  await say('rolf', `/rollback ${key}`);
  await waitForEnd(key, 'rollback');
  const runs = ran('pc-02');
  // The round scheduled before the rollback comes due, runs nothing and schedules nothing.
  const round = (await Deployment.findById(d._id).lean())!.chase.round!;
  await until('the last scheduled round to come due and end', async () => {
    const job = (await chaseJobs(d)).find((j) => j.data.uniqueKey === `chase:${String(d._id)}:${round}`);
    return job && !job.nextRunAt && job.lastFinishedAt;
  });
  expect(ran('pc-02')).toBe(runs);
  expect(await pendingRounds(d)).toBe(0);
  expect(w.bot.adapter.sent.filter((s) => s.msg.text.startsWith('Chase stopped: rolled back')).length).toBe(1);
  fail('pc-02', false);
}, 120_000);
