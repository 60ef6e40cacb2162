/**
 * A child process for the deployment benches (`fanout.ts`, `deploy-history.ts`): the whole bot, console on
 * stdin/stdout, Agenda at its default polling, deploying over SSH to the parent's sshd farm. On `{ setup }`
 * it stores the inventory, the signed package `bench 1.0` (script `true`) and scheduled standard changes
 * (RFCs) for the groups asked, and answers `{ rfcs }`; the parent then types `/deploy RFC to GROUP` on its
 * stdin, as an operator would. It answers `{ rss: true }` with its resident memory.
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { templateFields } from '../../src/changes/templates';
import { parseConfig } from '../../src/config/load-config';
import { createLogger } from '../../src/core/log';
import type { HostRecord } from '../../src/inventory/host-record';
import mongoose from 'mongoose';
import { startBot, type RunningBot } from '../../src/start-bot';
import { FIXTURE_CONFIG } from '../support/fixture-config';

export interface DeployBotSetup {
  hostKey: string;
  privateKeyArmored: string;
  hosts: { name: string; port: number; group: string }[];
  /** Scheduled RFCs to make per group. */
  rfcs: Record<string, number>;
}

export type DeployBotMessage =
  | { ready: true }
  | { rfcs: Record<string, string[]> }
  | { rss: number }
  | { commands: Record<string, number> }
  | { cpu: number }
  | { error: string };
export type DeployBotCommand =
  { setup: DeployBotSetup } | { rss: true } | { commands: true } | { cpu: true } | { stop: true };

export const BENCH_TEMPLATE = 'bench-true';

/** The bot's config: the test fixture, console only, one wave, no canary, Agenda at its default. */
function benchConfig(env: NodeJS.ProcessEnv) {
  const raw = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as Record<string, unknown>;
  const { processEveryMs: _testPolling, ...jobs } = (raw.jobs ?? {}) as Record<string, unknown>;
  const groups = (env.OPSDESK_BENCH_GROUPS ?? 'g200').split(',');
  return parseConfig(
    {
      ...raw,
      jobs,
      http: { enabled: false },
      console: { enabled: true, defaultUser: 'rolf' },
      digest: { enabled: false, sla: { enabled: false } },
      deploy: {
        trustedKeys: [env.OPSDESK_BENCH_RELEASE_PUB],
        ssh: {
          user: env.OPSDESK_BENCH_SSH_USER,
          privateKeyFile: env.OPSDESK_BENCH_SSH_KEY,
          connectTimeoutMs: 30_000,
          commandTimeoutMs: 60_000,
        },
        canary: 0,
        waveSize: 100_000,
      },
      changes: {
        templates: [
          {
            id: BENCH_TEMPLATE,
            title: 'Bench package on the bench machines',
            need: 'The bench',
            description: 'Runs true',
            risk: 'low',
            targets: [groups[0]],
            allowedTargets: groups,
            testPlan: 'none',
            backoutPlan: 'none',
            package: { name: 'bench', version: '1.0' },
            allowedPackages: [{ name: 'bench', versions: ['1.0'] }],
          },
        ],
      },
    },
    'bench config',
  );
}

async function setup(bot: RunningBot, s: DeployBotSetup): Promise<Record<string, string[]>> {
  const services = bot.runtime.services;
  const records: HostRecord[] = s.hosts.map((h) => ({
    name: h.name,
    address: '127.0.0.1',
    port: h.port,
    school: 'bench',
    role: 'classroom',
    groups: [h.group],
    attributes: {},
    hostKey: s.hostKey,
  }));
  await services.inventory.import(records);
  await services.packages.add({
    name: 'bench',
    version: '1.0',
    idempotent: true,
    scripts: { install: 'true\n', backout: 'true\n' },
  });
  await services.packages.sign('bench', '1.0', s.privateKeyArmored);
  const person = services.people.get('rolf')!;
  const template = services.config.changes.templates.find((t) => t.id === BENCH_TEMPLATE)!;
  const window = { start: new Date(Date.now() - 3600_000), end: new Date(Date.now() + 6 * 3600_000) };
  const out: Record<string, string[]> = {};
  for (const [group, count] of Object.entries(s.rfcs)) {
    out[group] = [];
    for (let i = 0; i < count; i++) {
      const rfc = await services.changes.create({
        person,
        title: `Bench ${group} ${i + 1}`,
        conversation: { platform: 'console', channel: '#operators' },
        type: 'standard',
        template: template.id,
        fields: { ...templateFields(template), window, targets: [group] },
      });
      await services.changes.scheduleStandard(rfc.key, person);
      out[group].push(rfc.key);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const send = (m: DeployBotMessage) => process.send?.(m);
  const bot = await startBot({
    config: benchConfig(process.env),
    log: createLogger({ level: process.env.LOG_LEVEL ?? 'warn' }),
    env: process.env,
    console: { input: process.stdin, output: process.stdout, prompt: false },
  });
  // Every command the bot sends, by name and collection (the parent connects it with monitorCommands=true).
  const commands: Record<string, number> = {};
  mongoose.connection.getClient().on('commandStarted', (e) => {
    const key = `${e.commandName} ${String(e.command[e.commandName])}`;
    commands[key] = (commands[key] ?? 0) + 1;
  });
  const stop = async () => {
    await bot.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('message', (m: DeployBotCommand) => {
    if ('rss' in m) send({ rss: process.memoryUsage().rss });
    if ('commands' in m) send({ commands: { ...commands } });
    if ('cpu' in m) {
      const u = process.cpuUsage();
      send({ cpu: (u.user + u.system) / 1e6 });
    }
    if ('stop' in m) void stop();
    if ('setup' in m)
      setup(bot, m.setup).then(
        (rfcs) => send({ rfcs }),
        (err: Error) => send({ error: err.message }),
      );
  });
  process.on('disconnect', () => void stop());
  send({ ready: true });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.send?.({ error: (err as Error).message });
    process.exit(1);
  });
}
