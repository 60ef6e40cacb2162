/**
 * What the Slack and Matrix change-management tests share: the RFC fields typed on one line, and a
 * deployment world for `/deploy` through the real command: a few real sshd targets (the `pilot`
 * group), a signed package `demo 1.0` whose install script takes a moment per host and fails where
 * a `fail-HOST` mark exists, and a standard-change template that ships it (pre-approved, so
 * `rfc new --template demo-package` with the window schedules it at once, without a vote).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Services } from '../../commands/services';
import { runsPerHost } from '../integration/deploy/deploy-fixture';
import { makeReleaseKey } from '../integration/deploy/release-keys';
import { startSshdFarm, type SshdFarm } from '../platforms/sshd';

/** Every field the CCB needs, typed on one line as `field="value"`. */
export const RFC_FIELDS = [
  'need="Teachers need the new LibreOffice for the exam templates"',
  'description="Install LibreOffice 25.8 from the school repository on every classroom PC"',
  'risk=medium',
  'targets=classroom-pcs',
  'window="2026-12-01 16:00..2026-12-01 20:00"',
  'testPlan="Pilot in room 12 for a week"',
  'backoutPlan="Reinstall 24.2 from the repository cache"',
].join(' ');

export const DEMO_TEMPLATE = {
  id: 'demo-package',
  title: 'Demo package 1.0 on the pilot machines',
  need: 'The pilot machines need the demo package',
  description: 'Install demo 1.0 on the pilot group',
  risk: 'low',
  targets: ['pilot'],
  testPlan: 'Installed on one canary first',
  backoutPlan: 'The package backout script removes it',
  package: { name: 'demo', version: '1.0' },
};

export interface DeployTargets {
  farm: SshdFarm;
  /** Host names of the farm's ports, in order (`pc-01` …). */
  hosts: string[];
  /** Config overrides (merge into the bot's): trusted key, SSH client, fast progress edits. */
  deploy: Record<string, unknown>;
  /** Makes the install script fail on `host`. */
  failOn(host: string): void;
  /** How many times the install script ran on each host (hosts it never ran on are absent). */
  runs(): Record<string, number>;
  /** Imports the hosts into the inventory and adds and signs the package. */
  prepare(services: Services): Promise<void>;
  stop(): Promise<void>;
}

/** `pilot`: how many of the first hosts are in the `pilot` group (all of them unless told). */
export async function startDeployTargets(count: number, opts: { pilot?: number } = {}): Promise<DeployTargets> {
  const [farm, key] = await Promise.all([startSshdFarm({ ports: count }), makeReleaseKey()]);
  const marks = mkdtempSync(join(tmpdir(), 'opsdesk-e2e-marks-'));
  const hosts = farm.ports.map((_, i) => `pc-${String(i + 1).padStart(2, '0')}`);
  const install =
    `echo run >> ${marks}/ran-"$OPSDESK_HOST"\nsleep 0.4\nif [ -e ${marks}/fail-"$OPSDESK_HOST" ]; then echo "disk full" >&2; exit 3; fi\necho ` +
    `"installed on $OPSDESK_HOST"\n`;
  return {
    farm,
    hosts,
    deploy: {
      trustedKeys: [key.publicKeyFile],
      ssh: { user: farm.user, privateKeyFile: farm.clientKeyFile, connectTimeoutMs: 5000, commandTimeoutMs: 20_000 },
      canary: 1,
      parallel: 1,
      progressEditMs: 200,
      leaseMs: 3000,
    },
    failOn: (host) => writeFileSync(join(marks, `fail-${host}`), ''),
    runs: () => runsPerHost(marks, 'ran'),
    async prepare(services) {
      await services.inventory.import(
        farm.ports.map((port, i) => ({
          name: hosts[i],
          address: '127.0.0.1',
          port,
          school: 'nordby',
          role: 'classroom',
          groups: i < (opts.pilot ?? count) ? ['pilot'] : [],
          attributes: {},
          hostKey: farm.hostKey,
        })),
      );
      await services.packages.add({
        name: 'demo',
        version: '1.0',
        idempotent: true,
        scripts: { install, backout: 'echo removed\n' },
      });
      await services.packages.sign('demo', '1.0', key.privateKey);
    },
    async stop() {
      await farm.stop();
      rmSync(marks, { recursive: true, force: true });
    },
  };
}

/** `window="…"` open from an hour ago to two hours from now, in the organisation's time zone. */
export function openWindow(timezone: string): string {
  const now = DateTime.now().setZone(timezone);
  const f = (d: DateTime) => d.toFormat('yyyy-LL-dd HH:mm');
  return `window="${f(now.minus({ hours: 1 }))}..${f(now.plus({ hours: 2 }))}"`;
}
