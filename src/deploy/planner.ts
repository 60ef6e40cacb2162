/** How a deployment is cut into waves: the canary wave first, then waves of `waveSize`. */
export interface WaveOptions {
  canary: number;
  waveSize: number;
}

/** Wave number (0-based) of each host, in the order given. With a canary, wave 0 is the canary. Pure. */
export function planWaves(hosts: readonly string[], opts: WaveOptions): number[] {
  const canary = Math.min(opts.canary, hosts.length);
  return hosts.map((_, i) => (i < canary ? 0 : (canary ? 1 : 0) + Math.floor((i - canary) / opts.waveSize)));
}

export function waveCount(waves: readonly number[]): number {
  return waves.length ? Math.max(...waves) + 1 : 0;
}

/**
 * Failure ratio of a wave: failed or timed-out scripts over the targets reached (unreachable ones are not the package's
 * fault).
 */
export function failureRatio(c: { succeeded: number; failed: number; timedOut: number }): number {
  const reached = c.succeeded + c.failed + c.timedOut;
  return reached ? (c.failed + c.timedOut) / reached : 0;
}
