/**
 * The seed of a fast-check model test: OPSDESK_MODEL_SEED replays one, else a new one each run. Printed, so a failure
 * seen once can be run again.
 */
export function modelSeed(name: string): number {
  const seed = Number(process.env.OPSDESK_MODEL_SEED ?? Date.now() % 1_000_000);
  process.stdout.write(`${name} model: seed ${seed}; replay with OPSDESK_MODEL_SEED=${seed}\n`);
  return seed;
}
