/**
 * Benchmark: message-to-reply latency of a problem report (DM -> "Logged as INC-…") at a fixed
 * rate, through the console adapter and through the Slack emulator (Socket Mode), each beside its
 * baseline measured in the same run (a bare insert into the same database; for Slack a bare
 * insert plus a bare HTTP post to the emulator); reports per second until the median latency
 * doubles; resident memory of the bot idle and under load beside a bare Node process with
 * mongoose connected. The bot runs in a child process (`bot-host.ts`), so its memory is its own.
 *
 * OPSDESK_BENCH_RATE (default 5/s: below what the bot sustains on a busy 2-core machine with
 * FerretDB, so the figure is latency, not queueing) and OPSDESK_BENCH_SECONDS (default 10) set the
 * fixed load. Reports come from every person in the fixture config, round robin.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import mongoose from 'mongoose';
import YAML from 'yaml';
import { SlackEmulator } from '../platforms/slack/slack-emulator';
import { benchDatabase } from './bench-database';
import { type BenchRow, round, runAlone, versus } from './bench-row';
import { FIXTURE_CONFIG } from '../support/fixture-config';
import type { HostMessage } from './bot-host';
import { atRate, type LoadResult, rateUntilLatencyGrows } from './load';
import { saturate } from './saturate';
import { caseRow, endedRow, filedAt, type RowSource, rowIsOpen } from '../../src/tickets/case-row';
import { type PackedRow, packRow } from '../../src/tickets/row-pack';
import { createdCollection, endedCollection, ROLLUP_OPEN } from '../../src/tickets/case-rollups';

const RATE = Number(process.env.OPSDESK_BENCH_RATE ?? 5);
const SECONDS = Number(process.env.OPSDESK_BENCH_SECONDS ?? 10);
const BASELINE_SECONDS = Math.max(2, Math.round(SECONDS / 2));
const STEP_SECONDS = 3;
const MAX_RATE = 320;
/** The bare insert is stepped up by the same rule as the bot, to this rate at most (bounded time). */
const BARE_MAX_RATE = 8192;
const IN_FLIGHT = 16;
/** Cases (and receipts) stored before the report path is measured again: OPSDESK_BENCH_HISTORY=5000,50000. */
const HISTORY = (process.env.OPSDESK_BENCH_HISTORY ?? '5000,50000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0)
  .sort((a, b) => a - b);

/**
 * Adds cases `from`…`to` (numbers far above the bot's) as a year would leave them, in bulk: the case
 * (2% still open), its thread, receipt and recent-report refs, its number claim and its roll-up rows,
 * and its delivery's receipt and done claim.
 */
async function seedHistory(from: number, to: number): Promise<void> {
  const db = mongoose.connection.db!;
  const year = 365 * 86_400_000;
  for (let start = from; start < to; start += 5000) {
    const ids = Array.from({ length: Math.min(5000, to - start) }, (_, k) => start + k);
    const at = (i: number) => new Date(Date.now() - 86_400_000 - ((i * 7919) % year));
    const tickets = ids.map((i) => {
      const open = i % 50 === 0;
      const ended = new Date(at(i).getTime() + 3_600_000);
      return {
        _id: new mongoose.Types.ObjectId(),
        number: 10_000_000 + i,
        key: `INC-${10_000_000 + i}`,
        source: `seed|${i}`,
        reporterId: 'anna',
        reporterName: 'Anna Berg',
        school: 'nordby',
        title: `seeded case ${i}`,
        text: `seeded case ${i}: the printer in room ${i % 40} prints nothing`,
        category: 'printing',
        priority: 'P3',
        status: open ? 'new' : 'closed',
        ...(open ? {} : { firstResponseAt: ended, resolvedAt: ended, closedAt: ended }),
        reopenCount: 0,
        conversation: { platform: 'console', channel: 'dm:anna', direct: true },
        threadIds: [`console|dm:anna|seed-${i}`],
        events: [
          { at: at(i), actorId: 'anna', actorName: 'Anna Berg', kind: 'created', note: 'seeded' },
          ...(open ? [] : [{ at: ended, actorId: 'oscar', kind: 'status', to: 'closed' }]),
        ],
        createdAt: at(i),
        updatedAt: at(i),
      };
    });
    await db.collection('tickets').insertMany(tickets, { ordered: false });
    await db.collection('case_refs').insertMany(
      tickets.flatMap((t) => [
        { _id: `thread:console|dm:anna|seed-${t.number}` as never, ticketId: t._id },
        {
          _id: `receipt:${String(t._id)}` as never,
          ticketId: t._id,
          ref: { platform: 'console', channel: 'dm:anna', messageId: `r${t.number}` },
        },
        {
          _id: `recent:nordby:${String(t.number).padStart(10, '0')}` as never,
          ticketId: t._id,
          title: t.title,
          at: t.createdAt,
        },
      ]),
      { ordered: false },
    );
    await db.collection('claims').insertMany(
      tickets.flatMap((t, k) => [
        { _id: `seq:incident:${t.number}` as never, owner: 'seed', at: t.createdAt },
        { _id: `done:seed|${ids[k]}` as never, owner: 'seed', at: t.createdAt },
      ]),
      { ordered: false },
    );
    const byCollection = new Map<string, PackedRow[]>();
    for (const t of tickets) {
      const row = caseRow(t as unknown as RowSource);
      const rows: Array<[string, PackedRow]> = rowIsOpen(row)
        ? [[ROLLUP_OPEN, packRow(row)]]
        : [
            [createdCollection(row.createdAt), packRow(row)],
            [endedCollection(filedAt(row)), packRow(endedRow(row))],
          ];
      for (const [n, r] of rows) byCollection.set(n, [...(byCollection.get(n) ?? []), r]);
    }
    for (const [name, rows] of byCollection) await db.collection<PackedRow>(name).insertMany(rows, { ordered: false });
    await db.collection('inbound_receipts').insertMany(
      ids.map((i) => ({
        _id: `seed|${i}` as never,
        platform: 'seed',
        eventId: String(i),
        state: 'done',
        claimedBy: 'seed',
        claimedAt: at(i),
        doneAt: at(i),
      })),
      { ordered: false },
    );
  }
}
const MB = 2 ** 20;

interface FixturePerson {
  id: string;
  name: string;
  identities: Record<string, string>;
}

/** A child process (bot or bare) and a way to ask it for its resident memory. */
class Host {
  private readonly rssWaiters: Array<(rss: number) => void> = [];
  private stderrTail = '';
  readonly ready: Promise<void>;

  constructor(readonly child: ChildProcess) {
    child.stderr?.on('data', (chunk: Buffer) => (this.stderrTail = (this.stderrTail + chunk.toString()).slice(-2000)));
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench host did not start in 60 s: ${this.stderrTail}`)), 60_000);
      child.on('message', (m: HostMessage) => {
        if ('ready' in m) {
          clearTimeout(timer);
          resolve();
        } else if ('rss' in m) this.rssWaiters.shift()?.(m.rss);
        else if ('error' in m) reject(new Error(`bench host failed: ${m.error} ${this.stderrTail}`));
      });
      child.once('exit', (code) => reject(new Error(`bench host exited (${code}): ${this.stderrTail}`)));
    });
  }

  static start(mode: 'bot' | 'bare', env: NodeJS.ProcessEnv): Host {
    const script = path.join(__dirname, 'bot-host.js');
    return new Host(fork(script, [mode], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe', 'ipc'] }));
  }

  commands(): Promise<Record<string, number>> {
    return new Promise((resolve) => {
      const on = (m: HostMessage) => {
        if (!('commands' in m)) return;
        this.child.off('message', on);
        resolve(m.commands);
      };
      this.child.on('message', on);
      this.child.send({ commands: true });
    });
  }

  rss(): Promise<number> {
    return new Promise((resolve) => {
      this.rssWaiters.push(resolve);
      this.child.send({ rss: true });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    if (this.child.connected) this.child.send({ stop: true });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Samples a host's RSS every 250 ms while load runs; the peak is "under load". */
function rssSampler(host: Host): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, await host.rss());
      await new Promise((done) => setTimeout(done, 250));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

/** Waits for replies whose text carries a tag: `expect(tag)` before sending, `seen(text)` on output. */
class ReplyWaiter {
  private readonly waiting = new Map<string, () => void>();
  constructor(private readonly pattern: RegExp) {}

  expect(tag: string): Promise<void> {
    return new Promise((resolve) => this.waiting.set(tag, resolve));
  }

  seen(text: string): void {
    const tag = this.pattern.exec(text)?.[1];
    if (!tag) return;
    this.waiting.get(tag)?.();
    this.waiting.delete(tag);
  }
}

const report = (tag: string, i: number) => `bench report ${tag}: the printer in room ${i % 40} prints nothing`;

export async function run(): Promise<BenchRow[]> {
  const db = await benchDatabase('opsdesk_bench_latency');
  const slack = await new SlackEmulator().start();
  const hosts: Host[] = [];
  const rows: BenchRow[] = [];
  try {
    await mongoose.connect(db.uri, { serverSelectionTimeoutMS: 15_000 });
    await mongoose.connection.dropDatabase();
    const fixture = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as { people: FixturePerson[] };
    for (const p of fixture.people)
      slack.addUser({ id: p.identities.slack, name: p.id, realName: p.name, email: `${p.id}@school.example` });
    slack.addChannel({ id: 'COPS', name: 'operators' });
    slack.addChannel({ id: 'CCCB', name: 'ccb' });
    const reporters = fixture.people.map((p) => p.id);
    const slackIds = fixture.people.map((p) => p.identities.slack);

    // Memory baseline: a bare Node process with mongoose connected.
    const bare = Host.start('bare', { MONGODB_URI: db.uri });
    hosts.push(bare);
    await bare.ready;
    await new Promise((done) => setTimeout(done, 1000));
    const bareRss = await bare.rss();
    await bare.stop();

    // The bot counts its reads and writes (command monitoring) so the round trips per report are printed.
    const monitored = new URL(db.uri);
    monitored.searchParams.set('monitorCommands', 'true');
    const bot = Host.start('bot', {
      MONGODB_URI: monitored.toString(),
      OPSDESK_BENCH_COUNT_COMMANDS: '1',
      OPSDESK_BENCH_SLACK_API: slack.apiUrl,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_APP_TOKEN: slack.appToken,
      SLACK_SIGNING_SECRET: slack.signingSecret,
    });
    hosts.push(bot);
    await bot.ready;

    // Replies on both platforms carry the report's tag in the ticket card's title.
    const consoleReplies = new ReplyWaiter(/^\[b\d+\] DM \S+: INC-\d+ bench report (c\d+):/u);
    readline.createInterface({ input: bot.child.stdout! }).on('line', (line) => consoleReplies.seen(line));
    const slackReplies = new ReplyWaiter(/bench report (s\d+):/u);
    const addMessage = slack.ws.addMessage.bind(slack.ws);
    slack.ws.addMessage = (m) => {
      const stored = addMessage(m);
      if (m.user === slack.botUserId) slackReplies.seen(JSON.stringify(m.blocks ?? []));
      return stored;
    };
    const viaConsole = (i: number) => {
      const done = consoleReplies.expect(`c${i}`);
      bot.child.stdin!.write(`${reporters[i % reporters.length]}> ${report(`c${i}`, i)}\n`);
      return done;
    };
    const viaSlack = (i: number) => {
      const done = slackReplies.expect(`s${i}`);
      slack.dm(slackIds[i % slackIds.length], report(`s${i}`, i)).catch(() => undefined);
      return done;
    };
    let drains = 0;
    const drain = async () => {
      await viaConsole(9_000_000 + ++drains);
      await viaSlack(9_000_000 + drains);
      await new Promise((done) => setTimeout(done, 1000));
    };
    // Warm up both paths (first connections, caches, JIT).
    for (let i = 0; i < 5; i++) await Promise.all([viaConsole(1_000_000 + i), viaSlack(1_000_000 + i)]);
    await new Promise((done) => setTimeout(done, 2000));
    const idleRss = await bot.rss();

    // Baselines in this process, on the same database and emulator.
    const bareCollection = mongoose.connection.db!.collection('bench_bare');
    const im = slack.dmChannel(slackIds[0]);
    const bareInsert = (i: number) => bareCollection.insertOne({ i, text: report(`b${i}`, i), at: new Date() });
    const barePost = async (i: number) => {
      await bareInsert(i);
      const res = await fetch(`${slack.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: im, text: `bare post ${i}` }),
      });
      await res.text();
    };
    const insertBase = await atRate(RATE, BASELINE_SECONDS, bareInsert);
    // Saturated with 16 in flight, while the bot is idle (later the bot's own backlogs would share the database).
    const bareSat = await saturate((i) => bareInsert(400_000 + i), IN_FLIGHT, STEP_SECONDS * 2);
    const postBase = await atRate(RATE, BASELINE_SECONDS, (i) => barePost(100_000 + i));

    /** Round trips per answered report over a run (background work such as job polling included). */
    const roundTrips = async <T extends { answered: number }>(fn: () => Promise<T>) => {
      const before = await bot.commands();
      const r = await fn();
      const after = await bot.commands();
      const delta = Object.entries(after)
        .map(([k, n]) => [k, n - (before[k] ?? 0)] as const)
        .filter(([, n]) => n > 0);
      const total = delta.reduce((a, [, n]) => a + n, 0);
      const per = r.answered ? total / r.answered : NaN;
      const detail = delta
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${round(n / (r.answered || 1), 2)}`)
        .join(', ');
      return { r, per: round(per, 2), detail };
    };

    const sampler = rssSampler(bot);
    const counted = await roundTrips(() => atRate(RATE, SECONDS, viaConsole));
    const consoleRun = counted.r;
    rows.push({
      name: `round trips per console report, empty database (${counted.detail})`,
      value: counted.per,
      unit: 'per report',
    });
    const slackRun = await atRate(RATE, SECONDS, (i) => viaSlack(i));
    const loadRss = await sampler.stop();

    const at = `${RATE}/s for ${SECONDS} s`;
    const latencyRows = (label: string, r: LoadResult, base: LoadResult, note: string) => [
      versus(`latency ${label} p50 (${at})`, round(r.p50), 'ms', round(base.p50), note),
      versus(`latency ${label} p99 (${at})`, round(r.p99), 'ms', round(base.p99), note),
    ];
    rows.push(...latencyRows('console', consoleRun, insertBase, 'a bare insertOne into the same database, same rate'));
    rows.push(
      ...latencyRows(
        'Slack Socket Mode',
        slackRun,
        postBase,
        'a bare insertOne plus a bare HTTP chat.postMessage to the emulator, same rate',
      ),
    );
    for (const [label, r] of [
      ['console', consoleRun],
      ['Slack', slackRun],
    ] as const) {
      if (r.answered < r.sent)
        rows.push({
          name: `latency ${label}: unanswered within 15 s`,
          value: r.sent - r.answered,
          unit: `of ${r.sent}`,
        });
    }

    // The same console load with history stored: cases and their deliveries' receipts, as a year would leave them.
    let stored = 0;
    for (const n of HISTORY) {
      await seedHistory(stored, n);
      stored = n;
      const withHistory = await roundTrips(() => atRate(RATE, SECONDS, (i) => viaConsole(3_000_000 + n + i)));
      const r = withHistory.r;
      rows.push(
        versus(
          `latency console p50 with ${n.toLocaleString('en')} cases stored (${at})`,
          round(r.p50),
          'ms',
          round(consoleRun.p50),
          'the same on the empty database, same run',
        ),
        {
          name: `round trips per console report, ${n.toLocaleString('en')} cases stored (${withHistory.detail})`,
          value: withHistory.per,
          unit: 'per report',
        },
      );
    }

    // Throughput: step the rate up until the median doubles (bounded), the bare insert by the same rule.
    const storedLabel = HISTORY.length ? ` with ${HISTORY[HISTORY.length - 1].toLocaleString('en')} cases stored` : '';
    const bareSteps = await rateUntilLatencyGrows((i) => bareInsert(200_000 + i), {
      baseP50: insertBase.p50,
      start: Math.round(RATE * Math.SQRT2),
      sustained: RATE,
      maxRate: BARE_MAX_RATE,
      seconds: STEP_SECONDS,
    });
    const bareTried = bareSteps.steps.map((x) => `${x.rate}/s: p50 ${round(x.p50, 2)} ms`).join(', ');
    rows.push({
      name: `bare insertOne/s before the p50 doubles (${bareTried})`,
      value: bareSteps.sustained,
      unit: 'per s',
    });
    for (const [label, send, base] of [
      ['console', (i: number) => viaConsole(2_000_000 + i), consoleRun],
      ['Slack', (i: number) => viaSlack(2_000_000 + i), slackRun],
    ] as const) {
      const { steps, sustained } = await rateUntilLatencyGrows(send, {
        baseP50: base.p50,
        start: Math.round(RATE * Math.SQRT2),
        sustained: base.answered === base.sent ? RATE : 0,
        maxRate: MAX_RATE,
        seconds: STEP_SECONDS,
      });
      const tried = steps.map((s) => `${s.rate}/s: p50 ${round(s.p50)} ms`).join(', ');
      rows.push(
        versus(
          `reports/s through ${label}${storedLabel} before the p50 doubles over the empty database's (${tried})`,
          sustained,
          'per s',
          bareSteps.sustained,
          'bare insertOne calls per second by the same rule (highest rate before its p50 doubles)',
        ),
      );
      // Let the backlog drain before the next path: one report through each path answered in turn.
      await drain();
    }

    // Saturation: 16 reports in flight at all times (closed loop), beside the bare insert the same way.
    // The console adapter reads its input line by line (a console is one person): there 16 in flight
    // queue behind each other, and the figure is 1 / latency.
    for (const [label, send] of [
      ['console', (i: number) => viaConsole(5_000_000 + i)],
      ['Slack', (i: number) => viaSlack(5_000_000 + i)],
    ] as const) {
      const sat = await saturate(send, IN_FLIGHT, STEP_SECONDS * 2);
      rows.push(
        versus(
          `reports/s through ${label}${storedLabel}, saturated (${IN_FLIGHT} in flight, ${sat.done} answered)`,
          round(sat.perSecond),
          'per s',
          round(bareSat.perSecond),
          `bare insertOne calls per second with ${IN_FLIGHT} in flight`,
        ),
      );
      await drain();
    }
    process.stderr.write(`latency: idle RSS ${round(idleRss / MB)} MiB (see the memory bench)\n`);
    rows.push(
      versus(
        `memory (RSS) of the bot, peak under ${RATE}/s`,
        round(loadRss / MB),
        'MiB',
        round(bareRss / MB),
        'a bare Node process with mongoose connected (bot-host.js bare: node and mongoose only)',
      ),
    );
    process.stderr.write(
      `latency: console ${JSON.stringify(consoleRun)}\nlatency: slack ${JSON.stringify(slackRun)}\n`,
    );
    if (process.env.OPSDESK_BENCH_VERBOSE) {
      const calls = new Map<string, number>();
      for (const c of slack.calls()) calls.set(c.method, (calls.get(c.method) ?? 0) + 1);
      process.stderr.write(`latency: Slack Web API calls ${JSON.stringify(Object.fromEntries(calls))}\n`);
    }
  } finally {
    for (const h of hosts) await h.stop().catch(() => undefined);
    await slack.stop();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await db.stop();
  }
  return rows.map((row) => ({ ...row, engine: db.engine }));
}

if (require.main === module) runAlone(run);
