import { formatLocalIn, msg, msgCount } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import { said } from '../i18n/refusal';
import type { Conflict } from './change-conflicts';

const SHOWN_HOSTS = 5;

/** "pc-01, pc-02, … and 8 more". */
export function someHosts(hosts: readonly string[], shown = SHOWN_HOSTS, lang?: Lang): string {
  const more = hosts.length - shown;
  const names = hosts.slice(0, shown).join(', ');
  return more > 0 ? msg(lang, 'conflict.someHosts', { hosts: names, count: more }) : names;
}

function span(c: Conflict, timezone: string, lang?: Lang): string {
  return `${formatLocalIn(lang, c.from, timezone)}..${formatLocalIn(lang, c.until, timezone)}`;
}

/**
 * One conflict for people: which change or freeze, the shared hosts, and when they overlap. Stored on the changes
 * (the cards and `rfc show` show it) in English, the record's language; a reply says it in the reader's.
 */
export function conflictLine(c: Conflict, timezone: string, lang?: Lang): string {
  const hosts = msgCount(lang, 'conflict.hosts', c.hosts.length);
  const names = someHosts(c.hosts, SHOWN_HOSTS, lang);
  if (c.kind === 'rfc')
    return msg(lang, 'conflict.rfc', {
      key: c.key,
      title: c.title ? ` ${c.title}` : '',
      state: c.state,
      hosts,
      names,
      span: span(c, timezone, lang),
    });
  return msg(lang, 'conflict.freeze', {
    group: c.group,
    by: c.setBy,
    reason: c.reason,
    hosts,
    names,
    span: span(c, timezone, lang),
  });
}

/** What a conflict is with: the other change's key or `freeze GROUP` (a stored identifier, not a sentence). */
export function conflictWith(c: Conflict): string {
  return c.kind === 'rfc' ? c.key : `freeze ${c.group}`;
}

/** A reply's note: "Conflicts (not blocking): …" or nothing. */
export function conflictsNote(lines: readonly string[], blocking = false, lang?: Lang): string {
  if (!lines.length) return '';
  return msgCount(lang, blocking ? 'conflict.noteBlocking' : 'conflict.note', lines.length, {
    lines: lines.map((l) => `• ${l}`).join('\n'),
  });
}

export const CONFLICT_FIX = said('conflict.fix');
