import type { ChaseRound } from './deployment-chase';
import type { DeploymentDoc, TargetDoc } from './deployment.model';
import type { ChaseEntry } from './progress';
import { firstFew, formatMinutes } from './render-hosts';

/** Lines a chase list shows in chat before "… and N more" (with the command that shows them all). */
const LIST_LINES = 30;

/** Why the chase does not run an `unknown` target, and the command that does. */
export function heldReason(rfcKey: string, host: string): string {
  return `interrupted mid-run, may have run already; not retried until \`chase ${rfcKey} retry ${host} --yes\``;
}

function entryLine(rfcKey: string, t: ChaseEntry): string {
  if (t.state === 'unknown') return `${t.host}: unknown (${heldReason(rfcKey, t.host)})`;
  return `${t.host}: ${t.state}${t.error ? ` (${t.error})` : ''}`;
}

/** `chase RFC list`: the policy, then the list (the first lines; `deploy show` has the rest). */
export function chaseListReply(
  rfcKey: string,
  d: Pick<DeploymentDoc, 'number' | 'chase'>,
  list: readonly ChaseEntry[],
  until: string | undefined,
): string {
  if (!list.length) return `The chase list of ${rfcKey} is empty.`;
  const policy =
    d.chase.active && until
      ? `retried every ${formatMinutes(d.chase.everyMs)} min until ${until}`
      : `not being retried${d.chase.paused ? ` (paused: ${d.chase.paused})` : ''}`;
  const lines = list.slice(0, LIST_LINES).map((t) => entryLine(rfcKey, t));
  if (list.length > LIST_LINES)
    lines.push(`… and ${list.length - LIST_LINES} more: \`deploy show D-${d.number} failed\` groups them by error.`);
  return `Chase list of ${rfcKey} (${list.length}, ${policy}):\n${lines.join('\n')}`;
}

/** `chase RFC now`: what the round did. */
export function chaseRoundReply(rfcKey: string, d: Pick<DeploymentDoc, 'number'>, r: ChaseRound): string {
  const held = r.held.length
    ? ` Not retried (interrupted mid-run, may have run already): ${firstFew(r.held)}; ` +
      `\`chase ${rfcKey} retry HOST --yes\` runs one again.`
    : '';
  const running = r.running.length
    ? ` Still running from an earlier round, not run again: ${firstFew(r.running)}.`
    : '';
  return (
    `Chase of ${rfcKey}: retried ${r.retried}, ${r.recovered.length} succeeded` +
    `${r.recovered.length ? ` (${firstFew(r.recovered)}; \`deploy show D-${d.number} succeeded\`)` : ''}, ` +
    `${r.left.length} left.${held}${running}`
  );
}

/** `chase RFC retry HOST --yes`: the target's state after its run. */
export function retriedReply(rfcKey: string, t: Pick<TargetDoc, 'host' | 'state' | 'error'>, by: string): string {
  return t.state === 'succeeded'
    ? `${t.host} ran again at ${by}'s request and succeeded.`
    : `${t.host} ran again at ${by}'s request: ${t.state}${t.error ? ` (${t.error})` : ''}. It stays on the chase ` +
        `list of ${rfcKey}.`;
}
