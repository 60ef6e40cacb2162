import type { QueryFilter } from 'mongoose';
import type { BusinessCalendar } from '../../calendar/business-calendar';
import {
  CHASE_STATES,
  Deployment,
  type DeploymentDoc,
  deploymentLabel,
  type TargetState,
} from '../../deploy/deployment.model';
import { readTargets } from '../../deploy/target-book';
import { msg } from '../../i18n/catalog';
import { DEFAULT_LANGUAGE, LOCALES, type Lang } from '../../i18n/languages';
import type { DigestSource } from '../digest-figures';

const UNFINISHED: TargetState[] = ['pending', 'running'];

/**
 * "Deployments running": deployments still running, and finished ones whose chase list is still
 * retried, newest first, with targets finished of the total and the size of the chase list.
 * Per deployment its target book, read by `_id`.
 */
export function deploymentsSource(calendar: BusinessCalendar, topItems: number, lang?: Lang): DigestSource {
  return async () => {
    const active: QueryFilter<DeploymentDoc> = { $or: [{ state: 'running' }, { 'chase.active': true }] };
    const [count, deployments] = await Promise.all([
      Deployment.countDocuments(active),
      Deployment.find(active, { number: 1, kind: 1, rfcKey: 1, package: 1, total: 1, state: 1, chase: 1 })
        .sort({ number: -1 })
        .limit(topItems)
        .lean<DeploymentDoc[]>(),
    ]);
    if (count === 0) return undefined;
    const lines = await Promise.all(
      deployments.map(async (d) => {
        const targets = await readTargets(d._id);
        const finished = targets.filter((t) => !UNFINISHED.includes(t.state)).length;
        const chase = targets.filter((t) => CHASE_STATES.includes(t.state) && !t.dropped).length;
        const progress =
          d.state === 'running' ? msg(lang, 'digest.deploy.running', { finished, total: d.total }) : `${d.state}`;
        const local =
          d.chase?.until && calendar.local(new Date(d.chase.until)).setLocale(LOCALES[lang ?? DEFAULT_LANGUAGE]);
        const until =
          d.chase?.active && local
            ? msg(lang, 'digest.deploy.until', { at: local.toFormat(msg(lang, 'digest.fmt.when')) })
            : '';
        return msg(lang, 'digest.deploy.line', {
          label: deploymentLabel(d, lang),
          package: `${d.package.name} ${d.package.version}`,
          progress,
          chase,
          until: chase ? until : '',
        });
      }),
    );
    return { heading: msg(lang, 'digest.deploy.heading'), count, lines };
  };
}
