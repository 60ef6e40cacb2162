/**
 * The inventory's record of what each host runs: the runner records each successful target; `inventory show HOST`
 * lists it; a rollback's backout takes the version off; versions compare part by part (1.10 is newer than 1.9).
 * Would catch: a version recorded twice or lost, a backout that leaves the version listed, "1.10" < "1.9".
 */
import { ManualClock } from '../../../src/core/clock';
import { compareVersions, Installed, recordInstalled, versionsOf } from '../../../src/inventory/installed';
import { packageHosts } from '../../../src/inventory/package-hosts';
import { startTestBot, TestBot } from '../../support/test-bot';

let bot: TestBot;
const clock = new ManualClock('2026-11-23T09:00:00Z');

beforeAll(async () => {
  bot = await startTestBot({ clock });
  await bot.services.inventory.import([
    { name: 'pc-01', address: '127.0.0.1', port: 22, groups: [], attributes: {} },
    { name: 'pc-02', address: '127.0.0.1', port: 22, groups: [], attributes: {} },
  ]);
});
afterAll(async () => {
  await bot?.stop();
});

test('versions compare part by part', () => {
  expect(compareVersions('1.10', '1.9')).toBeGreaterThan(0);
  expect(compareVersions('25.8.1', '25.8.1')).toBe(0);
  expect(compareVersions('24.2', '25.8.1')).toBeLessThan(0);
  expect(compareVersions('2.0-1', '2.0-2')).toBeLessThan(0);
});

test('what a host runs: recorded once per target, listed by inventory show, taken off by a backout', async () => {
  const at = new Date('2026-11-23T10:00:00Z');
  const fact = { host: 'pc-01', package: 'libreoffice', version: '25.8.1', rfcKey: 'RFC-1', deployment: 'D-1', at };
  await recordInstalled(fact);
  await recordInstalled(fact); // a repeat (a resumed run) is ignored
  await recordInstalled({ ...fact, host: 'pc-02', version: '24.2', deployment: 'D-0' });
  expect([...(await versionsOf('libreoffice', ['pc-01', 'pc-02']))]).toEqual([
    ['pc-01', '25.8.1'],
    ['pc-02', '24.2'],
  ]);
  const shown = TestBot.text(await bot.say('oscar', '/inventory show pc-01'));
  expect(shown).toMatch(/runs libreoffice: 25\.8\.1 \(RFC-1 D-1, 2026-11-23 11:00\)/);
  await recordInstalled({ ...fact, action: 'backout', deployment: 'D-2', at: new Date('2026-11-23T11:00:00Z') });
  expect([...(await versionsOf('libreoffice', ['pc-01']))]).toEqual([]);
  expect(TestBot.text(await bot.say('oscar', '/inventory show pc-01'))).not.toMatch(/runs libreoffice/);
});

/**
 * The downgrade check reads each package's host list by `_id` (package-hosts.ts), not every fact of the package.
 * Would catch: a list that misses a fact recorded before it existed (a database from before the lists), a backout
 * of another version taking the host off, or a list read from stale facts after a newer fact.
 */
test("each package's host list: started from the facts recorded before it, then kept by each write", async () => {
  const at = new Date('2026-11-20T10:00:00Z');
  // Recorded before the lists existed: a fact only.
  await Installed.collection.insertOne({
    _id: 'pc-01|firefox-esr|D-7|install',
    host: 'pc-01',
    package: 'firefox-esr',
    version: '115.1',
    action: 'install',
    at,
  } as never);
  expect(await packageHosts('firefox-esr')).toBeUndefined();
  expect([...(await versionsOf('firefox-esr', ['pc-01', 'pc-02']))]).toEqual([['pc-01', '115.1']]);
  const later = new Date('2026-11-21T10:00:00Z');
  await recordInstalled({ host: 'pc-02', package: 'firefox-esr', version: '128.1', deployment: 'D-8', at: later });
  // The backout of a version pc-01 does not run leaves it listed.
  await recordInstalled({ host: 'pc-01', package: 'firefox-esr', version: '128.1', action: 'backout', at: later });
  expect([...(await packageHosts('firefox-esr'))!].sort()).toEqual([
    ['pc-01', '115.1'],
    ['pc-02', '128.1'],
  ]);
  expect([...(await versionsOf('firefox-esr', ['pc-02']))]).toEqual([['pc-02', '128.1']]);
});
