import { openOrders, orderSummary } from '../../changes/change-order';
import { onTargetShare } from '../../changes/change-measures';
import type { DigestSource } from '../digest-figures';

/**
 * "Change orders": one line per change order with a change still open (the state of its changes, its target date),
 * and the on-time share of the last 30 days' deployed changes against their target dates.
 */
export function changeOrdersSource(topItems: number, timezone: string): DigestSource {
  return async (now) => {
    const [orders, share] = await Promise.all([
      openOrders(topItems),
      onTargetShare(new Date(now.getTime() - 30 * 86_400_000), now),
    ]);
    if (!orders.length && !share.due) return undefined;
    const lines = orders.map(
      ({ order, rfcs }) =>
        `${order._id}${order.externalId ? ` (${order.externalId})` : ''} ${order.title}: ` +
        orderSummary(order, rfcs, now, timezone),
    );
    if (share.due)
      lines.push(
        `On time against the target date (30 days): ${share.onTime} of ${share.due} ` +
          `(${Math.round((share.onTime / share.due) * 100)}%)`,
      );
    return { heading: 'Change orders', count: orders.length || share.due, lines };
  };
}
