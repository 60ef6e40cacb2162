import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LoadResult {
  rate: number;
  sent: number;
  answered: number;
  /** Milliseconds from the scheduled send time to the reply (open loop: queueing counts). */
  p50: number;
  p99: number;
  /** Replies per second over the whole step, first send to last reply. */
  achieved: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Sends `rate` requests a second for `seconds`, open loop (each at its scheduled time, whether
 * or not earlier ones were answered), and waits for every answer up to `timeoutMs` after the last
 * send. An unanswered request counts with latency = timeout. `send(i)` resolves on the answer.
 */
export async function atRate(
  rate: number,
  seconds: number,
  send: (i: number) => Promise<unknown>,
  timeoutMs = 15_000,
): Promise<LoadResult> {
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const pending: Array<Promise<void>> = [];
  let lastAnswer = 0;
  const t0 = performance.now();
  for (let i = 0; i < total;) {
    const now = performance.now();
    while (i < total && t0 + i * interval <= now) {
      const scheduled = t0 + i * interval;
      pending.push(
        send(i).then(
          () => {
            lastAnswer = performance.now();
            latencies.push(lastAnswer - scheduled);
          },
          () => undefined,
        ),
      );
      i++;
    }
    if (i < total) await sleep(Math.max(1, t0 + i * interval - performance.now()));
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((done) => (timer = setTimeout(done, timeoutMs)));
  await Promise.race([Promise.all(pending), deadline]);
  clearTimeout(timer);
  const answered = latencies.length;
  const sorted = [...latencies, ...Array<number>(total - answered).fill(timeoutMs)].sort((a, b) => a - b);
  return {
    rate,
    sent: total,
    answered,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    achieved: answered && lastAnswer > t0 ? (answered * 1000) / (lastAnswer - t0) : 0,
  };
}

/**
 * Steps the rate up (by √2 from `start`: 10, 14, 20, 28 …) until the median latency reaches `factor` times
 * `baseP50`, something goes unanswered, or `maxRate` is passed. Returns every step; the highest
 * rate that kept the median under the limit is the answer (`opts.sustained`, the rate `baseP50`
 * was measured at, if no step does).
 */
export async function rateUntilLatencyGrows(
  send: (i: number) => Promise<unknown>,
  opts: {
    baseP50: number;
    start: number;
    maxRate: number;
    seconds: number;
    sustained?: number;
    factor?: number;
    timeoutMs?: number;
  },
): Promise<{ steps: LoadResult[]; sustained: number }> {
  const limit = (opts.factor ?? 2) * opts.baseP50;
  const steps: LoadResult[] = [];
  let sustained = opts.sustained ?? 0;
  let offset = 0;
  for (let rate = opts.start; rate <= opts.maxRate; rate = Math.round(rate * Math.SQRT2)) {
    const base = offset;
    const r = await atRate(rate, opts.seconds, (i) => send(base + i), opts.timeoutMs);
    offset += r.sent;
    steps.push(r);
    if (r.answered < r.sent || r.p50 >= limit) break;
    sustained = rate;
  }
  return { steps, sustained };
}
