import type { CardSection, OutMessage } from '../chat/out-message';
import type { PackageDoc } from '../packages/package.model';
import {
  deploymentLabel,
  ENDED_DEPLOYMENT_STATES,
  PILOT_WAITING,
  type DeploymentDoc,
  type TargetDoc,
} from './deployment.model';
import type { ChaseEntry, Counts } from './progress';
import { firstFew } from './render-hosts';
import { msg, speak } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import { en, type MessageKey } from '../i18n/messages-en';

/** Chase entries a card shows before "… and N more". */
const CARD_LINES = 10;

/** "143/200 done, 4 failed, 2 unreachable" — done counts every target that ended. */
export function countsLine(c: Counts, total: number, lang?: Lang): string {
  const t = speak(lang);
  const done = total - c.pending - c.running;
  const parts = [t('deploy.c.done', { done, total }), t('deploy.c.succeeded', { count: c.succeeded })];
  if (c.failed) parts.push(t('deploy.c.failed', { count: c.failed }));
  if (c.unreachable) parts.push(t('deploy.c.unreachable', { count: c.unreachable }));
  if (c['host-key-mismatch']) parts.push(t('deploy.c.hostKey', { count: c['host-key-mismatch'] }));
  if (c['timed-out']) parts.push(t('deploy.c.timedOut', { count: c['timed-out'] }));
  if (c.skipped) parts.push(t('deploy.c.skipped', { count: c.skipped }));
  if (c.unknown) parts.push(t('deploy.c.unknown', { count: c.unknown }));
  return parts.join(', ');
}

export function formatDuration(ms: number, lang?: Lang): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return msg(lang, 'deploy.dur.s', { s });
  const m = Math.floor(s / 60);
  return m < 60
    ? msg(lang, 'deploy.dur.ms', { m, s: s % 60 })
    : msg(lang, 'deploy.dur.hm', { h: Math.floor(m / 60), m: m % 60 });
}

/** A deployment's state as a word ("done", "ferdig"). */
function stateName(state: string, lang?: Lang): string {
  const key = `deploy.state.${state}`;
  return key in en ? msg(lang, key as MessageKey) : state;
}

/** A target's state as a word ("failed", "feilet"). */
export function targetStateName(state: string, lang?: Lang): string {
  const key = `deploy.target.${state}`;
  return key in en ? msg(lang, key as MessageKey) : state;
}

/**
 * The progress card while running, and the summary once ended (counts, duration, chase list), in
 * the organisation's language (`opts.lang`): it is posted where the deployment was asked for.
 */
export function renderProgress(
  d: DeploymentDoc,
  c: Counts,
  opts: { wave?: number; chase?: ChaseEntry[]; durationMs?: number; lang?: Lang } = {},
): OutMessage {
  const t = speak(opts.lang);
  const label = `${deploymentLabel(d, opts.lang)}: ${d.package.name} ${d.package.version}`;
  const line = countsLine(c, d.total, opts.lang);
  const ended = ENDED_DEPLOYMENT_STATES.includes(d.state);
  const verb = d.kind === 'rollback' ? t('deploy.verb.rollback') : t('deploy.verb.deploy');
  const state = stateName(d.state, opts.lang);
  const status =
    ended || d.state === 'paused' ? state.toUpperCase() : `${verb} ${d.total - c.pending - c.running}/${d.total}`;
  const lines = [line];
  if (!ended && opts.wave !== undefined) lines.push(t('deploy.wave', { n: opts.wave + 1, waves: d.waves }));
  if (ended && opts.durationMs !== undefined)
    lines.push(t('deploy.took', { duration: formatDuration(opts.durationMs, opts.lang) }));
  if (d.reason) lines.push(d.reason);
  if (d.state === 'paused' && d.pausedReason)
    lines.push(t('deploy.paused', { reason: d.pausedReason === PILOT_WAITING ? t('pilot.waiting') : d.pausedReason }));
  const sections: CardSection[] = [{ lines }];
  const chase = opts.chase ?? [];
  // Short at any scale: the first few, then a count and the command that shows them all.
  const more = chase.length > CARD_LINES ? [t('deploy.more', { count: chase.length - CARD_LINES, n: d.number })] : [];
  if (ended && chase.length)
    sections.push({
      heading: t('deploy.chaseHeading', { count: chase.length }),
      lines: [
        ...chase
          .slice(0, CARD_LINES)
          .map((e) => `${e.host}: ${targetStateName(e.state, opts.lang)}${e.error ? ` (${e.error})` : ''}`),
        ...more,
      ],
    });
  const text = [
    `${label} — ${ended || d.state === 'paused' ? `${state}: ` : ''}${line}`,
    ...lines.slice(1),
    ...(ended && chase.length
      ? [
          t('deploy.chaseText', {
            count: chase.length,
            hosts: firstFew(
              chase.map((e) => `${e.host} (${targetStateName(e.state, opts.lang)})`),
              opts.lang,
            ),
            n: d.number,
          }),
        ]
      : []),
  ].join('\n');
  return {
    text,
    card: {
      kind: 'deploy',
      title: label,
      status,
      sections,
      footer: `${d.targetsText ? t('deploy.footerTargets', { targets: d.targetsText }) : ''}${t('deploy.footerBy', {
        name: d.requestedByName,
      })}`,
    },
  };
}

