import { Claim, claimOnce } from './claim-once';
import { claims } from './claims';
import { isOwnerAlive, keepAlive } from './owner-heartbeat';

/** A claim this old whose work never happened was made by a process that died. */
export const STALE_STEP_MS = 2 * 60_000;

/** Takeovers of one step tried in turn; more would mean something else is wrong. */
const MAX_TAKEOVERS = 3;

/**
 * Claims a one-time step (a change's transition, a ballot's decision, the takeover of a stale
 * digest or SLA alert) across processes. A step claimed by a process that died before doing it
 * (the caller checks that it is still undone) may be taken over once, after `staleMs`, by exactly
 * one taker: a second unique claim (`<id>:takeover`). A taker that died too is replaced the same way
 * (`<id>:takeover:2`, …).
 */
export async function claimStep(
  id: string,
  owner: string,
  now: Date,
  staleMs = STALE_STEP_MS,
  opts: { heartbeat?: boolean } = {},
): Promise<boolean> {
  return (await claimStepAs(id, owner, now, staleMs, opts)) !== undefined;
}

/**
 * `claimStep`, saying how the step was won: `first`, or `takeover` of a claim whose process died (the caller may
 * find part of the step done), or undefined when it was not.
 */
export async function claimStepAs(
  id: string,
  owner: string,
  now: Date,
  staleMs = STALE_STEP_MS,
  opts: { heartbeat?: boolean } = {},
): Promise<'first' | 'takeover' | undefined> {
  // With `heartbeat`, every claimant keeps one (keepAlive): a claim whose owner's heartbeat went stale (the process
  // was killed) is taken over at once, not only after `staleMs`.
  if (opts.heartbeat) await keepAlive(owner);
  let key = id;
  for (let n = 1; ; n++) {
    if (await claimOnce(key, owner, now)) return n === 1 ? 'first' : 'takeover';
    const held = await Claim.findById(key).lean<{ at: Date; owner: string }>();
    if (!held || n > MAX_TAKEOVERS) return undefined;
    const fresh = now.getTime() - new Date(held.at).getTime() < staleMs;
    if (fresh && !(opts.heartbeat && !(await isOwnerAlive(held.owner)))) return undefined;
    key = claims.stepTakeover(id, n);
  }
}
