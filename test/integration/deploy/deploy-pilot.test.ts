/**
 * Pilot then the rest, and progress per RFC, through the real commands, Agenda and real sshd
 * targets (8 hosts; pc-01 … pc-05 are the `pilot` group, the configured pilot). Would catch: an
 * RFC marked deployed by its pilot alone, the rest refused after a pilot ("not release-approved"),
 * a deployment that does not stop at the gate or that a plain resume lets through, a go/no-go
 * answered by someone else than a release manager, a rollback after a no-go that touches hosts
 * that never ran.
 */
import { Rfc } from '../../../src/changes/rfc.model';
import { Deployment, type DeploymentDoc } from '../../../src/deploy/deployment.model';
import { TestBot } from '../../support/test-bot';
import {
  runsPerHost,
  scheduledRfc,
  startDeployWorld,
  targetsOf,
  until,
  waitForEnd,
  type DeployWorld,
} from './deploy-fixture';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

let w: DeployWorld;
const say = async (who: string, line: string) => TestBot.text(await w.bot.say(who, line, { channel: '#operators' }));
const state = async (key: string) => (await Rfc.findOne({ key }).lean())?.state;
const PILOT = ['pc-01', 'pc-02', 'pc-03', 'pc-04', 'pc-05'];

beforeAll(async () => {
  w = await startDeployWorld(
    { ports: 8 },
    { canary: 0, completionRatio: 1, pilot: { group: 'pilot' }, chase: { everyMinutes: 600, forHours: 1 } },
  );
}, 60_000);
afterAll(() => w?.stop());
beforeEach(() => {
  for (const h of w.hosts) for (const f of ['ran', 'back']) rmSync(join(w.marks, `${f}-${h}`), { force: true });
});

const paused = (key: string) =>
  until(
    'the pilot gate',
    async () => {
      const d = await Deployment.findOne({ rfcKey: key, kind: 'deploy' }).sort({ number: -1 }).lean<DeploymentDoc>();
      return d?.pilot?.state === 'waiting' && d.pilot.card && d;
    },
    60_000,
  );

test('pilot, go/no-go card, go by reaction: the rest runs; the RFC is deployed only after all', async () => {
  const key = await scheduledRfc(w.bot.services, { targets: ['all'] });
  await say('rolf', `/deploy ${key}`);
  const d = await paused(key);
  expect(Object.keys(runsPerHost(w.marks, 'ran')).sort()).toEqual(PILOT);
  expect(d.state).toBe('paused');
  expect(await state(key)).toBe('deploying');
  const card = w.bot.sent.find((s) => s.msg.card?.title?.startsWith('Go/no-go'))!;
  expect(card.msg.text).toMatch(/Pilot pilot \(5: pc-01, pc-02, pc-03, pc-04, pc-05\): 5\/5 done, 5 succeeded\./u);
  expect(card.msg.text).toMatch(/3 host\(s\) wait for the go/u);
  // A plain resume does not pass the gate; someone who is not a release manager cannot answer.
  expect(await say('oscar', `/deploy resume ${key}`)).toMatch(new RegExp(`deploy go ${key}`, 'u'));
  expect(await say('oscar', `/deploy go ${key}`)).toMatch(/Only a release manager answers the go\/no-go/u);
  expect((await Deployment.findById(d._id).lean())?.state).toBe('paused');
  await w.bot.react('rolf', d.pilot!.card!, '+1');
  const done = await waitForEnd(key);
  expect(done.state).toBe('done');
  expect(Object.values(runsPerHost(w.marks, 'ran'))).toEqual(Array(8).fill(1));
  await until('deployed', async () => (await state(key)) === 'deployed');
  expect(await say('rolf', `/deploy go ${key}`)).toMatch(/has no pilot waiting/u);
}, 120_000);

test('a no-go stops after the pilot; the rollback touches exactly the pilot hosts', async () => {
  const key = await scheduledRfc(w.bot.services, { targets: ['all'] });
  await say('rolf', `/deploy ${key}`);
  await paused(key);
  expect(await say('rolf', `/deploy no-go ${key}`)).toMatch(/no-go from Rolf Eide; it stopped after the pilot/u);
  const d = await waitForEnd(key);
  expect(d.state).toBe('cancelled');
  expect((await targetsOf(d)).filter((t) => t.state === 'skipped').map((t) => t.host)).toEqual([
    'pc-06',
    'pc-07',
    'pc-08',
  ]);
  expect(await state(key)).toBe('deploying');
  await say('rolf', `/rollback ${key}`);
  expect((await waitForEnd(key, 'rollback')).state).toBe('done');
  expect(Object.keys(runsPerHost(w.marks, 'back')).sort()).toEqual(PILOT);
  await until('rolled back', async () => (await state(key)) === 'rolled-back');
}, 120_000);

test('by hand, group by group: each /deploy runs a subset while the RFC is deploying; deployed after the last', async () => {
  const key = await scheduledRfc(w.bot.services, { targets: ['all'] });
  await say('rolf', `/deploy ${key} to pilot`); // all inside the pilot group: no gate
  expect((await waitForEnd(key)).state).toBe('done');
  await until('the note of where it stands', async () =>
    w.bot.sent.some((s) => s.msg.text.startsWith(`${key} stays deploying: 5/8 (63%)`)),
  );
  expect(await state(key)).toBe('deploying');
  await say('rolf', `/deploy ${key} to pc-06 pc-07`);
  await until('the second deployment', async () => (await Deployment.countDocuments({ rfcKey: key })) === 2);
  expect((await waitForEnd(key)).state).toBe('done');
  expect(await state(key)).toBe('deploying');
  await say('rolf', `/deploy ${key} to pc-08`);
  await until('the third deployment', async () => (await Deployment.countDocuments({ rfcKey: key })) === 3);
  await waitForEnd(key);
  await until('deployed', async () => (await state(key)) === 'deployed');
  // The note follows the move to deployed (the transition first, then the note).
  await until('the completion note', async () =>
    TestBot.text(w.bot.sent).includes(`${key} reached the completion criterion: 8/8 (100%) of its approved`),
  );
  expect(Object.values(runsPerHost(w.marks, 'ran'))).toEqual(Array(8).fill(1));
}, 120_000);
