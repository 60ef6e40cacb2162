import { openOrders, orderSummary } from '../../changes/change-order';
import { onTargetShare } from '../../changes/change-measures';
import { msg } from '../../i18n/catalog';
import type { Lang } from '../../i18n/languages';
import type { DigestSource } from '../digest-figures';

/**
 * "Change orders": one line per change order with a change still open (the state of its changes, its target date),
 * and the on-time share of the last 30 days' deployed changes against their target dates.
 */
export function changeOrdersSource(topItems: number, timezone: string, lang?: Lang): DigestSource {
  return async (now) => {
    const [orders, share] = await Promise.all([
      openOrders(topItems),
      onTargetShare(new Date(now.getTime() - 30 * 86_400_000), now),
    ]);
    if (!orders.length && !share.due) return undefined;
    const lines = orders.map(
      ({ order, rfcs }) =>
        `${order._id}${order.externalId ? ` (${order.externalId})` : ''} ${order.title}: ` +
        orderSummary(order, rfcs, now, timezone, lang),
    );
    if (share.due)
      lines.push(
        msg(lang, 'digest.orders.onTime', {
          onTime: share.onTime,
          due: share.due,
          percent: Math.round((share.onTime / share.due) * 100),
        }),
      );
    return { heading: msg(lang, 'digest.orders.heading'), count: orders.length || share.due, lines };
  };
}
