import type { TicketDoc } from '../tickets/ticket.model';
import { withKeyLock } from '../db/keyed-lock';
import { RECENT_REPORTS_KEPT, RecentReports, type RecentReportsDoc } from './recent-reports.model';
import { Problem, type ProblemDoc } from './problem.model';
import { isSimilar, likeness, wordsOf } from './similarity';

type Report = Pick<TicketDoc, '_id' | 'key' | 'title' | 'text' | 'category' | 'school' | 'createdAt'>;

/** Why a report looks like a known error: the same category and school as a linked case, or shared words. */
export type KnownErrorWhy =
  { kind: 'category-school'; category: string; school: string } | { kind: 'words'; words: string[] };

export interface KnownErrorMatch {
  problem: ProblemDoc;
  why: KnownErrorWhy;
}

/**
 * The known error (a problem with a workaround, not fixed) a new report most looks like: the most
 * words shared with the problem's title and its linked cases' titles, else a linked case of the
 * same category and school. None when nothing is alike. One query, of the (small) problems.
 */
export async function matchKnownError(t: Report): Promise<KnownErrorMatch | undefined> {
  const problems = await Problem.find({ status: 'known-error' }).sort({ number: -1 }).limit(50).lean<ProblemDoc[]>();
  const words = wordsOf(t.title);
  let best: { match: KnownErrorMatch; score: number } | undefined;
  for (const problem of problems) {
    if (!problem.workaround) continue;
    const theirs = new Set([...wordsOf(problem.title), ...(problem.matchWords ?? [])]);
    const like = likeness(words, theirs);
    // Against the many words of title and linked cases, count the share of the report's own words.
    const score = words.size ? like.shared.length / words.size : 0;
    if (like.shared.length >= 2 && score >= 0.6) {
      if (!best || score + 1 > best.score)
        best = { match: { problem, why: { kind: 'words', words: like.shared } }, score: score + 1 };
      continue;
    }
    const place = `${t.category}|${t.school ?? ''}`;
    if (t.school && t.category !== 'other' && (problem.matchPlaces ?? []).includes(place) && !best) {
      best = {
        match: { problem, why: { kind: 'category-school', category: t.category, school: t.school } },
        score: 0.5,
      };
    }
  }
  return best?.match;
}

export interface RecurringRun {
  school: string;
  cases: Array<Pick<TicketDoc, 'key' | 'title'>>;
  words: string[];
}

/**
 * Records the new report `t` among its school's recent reports and returns the run of reports
 * similar to it within the last `days` (oldest first, `t` last) when there are at least `count`.
 * Reads and writes one document by `_id` (the school), one at a time per school in this process;
 * two processes writing the same school at the same moment may lose one entry (FerretDB writes
 * back what it read), which only delays an alert by a report.
 */
export async function recurringRun(t: Report, count: number, days: number): Promise<RecurringRun | undefined> {
  const school = t.school;
  if (!school) return undefined;
  const at = new Date(t.createdAt);
  const since = at.getTime() - days * 86_400_000;
  const recent = await withKeyLock(`recent-reports:${school}`, async () => {
    const doc = await RecentReports.findById(String(school)).lean<RecentReportsDoc>();
    const kept = (doc?.reports ?? []).filter((r) => new Date(r.at).getTime() >= since && r.key !== t.key);
    const reports = [...kept, { key: t.key, title: t.title, at }].slice(-RECENT_REPORTS_KEPT);
    await RecentReports.updateOne({ _id: String(school) }, { $set: { reports } }, { upsert: true });
    return kept;
  });
  const words = wordsOf(t.title);
  const shared = new Set<string>();
  const alike = recent.filter((r) => {
    const l = likeness(words, wordsOf(r.title));
    if (!isSimilar(l)) return false;
    l.shared.forEach((w) => shared.add(w));
    return true;
  });
  if (alike.length + 1 < count) return undefined;
  return { school, cases: [...alike, { key: t.key, title: t.title }], words: [...shared] };
}
