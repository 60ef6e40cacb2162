/**
 * A `/deploy` starts its runner in the process that took the command, at once, not at the job's next poll
 * (Agenda's default is 2 s): here Agenda does not run at all, so no poll ever comes, and the deployment still runs
 * to its end with every host run once. It would catch the start going back to waiting for the job. The job's run
 * afterwards (the safety net if the process had died) finds the deployment ended and runs nothing again.
 */
import { TestBot } from '../../support/test-bot';
import { runsPerHost, scheduledRfc, startDeployWorld, waitForEnd, type DeployWorld } from './deploy-fixture';

let w: DeployWorld;

beforeAll(async () => {
  w = await startDeployWorld({ ports: 6 }, {}, { jobs: false });
}, 60_000);
afterAll(() => w?.stop());

test('a /deploy runs with no job poll; the job that comes later runs nothing again', async () => {
  const rfc = await scheduledRfc(w.bot.services);
  const said = TestBot.text(await w.bot.say('rolf', `/deploy ${rfc} to all --canary 0`, { channel: '#operators' }));
  expect(said).toContain('D-');
  const d = await waitForEnd(rfc);
  expect(d.state).toBe('done');
  expect(Object.values(runsPerHost(w.marks, 'ran'))).toEqual(Array(6).fill(1));
  // Its completion (the RFC, the chase) may still run in this process; then the job's run.
  await w.bot.services.deployments.settle(30_000);
  expect((await w.bot.services.deployments.run(String(d._id))).kind).toBe('not-running');
  expect(Object.values(runsPerHost(w.marks, 'ran'))).toEqual(Array(6).fill(1));
});
