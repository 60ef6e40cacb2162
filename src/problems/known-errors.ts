import type { TicketDoc } from '../tickets/ticket.model';
import { withKeyLock } from '../db/keyed-lock';
import { CaseRef, caseRefKeys, type CaseRefDoc } from '../tickets/case-ref.model';
import { formatCaseKey } from '../tickets/case-key';

/** One report in a school's recent reports. */
interface RecentReport {
  key: string;
  title: string;
  at: Date;
}

/** At most this many recent reports of a school are compared with a new one. */
const RECENT_REPORTS_KEPT = 100;
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

/** How long a process trusts its list of known errors (another process's new one is offered after this). */
const KNOWN_ERRORS_TTL_MS = 30_000;
let cached: { at: number; problems: Promise<ProblemDoc[]> } | undefined;

/**
 * The known errors, read at most once per `KNOWN_ERRORS_TTL_MS` per process (and after this process
 * changes a problem), so a report costs no query of the problems collection.
 */
function knownErrors(): Promise<ProblemDoc[]> {
  const now = Date.now();
  if (!cached || now - cached.at > KNOWN_ERRORS_TTL_MS) {
    const problems = Problem.find({ status: 'known-error' }).sort({ number: -1 }).limit(50).lean<ProblemDoc[]>().exec();
    cached = { at: now, problems };
    problems.catch(() => (cached = undefined));
  }
  return cached.problems;
}

/** Forgets the cached known errors (a problem was created or changed in this process). */
export function forgetKnownErrors(): void {
  cached = undefined;
}

/**
 * The known error (a problem with a workaround, not fixed) a new report most looks like: the most
 * words shared with the problem's title and its linked cases' titles, else a linked case of the
 * same category and school. None when nothing is alike. No query most of the time (knownErrors).
 */
export async function matchKnownError(t: Report): Promise<KnownErrorMatch | undefined> {
  const problems = await knownErrors();
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

/** A school's recent reports as this process knows them (read once, then kept up to date here). */
const recentBySchool = new Map<string, Promise<RecentReport[]>>();

/**
 * The school's reports since `since`: read once per process (the `recent:` refs the receipts wrote,
 * one range read of their `_id`s), then kept in memory. A report handled by another process after
 * this one's read is not seen here, which only delays an alert by a report.
 */
async function recentOf(school: string, since: number): Promise<RecentReport[]> {
  let known = recentBySchool.get(school);
  if (!known) {
    const prefix = caseRefKeys.recentPrefix(school);
    known = CaseRef.find({ _id: { $gt: prefix, $lt: `${prefix}\uffff` } })
      .lean<CaseRefDoc[]>()
      .exec()
      .then((docs) =>
        docs.map((d) => ({ key: formatCaseKey(Number(d._id.slice(prefix.length))), title: d.title ?? '', at: d.at! })),
      );
    recentBySchool.set(school, known);
    known.catch(() => recentBySchool.delete(school));
  }
  return (await known).filter((r) => new Date(r.at).getTime() >= since);
}

/**
 * Adds the new report `t` to its school's recent reports and returns the run of reports similar to
 * it within the last `days` (oldest first, `t` last) when there are at least `count`. No query on
 * the path of a report, except the first of a school in a process.
 */
export async function recurringRun(t: Report, count: number, days: number): Promise<RecurringRun | undefined> {
  const school = t.school;
  if (!school) return undefined;
  const at = new Date(t.createdAt);
  const since = at.getTime() - days * 86_400_000;
  const recent = await withKeyLock(`recent-reports:${school}`, async () => {
    const kept = (await recentOf(school, since)).filter((r) => r.key !== t.key);
    const reports = [...kept, { key: t.key, title: t.title, at }].slice(-RECENT_REPORTS_KEPT);
    recentBySchool.set(school, Promise.resolve(reports));
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
