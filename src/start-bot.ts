import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { buildAdapters } from '../adapters';
import { defaultCatalog } from '../commands';
import { jobDefinitions } from '../jobs';
import type { Config } from './config/schema';
import { secretsFromEnv } from './core/log';
import { connectDatabase, redactUri } from './db/connect';
import { DatabaseWatchdog } from './db/database-watchdog';
import { startEmbeddedDatabase, type RunningDatabase } from './db/embedded';
import { HealthServer } from './http/health-server';
import type * as MetricsModule from './http/metrics';
import type { Metrics } from './http/metrics';
import { Runtime } from './bot/runtime';

export interface StartBotOptions {
  config: Config;
  log: Logger;
  env: NodeJS.ProcessEnv;
  console?: {
    input: NodeJS.ReadableStream;
    output: NodeJS.WritableStream;
    prompt: boolean;
    onEnd?: () => void;
    user?: string;
  };
  /** Only the console (the `console` sub-command). */
  consoleOnly?: boolean;
  /** Called when the database has not answered for `database.unreachableExitMs` (the CLI exits). */
  onDatabaseUnreachable?: (downForMs: number) => void;
}

export interface RunningBot {
  runtime: Runtime;
  /** The Prometheus counters, when the HTTP server (and so /metrics) runs. */
  metrics?: Metrics;
  /** The port of /healthz, /readyz and /metrics (when the HTTP server runs). */
  httpPort?: number;
  stop(): Promise<void>;
}

function loadMetrics(): typeof MetricsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./http/metrics') as typeof MetricsModule;
}

/** Database (MONGODB_URI or embedded), runtime, adapters and the health server, with one stop. */
export async function startBot(opts: StartBotOptions): Promise<RunningBot> {
  const { config, log, env } = opts;
  // Values of *_TOKEN, *_SECRET, *_PASSWORD… and the database password are scrubbed from every log line.
  secretsFromEnv(env);
  let embedded: RunningDatabase | undefined;
  let uri = env.MONGODB_URI;
  if (!uri) {
    embedded = await startEmbeddedDatabase({ dataDir: config.database.dataDir, log });
    uri = embedded.uri;
    log.info({ engine: embedded.engine, dataDir: config.database.dataDir }, 'embedded database started');
  }
  try {
    await connectDatabase(uri, log);
  } catch (err) {
    await embedded?.stop();
    throw new Error(`Cannot connect to MongoDB at ${redactUri(uri)}: ${(err as Error).message}`);
  }
  const effective = opts.consoleOnly
    ? { ...config, slack: { ...config.slack, enabled: false }, matrix: { ...config.matrix, enabled: false } }
    : config;
  const adapters = await buildAdapters({ config: effective as Config, env, log, console: opts.console });
  if (!adapters.length) log.warn('no chat adapter is enabled: enable the console, Slack or Matrix in the config');
  const serveHttp = config.http.enabled && !opts.consoleOnly;
  // prom-client (and the OpenTelemetry API it loads) only when /metrics is served: nothing else reads
  // the counters, and a bot without the HTTP server saves their code and collectors (issue 18).
  const metrics = serveHttp ? new (loadMetrics().Metrics)() : undefined;
  const runtime = new Runtime({
    config,
    log,
    mongoUri: uri,
    adapters,
    catalog: defaultCatalog(),
    jobDefinitions,
    stats: metrics,
  });
  await runtime.start();
  metrics?.watchJobs(runtime.agenda);
  let health: HealthServer | undefined;
  let httpPort: number | undefined;
  if (serveHttp && metrics) {
    health = new HealthServer({
      host: config.http.host,
      port: config.http.port,
      log,
      registry: metrics.registry,
      readiness: () => runtime.readiness(),
    });
    try {
      httpPort = await health.start();
    } catch (err) {
      // e.g. the port is taken: stop what already runs, so the process can exit with the message.
      await runtime.stop().catch(() => undefined);
      await mongoose.disconnect().catch(() => undefined);
      await embedded?.stop();
      throw err;
    }
  }
  const watchdog = opts.onDatabaseUnreachable
    ? new DatabaseWatchdog({
        connection: mongoose.connection,
        log,
        unreachableMs: config.database.unreachableExitMs,
        onUnreachable: opts.onDatabaseUnreachable,
      })
    : undefined;
  watchdog?.start();
  let stopping: Promise<void> | undefined;
  return {
    runtime,
    metrics,
    httpPort,
    stop: () =>
      (stopping ??= (async () => {
        watchdog?.stop();
        await runtime.stop();
        await health?.stop();
        await mongoose.disconnect();
        await embedded?.stop();
      })()),
  };
}
