import { normalizeReaction } from '../chat/emoji';
import type { ChangesConfig } from '../config/sections/changes';
import type { ChangeState, ChangeType } from '../changes/change-lifecycle';
import type { PeopleDirectory } from '../people/people-directory';

export type VoteChoice = 'approve' | 'reject' | 'abstain';
/** `technical`: a board's technical review (TAB) before its approval vote; it decides nothing on the change's state. */
export type BallotKind = 'technical' | 'approval' | 'release';
export type Outcome = 'approved' | 'rejected' | 'postponed';

/** The state a change moves to when a ballot of `kind` ends with `outcome`. */
export function nextState(kind: BallotKind, outcome: Outcome): ChangeState {
  if (outcome === 'approved') return kind === 'technical' ? 'proposed' : kind === 'approval' ? 'approved' : 'scheduled';
  return outcome;
}

/** The state a change is in while a ballot of each kind is open. */
export const VOTING_STATE: Record<BallotKind, ChangeState> = {
  technical: 'proposed',
  approval: 'proposed',
  release: 'release-vote',
};

export interface VoteRule {
  quorum: number;
  threshold: number;
  deadlineMs: number;
  closeEarly: boolean;
}

/** "72h", "1d12h", "90m", "45s" or ISO "PT4H"/"P3D" -> milliseconds. */
export function parseDuration(text: string): number {
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/u.exec(text);
  if (iso) {
    const [, d, h, m, s] = iso.map((x) => Number(x ?? 0));
    return ((d * 24 + h) * 60 + m) * 60_000 + s * 1000;
  }
  const unit: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
  let ms = 0;
  for (const [, n, u] of text.matchAll(/(?<!\d)(\d+)([dhms])/gu)) ms += Number(n) * unit[u];
  return ms;
}

/**
 * Quorum, threshold and deadline for a change type (standard changes never vote; they use the normal rule if asked).
 */
export function ruleFor(config: ChangesConfig, type: ChangeType): VoteRule {
  const r = type === 'emergency' ? config.votes.emergency : config.votes.normal;
  return { quorum: r.quorum, threshold: r.threshold, deadlineMs: parseDuration(r.deadline), closeEarly: r.closeEarly };
}

/** The choice a reaction stands for (skin tones and Unicode forms included), or undefined. */
export function choiceOf(config: ChangesConfig, rawReaction: string): VoteChoice | undefined {
  const r = normalizeReaction(rawReaction);
  for (const choice of ['approve', 'reject', 'abstain'] as const) {
    if (config.votes.emoji[choice].some((e) => normalizeReaction(e) === r)) return choice;
  }
  return undefined;
}

/** The people who vote on a board: its configured members holding the ccb role, or everyone with the role. */
export function rosterOf(config: ChangesConfig, people: PeopleDirectory, board: string): string[] {
  const members = config.boards[board]?.members;
  const ccb = people.withRole('ccb').map((p) => p.id);
  return members ? members.filter((id) => ccb.includes(id)) : ccb;
}
