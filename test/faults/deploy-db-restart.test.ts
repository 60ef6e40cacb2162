/**
 * The database server restarts in the middle of a deployment run by the real CLI: the deployment
 * still finishes, by itself, with every target succeeded; no target that had succeeded before the
 * outage runs again, none runs more than twice (one caught running may run again: packages are
 * idempotent, the convention), and the channel gets one final summary.
 */
import { Deployment, type DeploymentDoc } from '../../src/deploy/deployment.model';
import { liveTargets } from '../../src/deploy/target-fold';
import { CliProcess } from '../support/cli-process';
import {
  addSlowPackage,
  runsPerHost,
  scheduledRfc,
  startDeployWorld,
  until,
  waitForEnd,
  writeCliConfig,
  type DeployWorld,
} from '../integration/deploy/deploy-fixture';
import { sleep } from './bot-process';
import { OwnDatabase } from './own-database';

const TARGETS = 20;

let w: DeployWorld;
let db: OwnDatabase | undefined;
let uri: string;
let configFile: string;
let cli: CliProcess | undefined;

beforeAll(async () => {
  db = await OwnDatabase.start('deploy-dbrestart');
  uri = db.uri('opsdesk_deploy_faults');
  w = await startDeployWorld({ ports: TARGETS }, {}, { jobs: false, mongoUri: uri });
  await addSlowPackage(w, 1);
  // Should a run fail after all (an outage longer than the runner's retries, under load), the stalled check resumes it
  // soon.
  configFile = writeCliConfig(w, { resumeCheckSeconds: 5 });
}, 90_000);

afterAll(async () => {
  cli?.kill('SIGKILL');
  await cli?.waitExit(10_000).catch(() => undefined);
  await w?.stop();
  await db?.remove();
}, 60_000);

test(
  'the database restarted mid-deployment: it finishes by itself, no succeeded target runs again, one ' + 'summary',
  async () => {
    const rfc = await scheduledRfc(w.bot.services, { package: { name: 'slow', version: '1.0' } });
    cli = CliProcess.start({
      args: ['start', '--config', configFile, '--as', 'rolf'],
      env: { ...process.env, MONGODB_URI: uri, LOG_LEVEL: 'info' },
    });
    await cli.expect(/you are rolf/u, 30_000);
    cli.type(':in #operators', `/deploy ${rfc} to all --parallel 4`);
    const d = await until(
      'the deployment to start',
      async () => Deployment.findOne({ rfcKey: rfc }).lean<DeploymentDoc>(),
      60_000,
    );
    await until(
      '4 targets to succeed',
      async () => (await liveTargets(d._id)).filter((t) => t.state === 'succeeded').length >= 4,
      60_000,
    );
    const beforeOutage = await liveTargets(d._id);
    const succeededBefore = beforeOutage.filter((t) => t.state === 'succeeded').map((t) => t.host);

    await db!.down();
    await sleep(2000);
    await db!.up();
    const backAt = Date.now();

    const done = await waitForEnd(rfc, 'deploy', 120_000).catch((err: Error) => {
      throw new Error(
        `${err.message}\n--- console ---\n${cli!.stdout.slice(-3000)}\n--- log ---\n${cli!.stderr.slice(-4000)}`,
      );
    });
    expect(done.state).toBe('done');
    if (process.env.OPSDESK_FAULTS_REPORT) {
      const count = (msg: string) => cli!.stderr.split('\n').filter((l) => l.includes(`"msg":"${msg}"`)).length;
      console.log(
        JSON.stringify({
          endedAfterRestartMs: Date.now() - backAt,
          recordRetries: count('database unreachable; retrying the deployment record'),
          resumed: count('stalled deployments resumed'),
          jobFailures: count('job failed'),
        }),
      );
    }
    const final = await liveTargets(d._id);
    expect(final.filter((t) => t.state === 'succeeded')).toHaveLength(TARGETS);
    const runs = runsPerHost(w.marks, 'ran');
    expect(Object.keys(runs)).toHaveLength(TARGETS);
    for (const h of succeededBefore) expect({ host: h, runs: runs[h] }).toEqual({ host: h, runs: 1 });
    for (const t of final)
      expect({ host: t.host, runs: Math.min(runs[t.host], 2) }).toEqual({ host: t.host, runs: runs[t.host] });
    await cli.expect(
      new RegExp(
        `Finished\\. Deployment D-\\d+ of ${rfc}: slow 1\\.0 — done: ${TARGETS}/${TARGETS} done, ${TARGETS} succeeded`,
        'u',
      ),
      20_000,
    );
    await sleep(1500);
    expect(cli.stdout.match(/Finished\. Deployment/gu)).toHaveLength(1);
  },
  240_000,
);
