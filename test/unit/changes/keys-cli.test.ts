import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { register } from '../../../src/cli/keys';
import { parseConfig } from '../../../src/config/load-config';
import { loadBotSigner } from '../../../src/signing/bot-key';
import { verifyDetached } from '../../../src/packages/signing';
import * as openpgp from 'openpgp';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsdesk-keys-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function program(): Command {
  const p = new Command().exitOverride();
  register(p, {
    resolveConfig: () => ({ config: parseConfig({ changes: { signing: { keyDir: dir } } }), source: 'test' }),
  });
  return p;
}

test('keys init writes a 0600 private key and a public key; it refuses to overwrite without --force', async () => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await program().parseAsync(['node', 'opsdesk', 'keys', 'init', '--name', 'opsdesk ccb']);
    expect(log.mock.calls.flat().join('\n')).toMatch(/Signing key [0-9A-F]{40} written/);
    const priv = join(dir, 'opsdesk-signing.key.asc');
    expect((await stat(priv)).mode & 0o777).toBe(0o600);
    expect(log.mock.calls.flat().join('\n')).not.toContain((await readFile(priv, 'utf8')).split('\n')[3]);
    await expect(program().parseAsync(['node', 'opsdesk', 'keys', 'init'])).rejects.toThrow(
      /already exists; use --force/,
    );
  } finally {
    log.mockRestore();
  }
});

test(
  'the signer comes from the key folder or from OPSDESK_SIGNING_KEY, and its signatures verify against the ' +
    'public key',
  async () => {
    const cfg = parseConfig({ changes: { signing: { keyDir: dir } } }).changes.signing;
    const fromDir = await loadBotSigner(cfg, {});
    expect(fromDir).toBeDefined();
    const armored = await readFile(join(dir, 'opsdesk-signing.key.asc'), 'utf8');
    const fromEnv = await loadBotSigner({ ...cfg, keyDir: join(dir, 'nowhere') }, { OPSDESK_SIGNING_KEY: armored });
    expect(fromEnv?.fingerprint).toBe(fromDir!.fingerprint);
    expect(await loadBotSigner({ ...cfg, keyDir: join(dir, 'nowhere') }, {})).toBeUndefined();
    await expect(loadBotSigner(cfg, { OPSDESK_SIGNING_KEY: 'not a key' })).rejects.toThrow(
      /from OPSDESK_SIGNING_KEY is not an armored OpenPGP private key$/,
    );
    const sig = await fromDir!.sign('record');
    const pub = await openpgp.readKey({ armoredKey: await readFile(join(dir, 'opsdesk-signing.pub.asc'), 'utf8') });
    expect(await verifyDetached('record', sig, [pub])).toMatchObject({ ok: true, fingerprint: fromDir!.fingerprint });
    expect((await verifyDetached('recorD', sig, [pub])).ok).toBe(false);
  },
);
