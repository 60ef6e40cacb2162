import { InboundReceipt } from './inbound-receipt.model';

export type ClaimResult = 'claimed' | 'duplicate';

/**
 * Claims an inbound delivery for this process. The same event delivered again (Slack retries,
 * Matrix re-sync, another process) gets 'duplicate'; a claim left 'handling' by a dead process
 * for longer than `leaseMs` is taken over, so an event in hand during a crash is not lost.
 */
export async function claimEvent(platform: string, eventId: string, owner: string, now: Date, leaseMs = 120_000): Promise<ClaimResult> {
  try {
    await InboundReceipt.create({ platform, eventId, state: 'handling', claimedBy: owner, claimedAt: now });
    return 'claimed';
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  const stale = new Date(now.getTime() - leaseMs);
  const taken = await InboundReceipt.findOneAndUpdate(
    { platform, eventId, state: 'handling', claimedAt: { $lt: stale } },
    { $set: { claimedBy: owner, claimedAt: now } },
  );
  return taken ? 'claimed' : 'duplicate';
}

export async function markEventDone(platform: string, eventId: string, now: Date): Promise<void> {
  await InboundReceipt.updateOne({ platform, eventId }, { $set: { state: 'done', doneAt: now } });
}