// --- notes in the progress message's thread -------------------------------------------------

/** What becomes of targets a runner finds caught running by a crash. */
function resumedFate(pkg: Pick<PackageDoc, 'scripts' | 'idempotent'>, lang?: Lang): string {
  if (pkg.scripts.check !== undefined) return msg(lang, 'deploy.fate.check');
  if (pkg.idempotent) return msg(lang, 'deploy.fate.idempotent');
  return msg(lang, 'deploy.fate.unknown');
}

/** A runner took over `count` targets caught running. */
export function resumingNote(count: number, pkg: Pick<PackageDoc, 'scripts' | 'idempotent'>, lang?: Lang): string {
  return msg(lang, 'deploy.resuming', { count, fate: resumedFate(pkg, lang) });
}

/** One wave ended (`wave` counts from 0; the first is the canary when there is one). */
export function waveDoneNote(
  w: { wave: number; waves: number; canary: number; counts: Counts; size: number },
  lang?: Lang,
): string {
  return msg(lang, 'deploy.waveDone', {
    n: w.wave + 1,
    waves: w.waves,
    canary: w.wave === 0 && w.canary ? msg(lang, 'deploy.canary') : '',
    counts: countsLine(w.counts, w.size, lang),
  });
}

/** The deployment ended: its summary. */
export function finishedNote(summary: OutMessage, lang?: Lang): string {
  return msg(lang, 'deploy.finished', { summary: summary.text });
}

/** The completion criterion over the RFC's approved targets is reached; `deployed` when the RFC moved to deployed. */
export function completionNote(
  d: Pick<DeploymentDoc, 'number' | 'rfcKey' | 'kind' | 'requestedByName'>,
  r: { succeeded: number; total: number; pct: number; deployed: boolean },
  lang?: Lang,
): string {
  const review = r.deployed
    ? msg(lang, 'deploy.completionReview', { key: d.rfcKey ?? '', name: d.requestedByName })
    : '';
  return msg(lang, 'deploy.completion', {
    key: d.rfcKey ?? deploymentLabel(d, lang),
    succeeded: r.succeeded,
    total: r.total,
    pct: r.pct,
    review,
  });
}

/** A deployment ended with its RFC below the criterion: where it stands, and every way on. */
export function belowCriterionNote(
  key: string,
  p: { total: number; succeeded: readonly string[]; open: readonly { host: string }[] },
  criterion: number,
  lang?: Lang,
): string {
  return msg(lang, 'deploy.below', {
    key,
    succeeded: p.succeeded.length,
    total: p.total,
    pct: p.total ? Math.round((p.succeeded.length / p.total) * 100) : 0,
    criterion: Math.round(criterion * 100),
    hosts: firstFew(
      p.open.map((o) => o.host),
      lang,
    ),
  });
}

/** A chase round brought hosts back: counts, the first few names, and the commands that list them all. */
export function chaseRecoveredNote(
  d: Pick<DeploymentDoc, 'number' | 'rfcKey'>,
  recovered: readonly string[],
  left: readonly string[],
  lang?: Lang,
): string {
  return msg(lang, 'deploy.chaseRecovered', {
    count: recovered.length,
    hosts: firstFew(recovered, lang),
    n: d.number,
    left: left.length
      ? msg(lang, 'deploy.chaseLeft', { count: left.length, hosts: firstFew(left, lang) })
      : msg(lang, 'deploy.chaseEmpty'),
  });
}

