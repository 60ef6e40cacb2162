/**
 * Benchmark: consecutive deployments on one database. Ten `/deploy`s of 200 targets at ×32 (the bot running in
 * its own process, each RFC scheduled beforehand), one after another on a fresh database, so `deploy_targets`,
 * `deploy_outcomes` and the claims grow as they would over a term; the row is the 10th against the 1st
 * (`OPSDESK_BENCH_HISTORY_DEPLOYMENTS`, default 10; `OPSDESK_BENCH_FANOUT_TARGETS`, default 200).
 */
import { benchDatabase } from './bench-database';
import { type BenchRow, round, runAlone, versus } from './bench-row';
import { commandsPer, databasePid, median, procCpuSeconds, startDeployBench } from './deploy-world';

const TARGETS = Number(process.env.OPSDESK_BENCH_FANOUT_TARGETS ?? 200);
const COUNT = Math.max(2, Number(process.env.OPSDESK_BENCH_HISTORY_DEPLOYMENTS ?? 10));
const PARALLEL = 32;

export async function run(): Promise<BenchRow[]> {
  const db = await benchDatabase('opsdesk_bench_deploy_history');
  const b = await startDeployBench({
    uri: db.uri,
    ports: TARGETS,
    groups: { g200: TARGETS },
    rfcsPerGroup: { g200: COUNT },
  });
  try {
    const seconds: number[] = [];
    const commands: number[] = [];
    const dbCpu: number[] = [];
    const dbPid = databasePid(db.uri);
    for (const rfc of b.rfcs.g200) {
      process.stderr.write(`deploy-history: deployment ${seconds.length + 1} of ${COUNT}\n`);
      const before = await b.bot.commands();
      const cpu0 = dbPid ? procCpuSeconds(dbPid) : 0;
      seconds.push(await b.bot.deploy(rfc, 'g200', PARALLEL));
      dbCpu.push(dbPid ? procCpuSeconds(dbPid) - cpu0 : 0);
      commands.push(commandsPer(before, await b.bot.commands(), TARGETS).total);
    }
    const all = seconds.map((s) => round(s, 1)).join(', ');
    return [
      versus(
        `/deploy ${TARGETS} targets ×${PARALLEL}: deployment no. ${COUNT} in a row on one database vs the 1st ` +
          `(all: ${all} s; median ${round(median(seconds), 2)} s)`,
        round(seconds[COUNT - 1], 2),
        's',
        round(seconds[0], 2),
        'the 1st deployment on the same, then empty, database',
      ),
      ...(dbPid
        ? [
            versus(
              `database server CPU during deployment no. ${COUNT} vs the 1st (all: ` +
                `${dbCpu.map((c) => round(c, 1)).join(', ')} s)`,
              round(dbCpu[COUNT - 1], 2),
              's',
              round(dbCpu[0], 2),
              'the 1st deployment (CPU time of the embedded FerretDB process, from /proc)',
            ),
          ]
        : []),
      versus(
        `database commands per target, deployment no. ${COUNT} vs the 1st`,
        round(commands[COUNT - 1], 2),
        'per target',
        round(commands[0], 2),
        'the 1st deployment',
      ),
    ].map((r) => ({ ...r, engine: db.engine }));
  } finally {
    await b.stop();
    await db.stop();
  }
}

if (require.main === module) runAlone(run);
