/**
 * /healthz, /readyz and /metrics over HTTP against a running bot (startBot: real database, the
 * console adapter, Agenda processing jobs): events by platform and kind, command latency by
 * command, jobs run and failed by name, deployment targets by state; readiness turning 503 when
 * the database or an adapter is not connected.
 */
import { PassThrough, Writable } from 'node:stream';
import mongoose, { Types } from 'mongoose';
import pino from 'pino';
import { startBot, type RunningBot } from '../../../src/start-bot';
import { HealthServer } from '../../../src/http/health-server';
import { Metrics } from '../../../src/http/metrics';
import type { TargetDoc } from '../../../src/deploy/deployment.model';
import { recordPlan, writeTargets } from '../../../src/deploy/target-book';
import { testDbUri } from '../../support/db';
import { RecordingAdapter } from '../../support/recording-adapter';
import { startTestBot, testConfig } from '../../support/test-bot';

const silent = pino({ level: 'silent' });

async function get(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** `name{labels} value` lines of a Prometheus text exposition, as a map. */
function samples(body: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of body.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    // prom-client prints an empty gauge as "Nan"; Prometheus parses special values case-insensitively.
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (-?[0-9.eE+-]+|NaN|Nan|[+-]Inf)$/u.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    out.set(m[1], Number(m[2]));
  }
  return out;
}

