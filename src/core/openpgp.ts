import type * as Openpgp from 'openpgp';

/**
 * openpgp, loaded on first use: a bot without a signing key and without signed packages never
 * loads it (several MiB of code). Use `(await openpgp()).readKeys(…)`, and `import type` for types.
 */
let loaded: typeof Openpgp | undefined;

export function openpgp(): Promise<typeof Openpgp> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('openpgp') as typeof Openpgp;
  return Promise.resolve(loaded);
}
