import type { TargetDoc } from './deployment.model';
import { firstFew } from './render-hosts';
import { targetStateName } from './render-deployment';
import { msg, msgCount, speak } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';

/** Groups a reply lists before "… and N more" (and host lines for one state). */
const GROUPS = 15;
/** Output lines shown for one host. */
const TAIL = 10;

/** The last non-empty line of a target's output (stderr and stdout as kept), else its error. */
export function errorLine(t: Pick<TargetDoc, 'output' | 'error' | 'state'>): string {
  const lines = (t.output ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (t.state === 'succeeded' ? undefined : lines.at(-1)) ?? t.error ?? t.state;
}

/** Hosts in one state grouped by their error line, biggest group first: "disk full: 14 hosts (pc-01, …)". */
export function groupedByError(label: string, state: string, targets: readonly TargetDoc[], lang?: Lang): string {
  const t = speak(lang);
  const stateName = targetStateName(state, lang);
  if (!targets.length) return t('show.none', { label, state: stateName });
  const groups = new Map<string, string[]>();
  for (const target of targets) {
    // The host's own name in its line ("disk full on pc-s01-005") would make one group per host.
    const key = state === 'succeeded' ? stateName : errorLine(target).split(target.host).join('HOST').slice(0, 200);
    groups.set(key, [...(groups.get(key) ?? []), target.host]);
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const lines = sorted
    .slice(0, GROUPS)
    .map(([line, hosts]) => msgCount(lang, 'show.group', hosts.length, { line, hosts: firstFew(hosts.sort(), lang) }));
  if (sorted.length > GROUPS) lines.push(t('show.moreKinds', { count: sorted.length - GROUPS }));
  return t('show.grouped', { label, count: targets.length, state: stateName, lines: lines.join('\n') });
}

/** One host: state, error, attempts, the last lines of its output. */
export function hostDetail(label: string, t: TargetDoc, lang?: Lang): string {
  const tail = (t.output ?? '')
    .split('\n')
    .filter((l) => l.trim())
    .slice(-TAIL);
  const state = targetStateName(t.state, lang);
  return [
    msg(lang, t.dropped ? 'show.hostDropped' : 'show.host', {
      label,
      host: t.host,
      state: t.error ? `${state} (${t.error})` : state,
      attempts: t.attempts,
    }),
    ...(tail.length
      ? [msg(lang, 'show.tail', { count: tail.length }), ...tail.map((l) => `  ${l.slice(0, 300)}`)]
      : []),
  ].join('\n');
}
