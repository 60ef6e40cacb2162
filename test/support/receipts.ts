/**
 * What became of inbound deliveries, for tests: a delivery is done when its `done:` claim exists
 * (src/bot/event-claim.ts records it by an insert, not in the receipt).
 */
import { Claim } from '../../src/db/claim-once';
import { InboundReceipt, type InboundReceiptDoc } from '../../src/db/inbound-receipt.model';

/** The event ids (of `platform`, among `eventIds` if given) whose deliveries are done. */
export async function doneEventIds(platform: string | undefined, eventIds?: string[]): Promise<Set<string>> {
  const filter: Record<string, unknown> = {};
  if (platform) filter.platform = platform;
  if (eventIds) filter.eventId = { $in: eventIds };
  const receipts = await InboundReceipt.find(filter).lean<InboundReceiptDoc[]>();
  const keys = receipts.map((r) => `done:${r.platform}|${r.eventId}`);
  const done = new Set(
    (await Claim.find({ _id: { $in: keys } }, { _id: 1 }).lean<Array<{ _id: string }>>()).map((c) => c._id),
  );
  return new Set(
    receipts.filter((r) => r.state === 'done' || done.has(`done:${r.platform}|${r.eventId}`)).map((r) => r.eventId),
  );
}

/** How many deliveries (of `platform`, among `eventIds` if given) have a receipt but are not done. */
export async function pendingDeliveries(platform: string | undefined, eventIds?: string[]): Promise<number> {
  const filter: Record<string, unknown> = {};
  if (platform) filter.platform = platform;
  if (eventIds) filter.eventId = { $in: eventIds };
  const all = await InboundReceipt.countDocuments(filter);
  return all - (await doneEventIds(platform, eventIds)).size;
}