/** The chase policy ran out with hosts still failing (and the incidents opened for them). */
export function chaseEndedNote(left: readonly string[], incidents: readonly string[], lang?: Lang): string {
  return msg(lang, 'deploy.chaseEnded', {
    count: left.length,
    hosts: firstFew(left, lang),
    incidents: incidents.length ? msg(lang, 'deploy.chaseIncidents', { list: firstFew(incidents, lang) }) : '',
  });
}

/** The text of the incident opened for a host the chase never reached (a case's text: a record, in English). */
export function chaseIncidentText(
  d: Pick<DeploymentDoc, 'number' | 'rfcKey' | 'kind' | 'package'>,
  host: string,
  t: Pick<TargetDoc, 'state' | 'error'> | null,
): string {
  return (
    `${deploymentLabel(d)}: ${d.package.name} ${d.package.version} did not reach ${host} (${t?.state}: ` +
    `${t?.error ?? ''}).`
  );
}

// --- why a deployment ended (kept as its reason, shown on the card) ------------------------------

export const CANCELLED_REASON = 'Cancelled on request; targets not started were skipped.';

export function nothingRanReason(error: string, lang?: Lang): string {
  return msg(lang, 'deploy.nothingRan', { error });
}

/** A wave before the last went over the failure limit (ratios 0..1). */
export function abortedReason(a: { wave: number; ratio: number; limit: number }, lang?: Lang): string {
  return msg(lang, 'deploy.aborted', {
    n: a.wave + 1,
    ratio: Math.round(a.ratio * 100),
    limit: Math.round(a.limit * 100),
  });
}

// --- the change policy at the deployment's gate ------------------------------------------------

/** The change policy paused a deployment before a wave (or a target of it). */
export function pausedNote(
  p: { wave: number; waves: number; reason: string; fix?: string; rfcKey?: string },
  lang?: Lang,
): string {
  const resume = p.rfcKey
    ? msg(lang, 'deploy.pausedResume', { key: p.rfcKey, fix: p.fix ? ` (${p.fix.replace(/\.$/u, '')})` : '' })
    : '';
  return msg(lang, 'deploy.pausedBefore', { n: p.wave + 1, waves: p.waves, reason: p.reason, resume });
}

/** The change policy stopped a deployment for good (its RFC moved on, its approval no longer holds). */
export function stoppedReason(reason: string, lang?: Lang): string {
  return msg(lang, 'deploy.stopped', { reason });
}

/** A resumed deployment goes on. */
export function resumedNote(by: string, lang?: Lang): string {
  return msg(lang, 'deploy.resumed', { name: by });
}

/** `/deploy` could not say it started: the deployment never runs. */
export function startFailedReason(why: string, lang?: Lang): string {
  return msg(lang, 'deploy.neverStarted', { why });
}

/** The reconcile job found a start that never said it started. */
export function startAbandonedNote(label: string, key: string | undefined, moved: boolean, lang?: Lang): string {
  return msg(lang, 'deploy.abandoned', {
    label,
    again: moved && key ? msg(lang, 'deploy.scheduledAgain', { key }) : '',
  });
}

/** The reconcile job found an RFC deploying without a deployment that runs. */
export function rfcWithoutDeploymentNote(key: string, label: string | undefined, lang?: Lang): string {
  const what = label ? msg(lang, 'deploy.notRunning', { label }) : msg(lang, 'deploy.noDeployment');
  return msg(lang, 'deploy.rfcWithout', { key, what });
}

/** A chase stopped for good by the change policy, a rollback, or the RFC's close or cancel. */
export function chaseStoppedNote(reason: string, lang?: Lang): string {
  return msg(lang, 'deploy.chaseStopped', { reason });
}

/** A chase paused by the change policy (a freeze). */
export function chasePausedNote(reason: string, rfcKey: string | undefined, lang?: Lang): string {
  return msg(lang, 'deploy.chasePaused', {
    reason,
    resume: rfcKey ? msg(lang, 'deploy.chasePausedResume', { key: rfcKey }) : '',
  });
}
