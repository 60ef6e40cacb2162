import type { OutMessage } from '../chat/out-message';
import { msg, speak } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import { said, type Said } from '../i18n/refusal';
import { deploymentLabel, type DeploymentDoc } from './deployment.model';
import type { Counts } from './progress';
import { countsLine } from './render-deployment';
import { firstFew } from './render-hosts';

type Decider = 'release-manager' | 'ccb';

/**
 * The go/no-go card posted after the pilot, in the organisation's language (`lang`): it is read in
 * the channel where the deployment was asked for.
 */
export function pilotCard(
  d: Pick<DeploymentDoc, 'number' | 'rfcKey' | 'kind' | 'package' | 'total'> & { pilot?: DeploymentDoc['pilot'] },
  c: Counts,
  by: Decider,
  emoji: { go: string; noGo: string },
  lang?: Lang,
): OutMessage {
  const t = speak(lang);
  const p = d.pilot!;
  const key = d.rfcKey ?? '';
  const label = deploymentLabel(d, lang);
  const lines = [
    t('pilot.line', {
      group: p.group,
      count: p.hosts.length,
      hosts: firstFew(p.hosts, lang),
      counts: countsLine(c, p.hosts.length, lang),
    }),
    t('pilot.wait', { count: d.total - p.hosts.length }),
    t('pilot.ask', { decider: t(`pilot.decider.${by}`), go: emoji.go, noGo: emoji.noGo, key }),
  ];
  return {
    text: t('pilot.text', { label, package: `${d.package.name} ${d.package.version}`, lines: lines.join(' ') }),
    card: {
      kind: 'deploy',
      title: t('pilot.title', { label }),
      status: t('pilot.status'),
      sections: [{ lines }],
    },
  };
}

export function goNote(by: string, rest: number, lang?: Lang): string {
  return msg(lang, 'pilot.goNote', { name: by, count: rest });
}

/** Why the deployment ended (stored on it, shown in its summary): the organisation's language. */
export function noGoReason(by: string, lang?: Lang): string {
  return msg(lang, 'pilot.noGoReason', { name: by });
}

export function noGoNote(key: string, by: string, ran: readonly string[], lang?: Lang): string {
  return msg(lang, 'pilot.noGoNote', {
    name: by,
    rollback: ran.length
      ? msg(lang, 'pilot.noGoRollback', { key, count: ran.length, hosts: firstFew(ran, lang) })
      : msg(lang, 'pilot.noGoNothing'),
  });
}

/** Who may answer the go/no-go, as a refusal's parameter (said in the reader's language). */
export function notDecider(label: Said, by: Decider): Said {
  return said('pilot.notDecider', { decider: said(`pilot.decider.${by}`), label });
}
