/**
 * Private keys and their passphrases. Key files (the SSH key, the bot's signing key, a release key
 * given to `package sign`) are refused when others may read them or another user owns them, as
 * OpenSSH refuses such keys, with the fix in the message; the SSH case runs against the real sshd.
 * The bot key and the release keys have separate passphrase variables (the old shared one still
 * opens the bot key, with a warning in the log, and never a release key). The bot's own key is
 * never a release key: not in deploy.trustedKeys, not for `package sign`.
 */
import { execSync } from 'node:child_process';
import { chmod, chown, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import * as openpgp from 'openpgp';
import { register as registerPackage } from '../../../src/cli/package';
import { parseConfig } from '../../../src/config/load-config';
import { OpsdeskError } from '../../../src/core/errors';
import { readKeyFile } from '../../../src/core/key-file';
import { runOnHost, sshOptions } from '../../../src/deploy/target-exec';
import { loadBotSigner } from '../../../src/signing/bot-key';
import { generateBotKey, type GeneratedKey } from '../../../src/signing/generate-key';
import { startSshdFarm, type SshdFarm } from '../../platforms/sshd';
import { startTestBot, testConfig, type TestBot } from '../../support/test-bot';

const BOT_PASSPHRASE = 'bot-key-passphrase-Hq2v';
const RELEASE_PASSPHRASE = 'release-key-passphrase-Lx7c';
const PASSPHRASE_VARS = ['OPSDESK_BOT_KEY_PASSPHRASE', 'OPSDESK_RELEASE_KEY_PASSPHRASE', 'OPSDESK_SIGNING_PASSPHRASE'];

let dir: string;
let farm: SshdFarm;
let bot: TestBot;
let botKey: GeneratedKey;
let release: { keyFile: string; publicKeyFile: string; fingerprint: string };
const lines: string[] = [];

async function refusal(p: Promise<unknown>): Promise<OpsdeskError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OpsdeskError);
  return err as OpsdeskError;
}

/** `opsdesk package …` on the test bot's database, with the given environment. */
function packageCli(): Command {
  const program = new Command().exitOverride();
  registerPackage(program, {
    resolveConfig: () => ({
      config: testConfig({
        changes: { signing: { keyDir: join(dir, 'bot') } },
        deploy: { trustedKeys: [release.publicKeyFile] },
      }),
    }),
    connect: async () => async () => undefined,
    print: (l: string) => lines.push(l),
  });
  return program;
}

async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(PASSPHRASE_VARS.map((k) => [k, process.env[k]]));
  for (const k of PASSPHRASE_VARS) delete process.env[k];
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const k of PASSPHRASE_VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

const sign = (pkg: string, keyFile: string, env: Record<string, string>) =>
  withEnv(env, () => packageCli().parseAsync(['node', 'opsdesk', 'package', 'sign', pkg, '1.0', '--key', keyFile]));