async function until<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a running bot', () => {
  let running: RunningBot;
  let port: number;
  const input = new PassThrough();
  let output = '';

  beforeAll(async () => {
    const config = testConfig({
      http: { enabled: true, host: '127.0.0.1', port: 0 },
      console: { enabled: true, defaultUser: 'anna' },
    });
    running = await startBot({
      config,
      log: silent,
      env: { MONGODB_URI: testDbUri() },
      console: {
        input,
        output: new Writable({
          write(chunk, _enc, cb) {
            output += String(chunk);
            cb();
          },
        }),
        prompt: false,
      },
    });
    port = running.httpPort!;
  }, 60_000);

  afterAll(async () => {
    input.end();
    await running?.stop();
  }, 30_000);

  test('/healthz answers, unknown paths are 404', async () => {
    expect(await get(port, '/healthz')).toMatchObject({ status: 200, body: 'ok\n' });
    expect((await get(port, '/nope')).status).toBe(404);
  });

  test('/readyz: 200 with the database, the signing key and the console adapter', async () => {
    const r = await get(port, '/readyz');
    expect(r.status).toBe(200);
    expect(r.body).toBe('ready\ndatabase: ok\nsigning: ok\nconsole: ok\n');
  });

  test('/metrics counts events by platform and kind, and command latency by command', async () => {
    input.write('the printer in room 12 prints nothing\n');
    input.write('/ticket list\n');
    input.write('/nope\n');
    input.write('/ticket assign INC-1 me\n');
    input.write('oscar> /ticket assign INC-1 me\n');
    await until(
      () =>
        /assigned to you/u.test(output) &&
        /Did you mean|don't know the command/u.test(output) &&
        /is for: operator, admin/u.test(output),
      'the console answers',
    );
    // An event is counted when its handling ends, after its answer went out: wait for the fifth.
    let r = await get(port, '/metrics');
    await until(async () => {
      r = await get(port, '/metrics');
      return samples(r.body).get('opsdesk_event_seconds_count{platform="console",kind="message"}') === 5;
    }, 'the five events counted');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/plain; version=0\.0\.4/u);
    const m = samples(r.body);
    expect(m.get('opsdesk_events_total{platform="console",kind="message",outcome="ok"}')).toBe(3);
    expect(m.get('opsdesk_events_total{platform="console",kind="message",outcome="refused"}')).toBe(2);
    expect(m.get('opsdesk_event_seconds_count{platform="console",kind="message"}')).toBe(5);
    expect(m.get('opsdesk_command_seconds_count{command="ticket",outcome="ok"}')).toBe(2);
    expect(m.get('opsdesk_command_seconds_count{command="ticket",outcome="refused"}')).toBe(1);
    expect(m.get('opsdesk_command_seconds_count{command="unknown",outcome="refused"}')).toBe(1);
    // Every bucket of the histogram is there, cumulative up to +Inf.
    expect(m.get('opsdesk_command_seconds_bucket{le="+Inf",command="ticket",outcome="ok"}')).toBe(2);
    expect(m.get('opsdesk_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  test('/metrics counts job runs and failures by job name', async () => {
    const { agenda } = running.runtime;
    agenda.define('observability-test-failing', async () => {
      throw new Error('this job always fails');
    });
    await running.runtime.services.jobs.now('sla-check', {});
    await running.runtime.services.jobs.now('observability-test-failing', {});
    const m = await until(async () => {
      const s = samples((await get(port, '/metrics')).body);
      return (
        s.get('opsdesk_jobs_total{job="sla-check",outcome="ok"}') === 1 &&
        s.get('opsdesk_jobs_total{job="observability-test-failing",outcome="failed"}') === 1 &&
        s
      );
    }, 'both jobs to run');
    expect(m.get('opsdesk_job_seconds_count{job="sla-check"}')).toBe(1);
  }, 30_000);

  test('deployment targets by state: nothing while nothing runs, then the targets of the running and paused', async () => {
    const before = samples((await get(port, '/metrics')).body);
    expect(
      [...before.keys()].filter((k) => k.startsWith('opsdesk_deploy_targets{') || k.startsWith('opsdesk_deployments{')),
    ).toEqual([]);
    const db = mongoose.connection.db!;
    const [running, paused, done] = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
    await db
      .collection('deployments')
      .insertMany([
        { _id: running, state: 'running' },
        { _id: paused, state: 'paused' },
        { _id: done, state: 'done' },
        { state: 'done' },
      ]);
    const target = (deploymentId: Types.ObjectId, host: string): TargetDoc => ({
      deploymentId,
      host,
      wave: 0,
      state: 'pending',
      attempts: 0,
      dropped: false,
      chased: false,
    });
    // The running deployment's book: its plan, then a wave's outcomes written as the next version.
    await recordPlan(
      running,
      ['pc-1', 'pc-2', 'pc-3', 'pc-4', 'pc-5', 'pc-6', 'pc-7'].map((h) => target(running, h)),
    );
    await writeTargets(running, (targets) => {
      targets.forEach((t, i) => (t.state = i < 5 ? 'succeeded' : i === 5 ? 'failed' : 'unreachable'));
      return true;
    });
    // A paused one recorded before the books (target documents), and an ended one whose targets are left out.
    await db.collection('deploy_targets').insertOne({ ...target(paused, 'pc-10'), state: 'pending' });
    await recordPlan(done, [target(done, 'pc-20')]);
    const m = samples((await get(port, '/metrics')).body);
    expect(m.get('opsdesk_deploy_targets{state="succeeded"}')).toBe(5);
    expect(m.get('opsdesk_deploy_targets{state="failed"}')).toBe(1);
    expect(m.get('opsdesk_deploy_targets{state="unreachable"}')).toBe(1);
    expect(m.get('opsdesk_deploy_targets{state="pending"}')).toBe(1);
    expect(m.get('opsdesk_deployments{state="running"}')).toBe(1);
    expect(m.get('opsdesk_deployments{state="done"}')).toBe(2);
  });

  test('with the database gone /readyz is 503 and /metrics still answers', async () => {
    // Jobs and adapters stop first (Agenda must not be left polling a closed client); the HTTP server stays up.
    await running.runtime.stop();
    await mongoose.disconnect();
    const r = await get(port, '/readyz');
    expect(r.status).toBe(503);
    expect(r.body).toContain('database: not ready');
    const m = await get(port, '/metrics');
    expect(m.status).toBe(200);
    expect([...samples(m.body).keys()].some((k) => k.startsWith('opsdesk_deploy_targets{'))).toBe(false);
  });
});

test('/readyz is 503 while an adapter is not connected', async () => {
  class DisconnectedAdapter extends RecordingAdapter {
    connected = false;
    override isReady(): boolean {
      return this.connected;
    }
  }
  const adapter = new DisconnectedAdapter('matrix');
  const bot = await startTestBot({ adapters: [adapter] });
  const health = new HealthServer({
    host: '127.0.0.1',
    port: 0,
    log: silent,
    registry: new Metrics().registry,
    readiness: () => bot.runtime.readiness(),
  });
  try {
    const port = await health.start();
    expect((await get(port, '/readyz')).status).toBe(503);
    adapter.connected = true;
    expect((await get(port, '/readyz')).status).toBe(200);
  } finally {
    await health.stop();
    await bot.stop();
  }
}, 60_000);
