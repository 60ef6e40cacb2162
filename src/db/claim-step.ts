import { Claim, claimOnce } from './claim-once';
import { claims } from './claims';

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
export async function claimStep(id: string, owner: string, now: Date, staleMs = STALE_STEP_MS): Promise<boolean> {
  return (await claimStepAs(id, owner, now, staleMs)) !== undefined;
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
): Promise<'first' | 'takeover' | undefined> {
  let key = id;
  for (let n = 1; ; n++) {
    if (await claimOnce(key, owner, now)) return n === 1 ? 'first' : 'takeover';
    const held = await Claim.findById(key).lean<{ at: Date }>();
    if (!held || now.getTime() - new Date(held.at).getTime() < staleMs || n > MAX_TAKEOVERS) return undefined;
    key = claims.stepTakeover(id, n);
  }
}
