/**
 * Benchmark: hostile input through the whole bot (recording adapter, real runtime and database).
 * One row per kind: the slowest of its crafted inputs to be handled (answered or refused), beside
 * an ordinary report handled the same way in the same run. Matrix HTML is translated by the
 * adapter's own stripMention first, as the Matrix adapter does. Each input is handled 3 times and
 * the median kept; the whole module takes a few seconds. (Before the linear readers, the worst of
 * these took minutes or never finished.)
 */
import mongoose from 'mongoose';
import { stripMention } from '../../adapters/matrix/inbound';
import { MAX_GLOB_STARS } from '../../src/inventory/glob';
import { startTestBot, type TestBot } from '../support/test-bot';
import { benchDatabase } from './bench-database';
import { type BenchRow, round, runAlone, versus } from './bench-row';

const RUNS = 3;
const KB64 = 64 * 1024;
const fill = (unit: string, size = KB64) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
const BOT = { userId: '@opsdesk:localhost', displayName: 'Opsdesk' };

/** Crafted `formatted_body`s of 64 KB, each with a short plain body (the report is answered). */
const HTML: Record<string, string> = {
  'matrix.to links never closed': fill('<a href="https://matrix.to/#/@x'),
  '`<a href="` repeats': fill('<a href="'),
  'a pill in nested tags, then attributes never ended': `<a href="https://matrix.to/#/${BOT.userId}"><b><i>${fill('<a href="x" ', KB64 - 100)}`,
  'deeply nested tags': fill('<b><i>'),
};

/** Target patterns an operator may type, against a 200-character host name of a's. */
const PATTERNS: Record<string, string> = {
  '50 stars, refused': '*'.repeat(50),
  [`a*…b, ${MAX_GLOB_STARS} stars`]: `${'a*'.repeat(MAX_GLOB_STARS)}b`,
  [`a*…b, ${MAX_GLOB_STARS} stars, as a filter`]: `lab os=${'a*'.repeat(MAX_GLOB_STARS)}b`,
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(times: number, once: (i: number) => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await once(i);
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** A Matrix message with this HTML, translated like the adapter does, then handled by the bot. */
function viaMatrix(bot: TestBot, user: string, body: string, html: string): Promise<unknown> {
  const { text } = stripMention({ body, format: 'org.matrix.custom.html', formatted_body: html }, body, BOT);
  return bot.say(user, text);
}

/** The slowest entry of `inputs` (median of RUNS each): its name and time. */
async function worst(
  inputs: Record<string, string>,
  once: (input: string, i: number) => Promise<unknown>,
): Promise<{ name: string; ms: number }> {
  let slowest = { name: '', ms: -1 };
  for (const [name, input] of Object.entries(inputs)) {
    const ms = await timed(RUNS, (i) => once(input, i));
    if (ms > slowest.ms) slowest = { name, ms };
  }
  return slowest;
}

export async function run(): Promise<BenchRow[]> {
  const db = await benchDatabase('opsdesk_bench_hostile');
  const bot = await startTestBot({ mongoUri: db.uri });
  try {
    await bot.services.inventory.import([
      { name: 'a'.repeat(200), address: '10.0.0.9', port: 22, groups: ['lab'], attributes: { os: 'a'.repeat(500) } },
    ]);
    const report = (i: number) => `the printer in room ${i} prints nothing`;
    // Warm up both paths (JIT, first queries), then the baselines.
    for (let i = 0; i < 3; i++)
      await Promise.all([bot.say('bjorn', report(i)), viaMatrix(bot, 'anna', report(i), `<b>${report(i)}</b>`)]);
    const plain = await timed(5, (i) => bot.say('bjorn', report(100 + i)));
    const matrix = await timed(5, (i) =>
      viaMatrix(
        bot,
        'anna',
        report(200 + i),
        `<a href="https://matrix.to/#/${BOT.userId}">Opsdesk</a>: ${report(200 + i)}`,
      ),
    );
    const html = await worst(HTML, (h, i) => viaMatrix(bot, 'anna', report(300 + i), h));
    const glob = await worst(PATTERNS, (p) => bot.say('oscar', `/inventory list ${p}`));
    return [
      {
        ...versus(
          `hostile: Matrix HTML, worst of ${Object.keys(HTML).length} crafted 64 KB bodies (${html.name})`,
          round(html.ms),
          'ms',
          round(matrix),
          'an ordinary report with a pill, translated and handled the same way',
        ),
        engine: db.engine,
      },
      {
        ...versus(
          `hostile: target pattern, worst of ${Object.keys(PATTERNS).length} (${glob.name})`,
          round(glob.ms),
          'ms',
          round(plain),
          'an ordinary report, handled the same way',
        ),
        engine: db.engine,
      },
    ];
  } finally {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await bot.stop();
    await db.stop();
  }
}

if (require.main === module) runAlone(run);
