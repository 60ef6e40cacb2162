import type { ChaseRound } from './deployment-chase';
import type { DeploymentDoc, TargetDoc } from './deployment.model';
import type { ChaseEntry } from './progress';
import { firstFew, formatMinutes } from './render-hosts';
import { targetStateName } from './render-deployment';
import { msg, speak } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';

/** Lines a chase list shows in chat before "… and N more" (with the command that shows them all). */
const LIST_LINES = 30;

/** Why the chase does not run an `unknown` target, and the command that does. */
export function heldReason(rfcKey: string, host: string, lang?: Lang): string {
  return msg(lang, 'chase.held', { key: rfcKey, host });
}

function entryLine(rfcKey: string, t: ChaseEntry, lang?: Lang): string {
  const state = targetStateName(t.state, lang);
  if (t.state === 'unknown')
    return msg(lang, 'chase.entryWhy', { host: t.host, state, why: heldReason(rfcKey, t.host, lang) });
  return t.error
    ? msg(lang, 'chase.entryWhy', { host: t.host, state, why: t.error })
    : msg(lang, 'chase.entry', { host: t.host, state });
}

/** `chase RFC list`: the policy, then the list (the first lines; `deploy show` has the rest), in `lang`. */
export function chaseListReply(
  rfcKey: string,
  d: Pick<DeploymentDoc, 'number' | 'chase'>,
  list: readonly ChaseEntry[],
  until: string | undefined,
  lang?: Lang,
): string {
  const t = speak(lang);
  if (!list.length) return t('chase.empty', { key: rfcKey });
  const policy =
    d.chase.active && until
      ? t('chase.policyActive', { minutes: formatMinutes(d.chase.everyMs), until })
      : d.chase.paused
        ? t('chase.policyPaused', { reason: d.chase.paused })
        : t('chase.policyIdle');
  const lines = list.slice(0, LIST_LINES).map((e) => entryLine(rfcKey, e, lang));
  if (list.length > LIST_LINES) lines.push(t('chase.more', { count: list.length - LIST_LINES, n: d.number }));
  return t('chase.list', { key: rfcKey, count: list.length, policy, lines: lines.join('\n') });
}

/** `chase RFC now`: what the round did. */
export function chaseRoundReply(rfcKey: string, d: Pick<DeploymentDoc, 'number'>, r: ChaseRound, lang?: Lang): string {
  const t = speak(lang);
  return t('chase.round', {
    key: rfcKey,
    retried: r.retried,
    count: r.recovered.length,
    recovered: r.recovered.length ? t('chase.roundRecovered', { hosts: firstFew(r.recovered, lang), n: d.number }) : '',
    left: r.left.length,
    held: r.held.length ? t('chase.roundHeld', { hosts: firstFew(r.held, lang), key: rfcKey }) : '',
    running: r.running.length ? t('chase.roundRunning', { hosts: firstFew(r.running, lang) }) : '',
  });
}

/** `chase RFC retry HOST --yes`: the target's state after its run. */
export function retriedReply(
  rfcKey: string,
  t: Pick<TargetDoc, 'host' | 'state' | 'error'>,
  by: string,
  lang?: Lang,
): string {
  if (t.state === 'succeeded') return msg(lang, 'chase.retriedOk', { host: t.host, name: by });
  const state = targetStateName(t.state, lang);
  return msg(lang, 'chase.retriedFailed', {
    host: t.host,
    name: by,
    key: rfcKey,
    state: t.error ? `${state} (${t.error})` : state,
  });
}
