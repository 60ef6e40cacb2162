import type { Person } from '../people/person';
import { FINAL_STATES, type ChangeState } from './change-lifecycle';
import { Rfc, type RfcDoc } from './rfc.model';

export type RfcListFilter = 'open' | 'voting' | 'mine' | 'all' | ChangeState;

/** `rfc list`: the newest `limit` changes of a filter, and how many there are. */
export async function listRfcs(
  filter: RfcListFilter,
  viewer: Pick<Person, 'id'>,
  limit: number,
): Promise<{ items: RfcDoc[]; total: number }> {
  const q: Record<string, unknown> = {};
  if (filter === 'open') q.state = { $nin: [...FINAL_STATES] };
  else if (filter === 'voting') q.state = { $in: ['proposed', 'release-vote'] };
  else if (filter === 'mine') q.requesterId = String(viewer.id);
  else if (filter !== 'all') q.state = String(filter);
  const [items, total] = await Promise.all([
    Rfc.find(q).sort({ number: -1 }).limit(limit).lean<RfcDoc[]>(),
    Rfc.countDocuments(q),
  ]);
  return { items, total };
}
