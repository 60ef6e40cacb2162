#!/usr/bin/env node
/**
 * `npm start` and `npm run console` build through this: dist/ is compiled again only when a source
 * file, a tsconfig or package.json is newer than the last build (dist/.build-stamp), and then
 * incrementally (tsconfig.build.json has `incremental`, so tsc re-emits only what changed). What it
 * does goes to stderr, so a piped console's stdout carries only the conversation.
 * `--force` builds whatever the stamp says (`npm run build`).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, rmSync, statSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const STAMP = path.join(ROOT, 'dist', '.build-stamp');
const SOURCES = ['src', 'commands', 'adapters', 'jobs', 'test/bench', 'test/support', 'test/platforms'];
const FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

/** Source files newer than `since` (ms), up to `limit` of them. */
function newerThan(since, limit = 3) {
  const found = [];
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (found.length >= limit) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(?:ts|json)$/u.test(entry.name) && statSync(full).mtimeMs > since) found.push(full);
    }
  };
  for (const dir of SOURCES) if (existsSync(path.join(ROOT, dir))) visit(path.join(ROOT, dir));
  for (const file of FILES) {
    const full = path.join(ROOT, file);
    if (found.length < limit && existsSync(full) && statSync(full).mtimeMs > since) found.push(full);
  }
  return found.map((f) => path.relative(ROOT, f));
}

function say(text) {
  process.stderr.write(`opsdesk: ${text}\n`);
}

function build(reason) {
  const first = !existsSync(path.join(ROOT, 'dist', 'tsconfig.build.tsbuildinfo'));
  say(
    `compiling TypeScript into dist/ (${reason}) … ${first ? 'the first build takes up to a minute' : 'only what changed'}`,
  );
  const started = Date.now();
  // On a terminal, a line that counts the seconds, so a long build does not look like a hang.
  const ticker = process.stderr.isTTY
    ? setInterval(
        () => process.stderr.write(`\ropsdesk: compiling … ${Math.round((Date.now() - started) / 1000)} s`),
        1000,
      )
    : undefined;
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (ticker) {
    clearInterval(ticker);
    process.stderr.write('\r\x1b[K');
  }
  if (result.status !== 0) {
    say('the build failed (the errors are above); dist/ was not updated');
    process.exit(result.status ?? 1);
  }
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  say(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const force = process.argv.includes('--force');
// Output removed by hand (e.g. rm -rf dist/src) while tsc's incremental record stayed: tsc would think
// it is all there and emit nothing, so the record goes too and everything is compiled.
if (!existsSync(path.join(ROOT, 'dist', 'src', 'cli.js'))) {
  rmSync(path.join(ROOT, 'dist', 'tsconfig.build.tsbuildinfo'), { force: true });
  rmSync(STAMP, { force: true });
}
if (force || !existsSync(STAMP)) {
  build(force ? 'npm run build' : 'no build yet');
} else {
  const changed = newerThan(statSync(STAMP).mtimeMs);
  if (changed.length > 0)
    build(`changed since the last build: ${changed.join(', ')}${changed.length >= 3 ? ' …' : ''}`);
}
