/**
 * The pilot's "go" starts the rest of the deployment at once in the process that took it, as `/deploy` does, not at
 * the job's next poll: here Agenda does not run at all, so no poll ever comes, and after the go every host has run
 * once. It would catch the go going back to waiting for the job (before: up to Agenda's 2 s poll after the go).
 */
import { Deployment, type DeploymentDoc } from '../../../src/deploy/deployment.model';
import { TestBot } from '../../support/test-bot';
import { runsPerHost, scheduledRfc, startDeployWorld, until, waitForEnd, type DeployWorld } from './deploy-fixture';

let w: DeployWorld;
const PILOT = ['pc-01', 'pc-02', 'pc-03', 'pc-04', 'pc-05'];

beforeAll(async () => {
  w = await startDeployWorld(
    { ports: 7 },
    { canary: 0, completionRatio: 1, pilot: { group: 'pilot' } },
    { jobs: false },
  );
}, 60_000);
afterAll(() => w?.stop());

test('after the pilot, "deploy go" runs the rest with no job poll, each host once', async () => {
  const key = await scheduledRfc(w.bot.services, { targets: ['all'] });
  const said = async (who: string, line: string) => TestBot.text(await w.bot.say(who, line, { channel: '#operators' }));
  expect(await said('rolf', `/deploy ${key}`)).toContain('D-');
  const d = await until(
    'the pilot gate',
    async () => {
      const found = await Deployment.findOne({ rfcKey: key }).lean<DeploymentDoc>();
      return found?.pilot?.state === 'waiting' && found;
    },
    60_000,
  );
  expect(Object.keys(runsPerHost(w.marks, 'ran')).sort()).toEqual(PILOT);
  await said('rolf', `/deploy go ${key}`);
  const done = await waitForEnd(key);
  expect(done.state).toBe('done');
  expect(Object.values(runsPerHost(w.marks, 'ran'))).toEqual(Array(7).fill(1));
  await w.bot.services.deployments.settle(30_000);
  expect((await w.bot.services.deployments.run(String(d._id))).kind).toBe('not-running');
}, 120_000);
