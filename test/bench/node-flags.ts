/**
 * The V8 flags opsdesk is started with in production: the Dockerfile's ENTRYPOINT and `npm start` /
 * `npm run console` (test/unit/scripts/node-flags.test.ts keeps them equal to this list).
 *
 * `--max-semi-space-size=2`: loading opsdesk's modules at start leaves so much live data passing
 * through the young generation that V8 grows it to 2 × 16 MiB (a bare node + mongoose stops at
 * 2 × 4 MiB) and keeps those pages after it shrinks (its page pool): about 20 MiB of resident memory
 * for the whole life of an idle bot. Capped at 2 MiB a semi-space, the bot stays at the size a bare
 * node + mongoose reaches by itself; the memory bench gives its baseline the same flag.
 */
export const PRODUCTION_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