beforeAll(async () => {
  // This file's own bot key (in keyDir), not the run's test key that global setup puts in the environment.
  delete process.env.OPSDESK_SIGNING_KEY_FILE;
  dir = await mkdtemp(join(tmpdir(), 'opsdesk-keyfiles-'));
  const gen = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Release Manager', email: 'release@school.example' }],
    passphrase: RELEASE_PASSPHRASE,
    format: 'armored',
  });
  release = {
    keyFile: join(dir, 'release.key'),
    publicKeyFile: join(dir, 'release.asc'),
    fingerprint: (await openpgp.readKey({ armoredKey: gen.publicKey })).getFingerprint().toUpperCase(),
  };
  await writeFile(release.keyFile, gen.privateKey, { mode: 0o600 });
  await writeFile(release.publicKeyFile, gen.publicKey);
  [farm, botKey] = await Promise.all([
    startSshdFarm({ ports: 1 }),
    generateBotKey({ dir: join(dir, 'bot'), name: 'opsdesk', email: 'opsdesk@localhost', passphrase: BOT_PASSPHRASE }),
  ]);
  // This bot trusts the bot's own public key as a release key: it must refuse that.
  bot = await startTestBot({
    config: {
      changes: { signing: { keyDir: join(dir, 'bot') } },
      deploy: { trustedKeys: [release.publicKeyFile, botKey.publicKeyFile] },
    },
  });
  for (const name of ['a', 'b', 'c', 'd'])
    await bot.services.packages.add({
      name,
      version: '1.0',
      idempotent: true,
      scripts: { install: 'true', backout: 'true' },
    });
}, 60_000);
afterAll(async () => {
  await bot?.stop();
  await farm?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('key file permissions', () => {
  test.each(['0644', '0640', '0604', '0620', '0660', '0601'])(
    'mode %s is refused (CONFIG) with `chmod 600 FILE` as the fix',
    async (mode) => {
      const file = join(dir, `key-${mode}`);
      await writeFile(file, 'secret');
      await chmod(file, parseInt(mode, 8));
      const err = await refusal(readKeyFile(file, 'the test key'));
      expect(err.code).toBe('CONFIG');
      expect(err.message).toContain(`the test key ${file} is accessible by other users (mode ${mode})`);
      expect(err.fix).toBe(`Run: chmod 600 ${file}`);
      expect(err.message + err.fix).not.toContain('secret');
    },
  );

  test('the fix is a command to paste, also for a path with spaces and quotes', async () => {
    const file = join(dir, "the release manager's key");
    await writeFile(file, 'the key');
    await chmod(file, 0o644);
    const err = await refusal(readKeyFile(file, 'the test key'));
    expect(err.fix).toBe(`Run: chmod 600 '${dir}/the release manager'\\''s key'`);
    execSync(err.fix!.replace(/^Run: /u, ''));
    expect((await readKeyFile(file, 'the test key')).toString()).toBe('the key');
  });

  test('0600, 0400 and 0700 are read', async () => {
    for (const mode of [0o600, 0o400, 0o700]) {
      const file = join(dir, `ok-${mode.toString(8)}`);
      await writeFile(file, 'the key');
      await chmod(file, mode);
      expect((await readKeyFile(file, 'the test key')).toString()).toBe('the key');
    }
    const missing = await refusal(readKeyFile(join(dir, 'nope'), 'the test key'));
    expect(missing.message).toBe(`Cannot read the test key ${join(dir, 'nope')}: ENOENT`);
  });

  (process.getuid?.() === 0 ? test : test.skip)(
    'a 0600 key another user owns is refused, with chown in the fix',
    async () => {
      const file = join(dir, 'foreign');
      await writeFile(file, 'secret', { mode: 0o600 });
      await chown(file, 65534, 65534);
      const err = await refusal(readKeyFile(file, 'the test key'));
      expect(err.code).toBe('CONFIG');
      expect(err.message).toContain(`the test key ${file} belongs to uid 65534, not to root (uid 0)`);
      expect(err.fix).toBe(`Run: chown root ${file} && chmod 600 ${file}`);
    },
  );

  test(
    'SSH key (real sshd): a 0644 copy of the client key is refused; running the fix from the message lets the ' +
      'deployment run',
    async () => {
      const file = join(dir, 'id_ed25519');
      await copyFile(farm.clientKeyFile, file);
      await chmod(file, 0o644);
      const deploy = testConfig({ deploy: { ssh: { privateKeyFile: file, connectTimeoutMs: 5000 } } }).deploy;
      const err = await refusal(sshOptions(deploy, {}));
      expect(err).toMatchObject({ code: 'CONFIG', fix: `Run: chmod 600 ${file}` });
      expect(err.message).toContain(`the SSH private key ${file} is accessible by other users (mode 0644)`);
      // OPSDESK_SSH_KEY_FILE is checked the same way.
      await expect(sshOptions(testConfig().deploy, { OPSDESK_SSH_KEY_FILE: file })).rejects.toThrow(/mode 0644/u);
      execSync(err.fix!.replace(/^Run: /u, ''));
      const opts = await sshOptions(deploy, {});
      const r = await runOnHost(
        { name: 'pc-key', address: '127.0.0.1', port: farm.ports[0], user: farm.user, hostKey: farm.hostKey },
        { script: 'echo deployed', env: {}, timeoutMs: 10_000 },
        opts,
      );
      expect(r).toMatchObject({ state: 'succeeded', output: 'deployed\n' });
    },
    30_000,
  );

  test(
    'bot signing key: a group-readable key file is refused with the fix (keyDir and ' + 'OPSDESK_SIGNING_KEY_FILE)',
    async () => {
      const cfg = parseConfig({ changes: { signing: { keyDir: join(dir, 'bot') } } }).changes.signing;
      await chmod(botKey.privateKeyFile, 0o640);
      try {
        const err = await refusal(loadBotSigner(cfg, { OPSDESK_BOT_KEY_PASSPHRASE: BOT_PASSPHRASE }));
        expect(err).toMatchObject({ code: 'CONFIG', fix: `Run: chmod 600 ${botKey.privateKeyFile}` });
        expect(err.message).toContain('the bot signing key');
        const other = parseConfig({}).changes.signing;
        await expect(
          loadBotSigner(other, {
            OPSDESK_SIGNING_KEY_FILE: botKey.privateKeyFile,
            OPSDESK_BOT_KEY_PASSPHRASE: BOT_PASSPHRASE,
          }),
        ).rejects.toThrow(/mode 0640/u);
      } finally {
        await chmod(botKey.privateKeyFile, 0o600);
      }
      expect((await loadBotSigner(cfg, { OPSDESK_BOT_KEY_PASSPHRASE: BOT_PASSPHRASE }))?.fingerprint).toBe(
        botKey.fingerprint,
      );
    },
  );

  test('release key: `package sign --key` refuses a world-readable key file', async () => {
    const file = join(dir, 'release-644.key');
    await copyFile(release.keyFile, file);
    await chmod(file, 0o644);
    const err = await refusal(sign('a', file, { OPSDESK_RELEASE_KEY_PASSPHRASE: RELEASE_PASSPHRASE }));
    expect(err).toMatchObject({ code: 'CONFIG', fix: `Run: chmod 600 ${file}` });
    expect(err.message).toContain(`the release key ${file} is accessible by other users`);
    expect((await bot.services.packages.get('a', '1.0')).signature).toBeUndefined();
  });
});

describe('passphrases', () => {
  const cfg = () => parseConfig({ changes: { signing: { keyDir: join(dir, 'bot') } } }).changes.signing;

  test(
    'the bot key opens with OPSDESK_BOT_KEY_PASSPHRASE; the old OPSDESK_SIGNING_PASSPHRASE still opens it, with ' +
      'a deprecation warning; the release variable never does',
    async () => {
      const warnings: string[] = [];
      const warn = (m: string) => warnings.push(m);
      expect((await loadBotSigner(cfg(), { OPSDESK_BOT_KEY_PASSPHRASE: BOT_PASSPHRASE }, { warn }))?.fingerprint).toBe(
        botKey.fingerprint,
      );
      expect(warnings).toEqual([]);
      expect((await loadBotSigner(cfg(), { OPSDESK_SIGNING_PASSPHRASE: BOT_PASSPHRASE }, { warn }))?.fingerprint).toBe(
        botKey.fingerprint,
      );
      expect(warnings).toEqual([
        expect.stringMatching(/^OPSDESK_SIGNING_PASSPHRASE is deprecated: rename it to OPSDESK_BOT_KEY_PASSPHRASE/u),
      ]);
      await expect(loadBotSigner(cfg(), { OPSDESK_RELEASE_KEY_PASSPHRASE: BOT_PASSPHRASE })).rejects.toThrow(
        /is protected: set OPSDESK_BOT_KEY_PASSPHRASE$/u,
      );
      // Both set: the new variable wins (here wrong), and the old one is said to be ignored.
      warnings.length = 0;
      await expect(
        loadBotSigner(
          cfg(),
          { OPSDESK_BOT_KEY_PASSPHRASE: 'wrong', OPSDESK_SIGNING_PASSPHRASE: BOT_PASSPHRASE },
          { warn },
        ),
      ).rejects.toThrow(/does not open with the passphrase in OPSDESK_BOT_KEY_PASSPHRASE$/u);
      expect(warnings).toEqual([expect.stringContaining('OPSDESK_SIGNING_PASSPHRASE is set but ignored')]);
    },
  );

  test('the deprecation warning reaches the bot log, and records are signed', async () => {
    // The bot loaded its key at start (without a passphrase then): load it again with the old variable set.
    (bot.services.changes as unknown as { signingLoad?: unknown }).signingLoad = undefined;
    const signer = await withEnv({ OPSDESK_SIGNING_PASSPHRASE: BOT_PASSPHRASE }, () => bot.services.changes.signer());
    expect(signer && 'fingerprint' in signer ? signer.fingerprint : undefined).toBe(botKey.fingerprint);
    const warning = bot.logLines
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .find((l) => l.msg.startsWith('OPSDESK_SIGNING_PASSPHRASE is deprecated'));
    expect(warning?.level).toBe(40);
    expect(bot.logLines.join('\n')).not.toContain(BOT_PASSPHRASE);
  });

  test(
    'a release key takes OPSDESK_RELEASE_KEY_PASSPHRASE only: the old shared variable or the bot variable is ' +
      'refused, naming the new one',
    async () => {
      const old = await refusal(sign('b', release.keyFile, { OPSDESK_SIGNING_PASSPHRASE: RELEASE_PASSPHRASE }));
      expect(old.message).toBe(
        `The release key ${release.keyFile} is protected and OPSDESK_RELEASE_KEY_PASSPHRASE is not set.`,
      );
      expect(old.fix).toContain('OPSDESK_SIGNING_PASSPHRASE is no longer read for release keys');
      await expect(sign('b', release.keyFile, { OPSDESK_BOT_KEY_PASSPHRASE: RELEASE_PASSPHRASE })).rejects.toThrow(
        /OPSDESK_RELEASE_KEY_PASSPHRASE is not set/u,
      );
      await expect(sign('b', release.keyFile, { OPSDESK_RELEASE_KEY_PASSPHRASE: 'wrong' })).rejects.toThrow(
        /Incorrect key passphrase/u,
      );
      lines.length = 0;
      await sign('b', release.keyFile, { OPSDESK_RELEASE_KEY_PASSPHRASE: RELEASE_PASSPHRASE });
      expect(lines).toEqual([`Signed b 1.0 by ${release.fingerprint}.`]);
    },
  );
});

describe("the bot's key is never a release key", () => {
  test(
    'listed in deploy.trustedKeys: the start-up log says so, and every package is refused naming the key and the ' +
      'fix',
    async () => {
      const deadline = Date.now() + 10_000;
      const refused = () =>
        bot.logLines
          .map((l) => JSON.parse(l) as { msg: string; err?: string; fix?: string })
          .find((l) => l.msg === 'deploy.trustedKeys refused');
      while (!refused() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(refused()).toMatchObject({
        err:
          `deploy.trustedKeys lists the bot's own signing key ${botKey.fingerprint} (in ${botKey.publicKeyFile}); ` +
          `the bot's key may not be a release key.`,
        fix: expect.stringContaining(`Remove ${botKey.publicKeyFile} from deploy.trustedKeys`),
      });
      // Signed by the real release key (through the CLI, whose config is right), still refused by this bot.
      await sign('c', release.keyFile, { OPSDESK_RELEASE_KEY_PASSPHRASE: RELEASE_PASSPHRASE });
      await expect(bot.services.packages.check('c', '1.0')).rejects.toThrow(/the bot's own signing key/u);
      await expect(bot.services.packages.verified('c', '1.0')).rejects.toMatchObject({ code: 'CONFIG' });
    },
  );

  test('`package sign --key` with the bot private key is refused before anything is signed', async () => {
    const err = await refusal(sign('d', botKey.privateKeyFile, { OPSDESK_RELEASE_KEY_PASSPHRASE: BOT_PASSPHRASE }));
    expect(err.code).toBe('CONFIG');
    expect(err.message).toBe(
      `That is the bot's own signing key (${botKey.fingerprint}), not a release key; the bot's key never signs ` +
        `packages.`,
    );
    expect((await bot.services.packages.get('d', '1.0')).signature).toBeUndefined();
  });
});
