/**
 * A target caught running by a chase round stays `running`: a second round (`/chase RFC now` while the first is
 * still at the host) neither runs it again nor marks it failed, and says it is still running; the first round's run
 * finishes and succeeds. Real sshd targets (3 hosts). Would catch: a host run twice because two rounds overlapped, a
 * running target counted failed or dropped from the list, a round that reports "0 left" with nothing said about it;
 * and `deploy show … --csv` attaches the whole list as a file (a summary that lost the file, a row that lost a host).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeploymentDoc } from '../../../src/deploy/deployment.model';
import { readTarget } from '../../../src/deploy/target-book';
import { asOfLatestAttempt } from '../../../src/deploy/target-fold';
import { TestBot } from '../../support/test-bot';
import { runsPerHost, scheduledRfc, startDeployWorld, until, waitForEnd, type DeployWorld } from './deploy-fixture';

let w: DeployWorld;
const say = async (who: string, line: string) => TestBot.text(await w.bot.say(who, line, { channel: '#operators' }));
/** A target as the durable facts say now: its book entry brought up to its latest attempt (a start is a claim). */
const target = async (d: Pick<DeploymentDoc, '_id'>, host: string) => {
  const t = await readTarget(d._id, host);
  return t && asOfLatestAttempt(d._id, t);
};

beforeAll(async () => {
  w = await startDeployWorld({ ports: 3 }, { canary: 0, chase: { everyMinutes: 600, forHours: 1 } });
  // Not idempotent: a second run would be a real harm, so any overlap shows in the run count.
  await w.bot.services.packages.add({
    name: 'slow',
    version: '1.0',
    idempotent: false,
    scripts: {
      install:
        `echo run >> ${w.marks}/ran-"$OPSDESK_HOST"\nif [ -e ${w.marks}/fail-"$OPSDESK_HOST" ]; then ` +
        `echo "disk full" >&2; exit 3; fi\nsleep 4\necho ok\n`,
      backout: 'true\n',
    },
  });
  await w.bot.services.packages.sign('slow', '1.0', w.key.privateKey);
}, 60_000);
afterAll(() => w?.stop());

test('a round finds a target still running from an earlier round: not run again, not failed; it finishes', async () => {
  writeFileSync(join(w.marks, 'fail-pc-03'), '');
  const key = await scheduledRfc(w.bot.services, { package: { name: 'slow', version: '1.0' } });
  await say('rolf', `/deploy ${key}`);
  const d = await waitForEnd(key);
  expect((await target(d, 'pc-03'))?.state).toBe('failed');
  // The list on request as a file: the summary in the reply, every host in the CSV attached to it.
  // The deployment's end note (the RFC below its criterion) may land during this command: the reply is the one
  // with the file.
  const said = await w.bot.say('oscar', `/deploy show D-${d.number} failed --csv`, { channel: '#operators' });
  const shown = said.filter((m) => m.msg.file || m.msg.text.startsWith('Deployment D-'));
  expect(shown[0].msg.text).toBe(
    `Deployment D-${d.number} of ${key}: 1 host(s) failed, by error line:\ndisk full: 1 host (pc-03)\n` +
      `The whole list is attached: deploy-D-${d.number}-failed.csv.`,
  );
  expect(shown[0].msg.file?.data.toString('utf8')).toMatch(
    /^host,state,attempts,error,last_line,dropped,ended_at\r\npc-03,failed,1,[^\r\n]*,disk full,no,\d{4}-/u,
  );
  expect(await say('oscar', `/deploy show D-${d.number} all`)).toContain('`deploy show D-N all --csv`');
  rmSync(join(w.marks, 'fail-pc-03'));

  const first = w.bot.say('oscar', `/chase ${key} now`, { channel: '#operators' });
  await until('pc-03 running in the first round', async () => (await target(d, 'pc-03'))?.state === 'running');
  const second = await say('oscar', `/chase ${key} now`);
  expect(second).toBe(
    `Chase of ${key}: retried 0, 0 succeeded, 0 left. Still running from an earlier round, not run again: pc-03.`,
  );
  expect((await target(d, 'pc-03'))?.state).toBe('running');

  // The first round's reply (said to oscar after everything its run posted meanwhile).
  expect(TestBot.text(await first)).toMatch(
    new RegExp(`\nChase of ${key}: retried 1, 1 succeeded \\(pc-03;[^\n]*$`, 'u'),
  );
  expect(await target(d, 'pc-03')).toMatchObject({ state: 'succeeded', chased: true });
  expect(runsPerHost(w.marks, 'ran')).toEqual({ 'pc-01': 1, 'pc-02': 1, 'pc-03': 2 }); // the failed run, the chased one
}, 90_000);
