/**
 * The lifecycle of a change (DESIGN.md): the states and which may follow which. Every transition
 * goes through `ChangeService.transition`, which checks this table and records actor, time and
 * reason in the append-only audit log.
 */
import type { Said } from '../i18n/refusal';
import * as say from './render-policy';
export const CHANGE_STATES = [
  'draft',
  'proposed',
  'approved',
  'built',
  'release-vote',
  'scheduled',
  'deploying',
  'deployed',
  'reviewed',
  'closed',
  'rejected',
  'withdrawn',
  'postponed',
  'cancelled',
  'rolled-back',
] as const;

export type ChangeState = (typeof CHANGE_STATES)[number];

export const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

/**
 * Allowed next states. `draft -> scheduled` is for standard (pre-approved) changes only, and
 * `deployed -> closed` skips the review, which emergency changes may not: `transitionRefusal`
 * holds those per-type rules. `approved`, `built` and `scheduled` go back to `proposed` when an
 * edit of approved content reopens the approval vote (src/changes/change-policy.ts).
 */
export const CHANGE_TRANSITIONS: Readonly<Record<ChangeState, readonly ChangeState[]>> = {
  draft: ['proposed', 'scheduled', 'withdrawn'],
  proposed: ['approved', 'rejected', 'postponed', 'withdrawn'],
  approved: ['built', 'proposed', 'withdrawn', 'cancelled'],
  built: ['release-vote', 'proposed', 'withdrawn', 'cancelled'],
  'release-vote': ['scheduled', 'rejected', 'postponed', 'withdrawn'],
  scheduled: ['deploying', 'proposed', 'postponed', 'cancelled'],
  deploying: ['deployed', 'scheduled', 'rolled-back'],
  deployed: ['reviewed', 'closed', 'rolled-back'],
  reviewed: ['closed'],
  closed: [],
  rejected: [],
  withdrawn: [],
  postponed: ['proposed', 'release-vote', 'scheduled', 'withdrawn', 'cancelled'],
  cancelled: [],
  'rolled-back': ['reviewed', 'closed'],
};

/** States a change never leaves. */
export const FINAL_STATES: readonly ChangeState[] = CHANGE_STATES.filter((s) => CHANGE_TRANSITIONS[s].length === 0);

export function isChangeState(value: string): value is ChangeState {
  return (CHANGE_STATES as readonly string[]).includes(value);
}

export function allowedNext(from: ChangeState): readonly ChangeState[] {
  return CHANGE_TRANSITIONS[from] ?? [];
}

export function canTransition(from: ChangeState, to: ChangeState): boolean {
  return allowedNext(from).includes(to);
}

/**
 * Why `from -> to` is refused for a change of `type` (undefined when allowed). The messages name
 * the state and what may follow it.
 */
export function transitionRefusal(key: string, type: ChangeType, from: ChangeState, to: ChangeState): Said | undefined {
  if (from === to) return say.lifeAlready(key, from);
  if (!canTransition(from, to)) return say.lifeCannot(key, from, to, allowedNext(from));
  if (from === 'draft' && to === 'scheduled' && type !== 'standard') return say.lifeDraftToScheduled(key, type);
  if (from === 'deployed' && to === 'closed' && type === 'emergency') return say.lifeReviewFirst(key);
  if (from === 'postponed' && to === 'scheduled' && type !== 'standard') return say.lifePostponedToVote(key, type);
  return undefined;
}
