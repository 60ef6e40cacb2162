import type { BusinessCalendar } from '../../calendar/business-calendar';
import { Rfc } from '../../changes/rfc.model';
import { Ballot, type BallotDoc, Vote } from '../../votes/ballot.model';
import type { DigestSource } from '../digest-figures';
import { msg } from '../../i18n/catalog';
import { DEFAULT_LANGUAGE, LOCALES, type Lang } from '../../i18n/languages';

/**
 * "CCB votes waiting": open ballots, soonest deadline first, each with how many members voted,
 * the quorum and the deadline in local time. Reads the ballots (index open+deadline), the votes
 * of the ballots shown (index ballotId+personId) and their changes' titles (index key).
 */
export function ccbVotesSource(calendar: BusinessCalendar, topItems: number, lang?: Lang): DigestSource {
  return async (now) => {
    const open = { open: true };
    const [count, ballots] = await Promise.all([
      Ballot.countDocuments(open),
      Ballot.find(open, { rfcKey: 1, kind: 1, roster: 1, quorum: 1, deadline: 1 })
        .sort({ deadline: 1 })
        .limit(topItems)
        .lean<BallotDoc[]>(),
    ]);
    if (count === 0) return undefined;
    const ids = ballots.map((b) => b._id);
    const [votes, rfcs] = await Promise.all([
      Vote.find({ ballotId: { $in: ids } }, { ballotId: 1 }).lean<Array<{ ballotId: string }>>(),
      Rfc.find({ key: { $in: ballots.map((b) => b.rfcKey) } }, { key: 1, title: 1 }).lean<
        Array<{ key: string; title: string }>
      >(),
    ]);
    const voted = new Map<string, number>();
    for (const v of votes) voted.set(v.ballotId, (voted.get(v.ballotId) ?? 0) + 1);
    const titles = new Map(rfcs.map((r) => [r.key, r.title]));
    const lines = ballots.map((b) => {
      const deadline = new Date(b.deadline);
      const at = calendar.local(deadline).setLocale(LOCALES[lang ?? DEFAULT_LANGUAGE]);
      const when =
        deadline <= now
          ? msg(lang, 'digest.votes.passed', { at: at.toFormat(msg(lang, 'digest.fmt.since')) })
          : msg(lang, 'digest.votes.closes', { at: at.toFormat(msg(lang, 'digest.fmt.when')) });
      const title = titles.get(b.rfcKey);
      return msg(lang, 'digest.votes.line', {
        key: b.rfcKey,
        kind: msg(lang, `vote.kind.${b.kind}`),
        voted: voted.get(b._id) ?? 0,
        roster: b.roster.length,
        quorum: b.quorum,
        when,
        title: title ? ` · ${title}` : '',
      });
    });
    return { heading: msg(lang, 'digest.votes.heading'), count, lines };
  };
}
