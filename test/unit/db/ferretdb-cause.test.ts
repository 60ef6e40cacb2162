/**
 * A FerretDB that fails to start: the error keeps the line that names the cause even when a stack
 * trace or other lines follow it (only the last lines were kept before, so the cause was dropped).
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { causeLines } from '../../../src/db/child-process';
import { startFerretDb } from '../../../src/db/embedded-ferretdb';

const CAUSE =
  '2026-11-30T14:01:36.312Z\tERROR+3\tferretdb/main.go:539\tFailed to construct handler\t' +
  '{"error":"\\"/data/ferretdb/\\" should be an existing directory, got stat /data/ferretdb/: not a directory"}';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsdesk-ferret-cause-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('the cause line survives the stack trace after it', async () => {
  const binary = join(dir, 'ferretdb');
  const stack = Array.from({ length: 40 }, (_, i) => `goroutine ${i} [running]:`).join('\n');
  await writeFile(binary, `#!/bin/sh\ncat >&2 <<'EOF'\n${CAUSE}\n${stack}\nEOF\nexit 1\n`);
  await chmod(binary, 0o755);
  const err = await startFerretDb({ binary, dataDir: join(dir, 'data') }).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(err?.message).toMatch(/^ferretdb exited \(1\): .*Failed to construct handler.*not a directory/u);
  expect(err?.message).toContain('goroutine 39 [running]:');
});

test('causeLines: first cause lines, then the last lines, no repeats', () => {
  const text = ['starting', 'Error: disk full', 'a', 'b', 'c', 'd'].join('\n');
  expect(causeLines(text)).toBe('Error: disk full | b | c | d');
  expect(causeLines('only line')).toBe('only line');
  expect(causeLines('')).toBe('');
});
