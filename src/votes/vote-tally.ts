import type { Outcome, VoteChoice, VoteRule } from './vote-rules';

/** Who voted what on one ballot, and who has not voted yet. */
export interface VoteTally {
  approve: string[];
  reject: string[];
  abstain: string[];
  notVoted: string[];
}

export function tallyVotes(
  roster: readonly string[],
  votes: ReadonlyArray<{ personId: string; choice: VoteChoice }>,
): VoteTally {
  const t: VoteTally = { approve: [], reject: [], abstain: [], notVoted: [] };
  const byPerson = new Map(votes.filter((v) => roster.includes(v.personId)).map((v) => [v.personId, v.choice]));
  for (const id of roster) {
    const c = byPerson.get(id);
    if (c) t[c].push(id);
    else t.notVoted.push(id);
  }
  return t;
}

/** The outcome if the vote closed with these counts. */
export function outcomeOf(
  approve: number,
  reject: number,
  abstain: number,
  rule: Pick<VoteRule, 'quorum' | 'threshold'>,
): Outcome {
  if (approve + reject + abstain < rule.quorum || approve + reject === 0) return 'postponed';
  return approve >= rule.threshold * (approve + reject) - 1e-9 ? 'approved' : 'rejected';
}

/**
 * The outcome when no way the members who have not voted yet could vote (or not vote) changes it;
 * undefined while it is still open. Votes already cast are taken as they stand.
 */
export function settledOutcome(t: VoteTally, rule: Pick<VoteRule, 'quorum' | 'threshold'>): Outcome | undefined {
  const a0 = t.approve.length;
  const r0 = t.reject.length;
  const s0 = t.abstain.length;
  const left = t.notVoted.length;
  let seen: Outcome | undefined;
  for (let a = 0; a <= left; a++) {
    for (let r = 0; a + r <= left; r++) {
      for (let s = 0; a + r + s <= left; s++) {
        const o = outcomeOf(a0 + a, r0 + r, s0 + s, rule);
        if (seen === undefined) seen = o;
        else if (seen !== o) return undefined;
      }
    }
  }
  return seen;
}
