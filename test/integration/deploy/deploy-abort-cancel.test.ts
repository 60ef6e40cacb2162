import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rfc } from '../../../src/changes/rfc.model';
import { Ticket } from '../../../src/tickets/ticket.model';
import { liveTargets } from '../../../src/deploy/target-fold';
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

/** Abort on the canary's failure ratio, cancel from chat, and the end of a chase policy (report and incidents). */
let w: DeployWorld;
const state = async (key: string) => (await Rfc.findOne({ key }).lean())?.state;

beforeAll(async () => {
  w = await startDeployWorld({ ports: 6 }, { chase: { everyMinutes: 0.01, forHours: 0, openIncidents: true } });
  await w.bot.services.packages.add({
    name: 'slow',
    version: '1.0',
    idempotent: true,
    scripts: { install: 'sleep 1\n', backout: 'true\n' },
  });
  await w.bot.services.packages.sign('slow', '1.0', w.key.privateKey);
}, 150_000);
afterAll(() => w?.stop());

test('a failing canary aborts the deployment: the rest is skipped and the RFC is scheduled again', async () => {
  writeFileSync(join(w.marks, 'fail-pc-01'), '');
  const rfc = await scheduledRfc(w.bot.services);
  await w.bot.say('rolf', `/deploy ${rfc} to all --canary 1`, { channel: '#operators' });
  const d = await waitForEnd(rfc);
  rmSync(join(w.marks, 'fail-pc-01'));
  expect(d.state).toBe('aborted');
  expect(d.reason).toBe('Aborted after wave 1: 100% of the targets reached failed (limit 30%).');
  const targets = await targetsOf(d);
  expect(targets.filter((t) => t.state === 'skipped').map((t) => t.host)).toEqual([
    'pc-02',
    'pc-03',
    'pc-04',
    'pc-05',
    'pc-06',
  ]);
  expect(Object.keys(runsPerHost(w.marks, 'ran'))).toEqual(['pc-01']);
  await until('RFC back to scheduled', async () => (await state(rfc)) === 'scheduled');
}, 150_000);

test('deploy cancel stops starting targets; running ones finish', async () => {
  const rfc = await scheduledRfc(w.bot.services, { package: { name: 'slow', version: '1.0' } });
  await w.bot.say('rolf', `/deploy ${rfc} to all --canary 0 --parallel 1`, { channel: '#operators' });
  const d = await until('a target to succeed', async () => {
    const latest = await w.bot.services.deployments.latest(rfc);
    // Mid-run the target documents take states in batches: the claims and outcomes say it at once.
    return latest && (await liveTargets(latest._id)).some((t) => t.state === 'succeeded') && latest;
  });
  expect(TestBot.text(await w.bot.say('oscar', `/deploy cancel ${rfc}`, { channel: '#operators' }))).toContain(
    'cancelling',
  );
  const ended = await waitForEnd(rfc);
  expect(ended.state).toBe('cancelled');
  const targets = await targetsOf(d);
  expect(targets.filter((t) => t.state === 'skipped').length).toBeGreaterThanOrEqual(1);
  expect(targets.filter((t) => t.state === 'pending' || t.state === 'running')).toEqual([]);
  // Some targets succeeded: the RFC stays deploying (progress is per RFC) and the note names the ways on.
  await until('the note of where it stands', async () =>
    w.bot.sent.some((s) => s.msg.text.startsWith(`${rfc} stays deploying:`) && /deploy complete/u.test(s.msg.text)),
  );
  expect(await state(rfc)).toBe('deploying');
}, 150_000);

test(
  'when the chase policy ends, the hosts left are reported and get one incident each; a later chase completes ' +
    'the RFC',
  async () => {
    writeFileSync(join(w.marks, 'fail-pc-03'), '');
    const rfc = await scheduledRfc(w.bot.services);
    await w.bot.say('rolf', `/deploy ${rfc} to all`, { channel: '#operators' });
    const d = await waitForEnd(rfc);
    expect(d.state).toBe('done');
    await until('the policy-end report', async () =>
      TestBot.text(w.bot.sent).includes('Chase policy ended with 1 host(s) still failing: pc-03. Incidents: INC-'),
    );
    const incidents = await Ticket.find({ source: `deploy-chase|${String(d._id)}|pc-03` }).lean();
    expect(incidents).toHaveLength(1);
    expect(incidents[0].text).toContain('did not reach pc-03 (failed: exit code 3)');
    expect(await state(rfc)).toBe('deploying');
    rmSync(join(w.marks, 'fail-pc-03'));
    expect(TestBot.text(await w.bot.say('oscar', `/chase ${rfc} now`, { channel: '#operators' }))).toContain(
      'retried 1, 1 succeeded (pc-03; `deploy show D-',
    );
    await until('RFC deployed', async () => (await state(rfc)) === 'deployed');
    expect(TestBot.text(await w.bot.say('oscar', `/chase ${rfc} list`, { channel: '#operators' }))).toContain(
      'is empty',
    );
  },
  150_000,
);
