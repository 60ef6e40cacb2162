import type { OutMessage } from '../chat/out-message';
import { deploymentLabel, type DeploymentDoc } from './deployment.model';
import type { Counts } from './progress';
import { countsLine } from './render-deployment';
import { firstFew } from './render-hosts';

/** Why a deployment is paused at its pilot gate. */
export const PILOT_WAITING = 'The pilot is done: waiting for the go/no-go.';

function decider(by: 'release-manager' | 'ccb'): string {
  return by === 'ccb' ? 'a CCB member' : 'a release manager';
}

/** The go/no-go card posted after the pilot. */
export function pilotCard(
  d: Pick<DeploymentDoc, 'number' | 'rfcKey' | 'kind' | 'package' | 'total'> & { pilot?: DeploymentDoc['pilot'] },
  c: Counts,
  by: 'release-manager' | 'ccb',
  emoji: { go: string; noGo: string },
): OutMessage {
  const p = d.pilot!;
  const key = d.rfcKey ?? '';
  const lines = [
    `Pilot ${p.group} (${p.hosts.length}: ${firstFew(p.hosts)}): ${countsLine(c, p.hosts.length)}.`,
    `${d.total - p.hosts.length} host(s) wait for the go.`,
    `${decider(by)}: react :${emoji.go}: for go or :${emoji.noGo}: for no-go, or type \`deploy go ${key}\` / ` +
      `\`deploy no-go ${key}\`.`,
  ];
  return {
    text: `Go/no-go for ${deploymentLabel(d)} (${d.package.name} ${d.package.version}): ${lines.join(' ')}`,
    card: {
      kind: 'deploy',
      title: `Go/no-go: ${deploymentLabel(d)}`,
      status: 'WAITING FOR GO/NO-GO',
      sections: [{ lines }],
    },
  };
}

export function goNote(by: string, rest: number): string {
  return `Go from ${by}: the other ${rest} host(s) run now.`;
}

export function noGoReason(by: string): string {
  return `No-go after the pilot from ${by}; the hosts after the pilot were skipped.`;
}

export function noGoNote(key: string, by: string, ran: readonly string[]): string {
  return `No-go from ${by}: nothing more runs. ${
    ran.length
      ? `\`rollback ${key}\` undoes the ${ran.length} pilot ` + `host(s) that received it (${firstFew(ran)}).`
      : 'No pilot host received it; nothing to roll back.'
  }`;
}

export function notDeciderMessage(label: string, by: 'release-manager' | 'ccb'): string {
  return `Only ${decider(by)} answers the go/no-go of ${label} (deploy.pilot.decidedBy).`;
}
