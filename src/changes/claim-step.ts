import { Claim, claimOnce } from '../db/claim-once';

/** A claim this old whose work never happened was made by a process that died. */
export const STALE_STEP_MS = 2 * 60_000;

/**
 * Claims a one-time step (a change's transition, a ballot's decision) across processes. A step
 * claimed by a process that died before doing it (the caller checks that it is still undone) may be
 * taken over once, after `staleMs`, by exactly one taker: a second unique claim.
 */
export async function claimStep(id: string, owner: string, now: Date, staleMs = STALE_STEP_MS): Promise<boolean> {
  if (await claimOnce(id, owner, now)) return true;
  const held = await Claim.findById(id).lean<{ at: Date }>();
  if (!held || now.getTime() - new Date(held.at).getTime() < staleMs) return false;
  return claimOnce(`${id}:takeover`, owner, now);
}
