import mongoose from 'mongoose';
import { InboundReceipt } from '../../src/bot/inbound-receipt.model';

/**
 * Every collection of the connected database but the delivery receipts (which every event
 * legitimately writes), as JSON: equal snapshots before and after an input mean it changed nothing.
 */
export async function dataSnapshot(): Promise<string> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('no database connection');
  const names = (await db.listCollections().toArray()).map((c) => c.name).filter((n) => n !== InboundReceipt.collection.name).sort();
  const parts: string[] = [];
  for (const name of names) parts.push(name, JSON.stringify(await db.collection(name).find().toArray()));
  return parts.join('\n');
}
