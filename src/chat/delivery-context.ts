/**
 * Which inbound delivery the current code runs for (AsyncLocalStorage): the intake runs each
 * event's handlers inside `inDelivery`, so an adapter can derive what it sends from the event it
 * answers. Matrix builds its transaction ids from it: a process that takes over a dead one's event
 * and sends the same answer again sends it under the same id, and the homeserver keeps one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface Delivery {
  platform: string;
  eventId: string;
  /** Sends so far per purpose, so the n-th send of a purpose gets the same key on every run. */
  sends: Map<string, number>;
}

const current = new AsyncLocalStorage<Delivery>();

export function inDelivery<T>(platform: string, eventId: string, fn: () => T): T {
  return current.run({ platform, eventId, sends: new Map() }, fn);
}

/**
 * A key for the next send of `purpose` (e.g. `post:!room`) while a delivery is handled: the same
 * inbound event, purpose and place in order give the same key. Undefined outside a delivery (jobs).
 */
export function deliverySendKey(purpose: string): string | undefined {
  const d = current.getStore();
  if (!d) return undefined;
  const n = (d.sends.get(purpose) ?? 0) + 1;
  d.sends.set(purpose, n);
  return `${d.platform}|${d.eventId}|${purpose}|${n}`;
}
