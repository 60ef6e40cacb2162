import type { CardSection, OutMessage } from '../chat/out-message';
import type { PackageDoc } from '../packages/package.model';
import { deploymentLabel, ENDED_DEPLOYMENT_STATES, type DeploymentDoc, type TargetDoc } from './deployment.model';
import type { ChaseEntry, Counts } from './progress';
import { firstFew } from './render-hosts';

/** Chase entries a card shows before "… and N more". */
const CARD_LINES = 10;

/** "143/200 done, 4 failed, 2 unreachable" — done counts every target that ended. */
export function countsLine(c: Counts, total: number): string {
  const done = total - c.pending - c.running;
  const parts = [`${done}/${total} done`, `${c.succeeded} succeeded`];
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.unreachable) parts.push(`${c.unreachable} unreachable`);
  if (c['host-key-mismatch']) parts.push(`${c['host-key-mismatch']} host key mismatch`);
  if (c['timed-out']) parts.push(`${c['timed-out']} timed out`);
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  if (c.unknown) parts.push(`${c.unknown} unknown`);
  return parts.join(', ');
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The progress card while running, and the summary once ended (counts, duration, chase list). */
export function renderProgress(
  d: DeploymentDoc,
  c: Counts,
  opts: { wave?: number; chase?: ChaseEntry[]; durationMs?: number } = {},
): OutMessage {
  const label = `${deploymentLabel(d)}: ${d.package.name} ${d.package.version}`;
  const line = countsLine(c, d.total);
  const ended = ENDED_DEPLOYMENT_STATES.includes(d.state);
  const verb = d.kind === 'rollback' ? 'ROLLING BACK' : 'DEPLOYING';
  const status =
    ended || d.state === 'paused' ? d.state.toUpperCase() : `${verb} ${d.total - c.pending - c.running}/${d.total}`;
  const lines = [line];
  if (!ended && opts.wave !== undefined) lines.push(`wave ${opts.wave + 1} of ${d.waves}`);
  if (ended && opts.durationMs !== undefined) lines.push(`took ${formatDuration(opts.durationMs)}`);
  if (d.reason) lines.push(d.reason);
  if (d.state === 'paused' && d.pausedReason) lines.push(`Paused: ${d.pausedReason}`);
  const sections: CardSection[] = [{ lines }];
  const chase = opts.chase ?? [];
  // Short at any scale: the first few, then a count and the command that shows them all.
  const more =
    chase.length > CARD_LINES ? [`… and ${chase.length - CARD_LINES} more: \`deploy show D-${d.number} failed\``] : [];
  if (ended && chase.length)
    sections.push({
      heading: `Chase list (${chase.length})`,
      lines: [
        ...chase.slice(0, CARD_LINES).map((t) => `${t.host}: ${t.state}${t.error ? ` (${t.error})` : ''}`),
        ...more,
      ],
    });
  const text = [
    `${label} — ${ended || d.state === 'paused' ? `${d.state}: ` : ''}${line}`,
    ...lines.slice(1),
    ...(ended && chase.length
      ? [
          `Chase list (${chase.length}): ${firstFew(chase.map((t) => `${t.host} (${t.state})`))}; ` +
            `\`deploy show D-${d.number} failed\` lists them by error.`,
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
      footer: `${d.targetsText ? `targets: ${d.targetsText} · ` : ''}by ${d.requestedByName}`,
    },
  };
}

// --- notes in the progress message's thread -------------------------------------------------

/** What becomes of targets a runner finds caught running by a crash. */
function resumedFate(pkg: Pick<PackageDoc, 'scripts' | 'idempotent'>): string {
  if (pkg.scripts.check !== undefined) return 'they are checked first';
  if (pkg.idempotent) return 'the package is idempotent, so they run again';
  return 'the package is not idempotent and has no check script, so they are marked unknown and not run again';
}

/** A runner took over `count` targets caught running. */
export function resumingNote(count: number, pkg: Pick<PackageDoc, 'scripts' | 'idempotent'>): string {
  return `Resuming: ${count} target(s) were running when the last runner stopped; ${resumedFate(pkg)}.`;
}

/** One wave ended (`wave` counts from 0; the first is the canary when there is one). */
export function waveDoneNote(w: { wave: number; waves: number; canary: number; counts: Counts; size: number }): string {
  return (
    `Wave ${w.wave + 1} of ${w.waves}${w.wave === 0 && w.canary ? ' (canary)' : ''} done: ` +
    `${countsLine(w.counts, w.size)}.`
  );
}

/** The deployment ended: its summary. */
export function finishedNote(summary: OutMessage): string {
  return `Finished. ${summary.text}`;
}

/** The completion criterion over the RFC's approved targets is reached; `deployed` when the RFC moved to deployed. */
export function completionNote(
  d: Pick<DeploymentDoc, 'number' | 'rfcKey' | 'kind' | 'requestedByName'>,
  r: { succeeded: number; total: number; pct: number; deployed: boolean },
): string {
  const review = r.deployed
    ? ` ${d.rfcKey} is now deployed. Post-deployment review: ${d.requestedByName}, please record it with \`rfc ` +
      `review ${d.rfcKey}\`.`
    : '';
  return (
    `${d.rfcKey ?? deploymentLabel(d)} reached the completion criterion: ${r.succeeded}/${r.total} (${r.pct}%) ` +
    `of its approved targets succeeded.${review}`
  );
}

/** A deployment ended with its RFC below the criterion: where it stands, and every way on. */
export function belowCriterionNote(
  key: string,
  p: { total: number; succeeded: readonly string[]; open: readonly { host: string }[] },
  criterion: number,
): string {
  const pct = p.total ? Math.round((p.succeeded.length / p.total) * 100) : 0;
  return (
    `${key} stays deploying: ${p.succeeded.length}/${p.total} (${pct}%) of its approved targets succeeded, ` +
    `below the criterion (${Math.round(criterion * 100)}%); not yet: ${firstFew(p.open.map((o) => o.host))}. ` +
    `Ways on: \`deploy ${key}\` (or \`deploy ${key} to GROUP\`) runs the rest; \`chase ${key} list\`; ` +
    `\`deploy complete ${key} --with-exceptions\` (a change manager) accepts it as it is; \`rollback ${key}\` ` +
    `undoes it.`
  );
}

/** A chase round brought hosts back: counts, the first few names, and the commands that list them all. */
export function chaseRecoveredNote(
  d: Pick<DeploymentDoc, 'number' | 'rfcKey'>,
  recovered: readonly string[],
  left: readonly string[],
): string {
  return (
    `Chase: ${recovered.length} host(s) succeeded now (${firstFew(recovered)}); \`deploy show D-${d.number} ` +
    `succeeded\` lists them. ${left.length ? `${left.length} left: ${firstFew(left)}.` : 'The chase list is empty.'}`
  );
}

/** The chase policy ran out with hosts still failing (and the incidents opened for them). */
export function chaseEndedNote(left: readonly string[], incidents: readonly string[]): string {
  return (
    `Chase policy ended with ${left.length} host(s) still failing: ` +
    `${firstFew(left)}.${incidents.length ? ` Incidents: ${firstFew(incidents)}.` : ''}`
  );
}

/** The text of the incident opened for a host the chase never reached. */
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

export function nothingRanReason(error: string): string {
  return `Nothing ran: ${error}`;
}

/** A wave before the last went over the failure limit (ratios 0..1). */
export function abortedReason(a: { wave: number; ratio: number; limit: number }): string {
  return (
    `Aborted after wave ${a.wave + 1}: ${Math.round(a.ratio * 100)}% of the targets reached failed (limit ` +
    `${Math.round(a.limit * 100)}%).`
  );
}

// --- the change policy at the deployment's gate ------------------------------------------------

/** The change policy paused a deployment before a wave (or a target of it). */
export function pausedNote(p: { wave: number; waves: number; reason: string; fix?: string; rfcKey?: string }): string {
  const resume = p.rfcKey
    ? ` Nothing more runs until \`deploy resume ${p.rfcKey}\` is ` +
      `allowed${p.fix ? ` (${p.fix.replace(/\.$/u, '')})` : ''}; \`deploy cancel ${p.rfcKey}\` ends it.`
    : '';
  return `Paused before wave ${p.wave + 1} of ${p.waves}: ${p.reason}${resume}`;
}

/** The change policy stopped a deployment for good (its RFC moved on, its approval no longer holds). */
export function stoppedReason(reason: string): string {
  return `Stopped by the change policy: ${reason}`;
}

/** A resumed deployment goes on. */
export function resumedNote(by: string): string {
  return `Resumed by ${by}: the change policy allows it now.`;
}

/** `/deploy` could not say it started: the deployment never runs. */
export function startFailedReason(why: string): string {
  return `Never started: ${why}. Nothing ran, and it will not run later.`;
}

/** The reconcile job found a start that never said it started. */
export function startAbandonedNote(label: string, key: string | undefined, moved: boolean): string {
  return (
    `${label} never said it started (the bot stopped or lost the chat first); it is recorded as failed and ` +
    `will not run.${moved && key ? ` ${key} is scheduled again.` : ''}`
  );
}

/** The reconcile job found an RFC deploying without a deployment that runs. */
export function rfcWithoutDeploymentNote(key: string, label: string | undefined): string {
  return (
    `${key} said deploying, but ${label ? `${label} is not running` : 'no deployment of it exists'}; it is ` +
    `scheduled again. Nothing ran for it since.`
  );
}

/** A chase stopped for good by the change policy, a rollback, or the RFC's close or cancel. */
export function chaseStoppedNote(reason: string): string {
  return `Chase stopped: ${reason}. Its hosts are no longer retried.`;
}

/** A chase paused by the change policy (a freeze). */
export function chasePausedNote(reason: string, rfcKey: string | undefined): string {
  return `Chase paused: ${reason}${rfcKey ? ` \`deploy resume ${rfcKey}\` goes on when allowed.` : ''}`;
}
