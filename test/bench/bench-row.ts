/** One line of the `npm run bench` table: a figure, and the baseline measured in the same run. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  /** What the baseline is (shown under the table). */
  note?: string;
  /** The database engine the figure was measured on. */
  engine?: string;
}

/** A bench module: `test/bench/<name>.ts` exporting `run()`. */
export interface BenchModule {
  run(): Promise<BenchRow[]>;
}

export const round = (x: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** A row with its baseline and their ratio. */
export function versus(name: string, value: number, unit: string, baseline: number, note?: string): BenchRow {
  return {
    name,
    value,
    unit,
    baseline,
    ratio: baseline > 0 ? round(value / baseline, 2) : undefined,
    ...(note ? { note } : {}),
  };
}

/** `node dist/test/bench/<name>.js`: runs one module alone and prints its rows and how long it took. */
export function runAlone(run: () => Promise<BenchRow[]>): void {
  const started = Date.now();
  run().then(
    (rows) => {
      console.table(rows);
      console.log(`${Math.round((Date.now() - started) / 1000)} s`);
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
