import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface ChartPoint {
  /** Local date, "2026-03-30". */
  date: string;
  open: number;
}

export interface ChartOptions {
  title?: string;
  width?: number;
  height?: number;
  /** The worker is stopped after this long (default 20 s). */
  timeoutMs?: number;
}

/**
 * Runs in a worker thread: vega and vega-lite are ES modules with top-level await (vega-canvas
 * probes for node-canvas), so they cannot be `require`d, and a real `import()` is not available
 * inside jest's module sandbox. A worker has a plain Node context, and keeps the CPU work of
 * rendering off the bot's event loop. vega-lite -> vega spec -> SVG (renderer 'none', no canvas,
 * no browser) -> PNG with resvg.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const vl = await import(workerData.vegaLite);
  const vega = await import(workerData.vega);
  const { Resvg } = require(workerData.resvg);
  const spec = vl.compile(workerData.spec).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  const svg = await view.toSVG(workerData.scale);
  view.finalize();
  const png = new Resvg(svg, {
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  }).render().asPng();
  parentPort.postMessage({ png, svg });
})().catch((err) => parentPort.postMessage({ error: String((err && err.stack) || err) }));
`;

/** The vega-lite spec of the digest's chart: open incidents per day. */
export function openIncidentsSpec(points: readonly ChartPoint[], opts: ChartOptions = {}): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: opts.title ?? `Open incidents, last ${points.length} days`, anchor: 'start', fontSize: 14 },
    width: opts.width ?? 560,
    height: opts.height ?? 180,
    background: 'white',
    config: { font: 'DejaVu Sans', view: { stroke: null } },
    data: { values: points.map((p) => ({ date: p.date, open: p.open })) },
    layer: [
      { mark: { type: 'area', color: '#c6dbef' } },
      { mark: { type: 'line', color: '#2171b5', strokeWidth: 2, point: { size: 18 } } },
    ],
    encoding: {
      // Dates are local calendar days: read and shown as UTC so the worker's TZ cannot shift them.
      x: {
        field: 'date',
        type: 'temporal',
        timeUnit: 'utcyearmonthdate',
        title: null,
        axis: { format: '%d %b', labelAngle: 0, tickCount: 6 },
      },
      y: { field: 'open', type: 'quantitative', title: 'open', axis: { tickMinStep: 1 } },
    },
  };
}

export interface RenderedChart {
  png: Buffer;
  svg: string;
}

/** Renders the chart to PNG (and SVG) in a worker thread; rejects on error or timeout. */
export function renderOpenIncidentsChart(
  points: readonly ChartPoint[],
  opts: ChartOptions = {},
): Promise<RenderedChart> {
  const workerData = {
    spec: openIncidentsSpec(points, opts),
    scale: 2,
    vega: pathToFileURL(require.resolve('vega')).href,
    vegaLite: pathToFileURL(require.resolve('vega-lite')).href,
    resvg: require.resolve('@resvg/resvg-js'),
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`chart rendering took longer than ${opts.timeoutMs ?? 20_000} ms`));
    }, opts.timeoutMs ?? 20_000);
    const finish = (fn: () => void) => {
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    worker.once('message', (m: { png?: Uint8Array; svg?: string; error?: string }) =>
      finish(() =>
        m.error || !m.png
          ? reject(new Error(`chart rendering failed: ${m.error ?? 'no image'}`))
          : resolve({ png: Buffer.from(m.png), svg: m.svg ?? '' }),
      ),
    );
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(`chart worker exited (${code})`))));
  });
}
