import { performance } from 'node:perf_hooks';

export interface Saturation {
  inFlight: number;
  done: number;
  /** Answers per second over the run. */
  perSecond: number;
}

/**
 * Closed loop: keeps `inFlight` requests outstanding for `seconds` (each answer sends the next) and
 * counts the answers: the most the path does when it is never idle. `send(i)` resolves on the answer.
 */
export async function saturate(
  send: (i: number) => Promise<unknown>,
  inFlight: number,
  seconds: number,
): Promise<Saturation> {
  let next = 0;
  let done = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      await send(next++);
      done++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  return { inFlight, done, perSecond: done / elapsed };
}
