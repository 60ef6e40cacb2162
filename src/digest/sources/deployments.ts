import type { QueryFilter } from 'mongoose';
import type { BusinessCalendar } from '../../calendar/business-calendar';
import {
  CHASE_STATES,
  Deployment,
  type DeploymentDoc,
  DeployTarget,
  deploymentLabel,
  type TargetState,
} from '../../deploy/deployment.model';
import type { DigestSource } from '../digest-figures';

const UNFINISHED: TargetState[] = ['pending', 'running'];

/**
 * "Deployments running": deployments still running, and finished ones whose chase list is still
 * retried, newest first, with targets finished of the total and the size of the chase list.
 * Per deployment two counts on the (deploymentId, state) index.
 */
export function deploymentsSource(calendar: BusinessCalendar, topItems: number): DigestSource {
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
        const [finished, chase] = await Promise.all([
          DeployTarget.countDocuments({ deploymentId: d._id, state: { $nin: UNFINISHED } }),
          DeployTarget.countDocuments({ deploymentId: d._id, state: { $in: [...CHASE_STATES] }, dropped: false }),
        ]);
        const progress = d.state === 'running' ? `running, ${finished}/${d.total} targets done` : `${d.state}`;
        const until =
          d.chase?.active && d.chase.until
            ? ` (retried until ${calendar.local(new Date(d.chase.until)).toFormat('ccc d LLL HH:mm')})`
            : '';
        return (
          `${deploymentLabel(d)} · ${d.package.name} ${d.package.version} · ${progress} · chase list ` +
          `${chase}${chase ? until : ''}`
        );
      }),
    );
    return { heading: 'Deployments running', count, lines };
  };
}
