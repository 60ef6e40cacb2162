import type { HostDoc } from '../inventory/host.model';
import type { InventoryService } from '../inventory/inventory-service';
import type { RfcLike } from './change-port';
import { resolveNames } from './deploy-gate';
import { rfcProgress } from './rfc-progress';

/**
 * The hosts of a `/deploy` with its pilot first, when the pilot gate applies: the pilot group (the
 * typed `--pilot`, the template's, or `deploy.pilot.group`) holds some of the hosts but not all,
 * and not all of those succeeded already (a pilot that ran before is not run again as one).
 */
export async function planPilot(
  inventory: InventoryService,
  rfc: RfcLike,
  hosts: readonly HostDoc[],
  group: string | undefined,
): Promise<{ hosts: HostDoc[]; pilot?: { group: string; hosts: string[] } }> {
  if (!group) return { hosts: [...hosts] };
  const members = resolveNames(await inventory.all(), [group]);
  const pilot = hosts.filter((h) => members.has(h.name));
  const rest = hosts.filter((h) => !members.has(h.name));
  if (!pilot.length || !rest.length) return { hosts: [...hosts] };
  const done = new Set((await rfcProgress(inventory, rfc)).succeeded);
  if (pilot.every((h) => done.has(h.name))) return { hosts: [...hosts] };
  return { hosts: [...pilot, ...rest], pilot: { group, hosts: pilot.map((h) => h.name) } };
}

/**
 * `--canary N|GROUP|HOST,HOST`: a count takes the first N hosts; a group or a list takes those of
 * the hosts, put first. The hosts in order and the canary's size.
 */
export async function planCanary(
  inventory: InventoryService,
  hosts: readonly HostDoc[],
  spec: string | number,
): Promise<{ hosts: HostDoc[]; canary: number }> {
  if (typeof spec === 'number') return { hosts: [...hosts], canary: spec };
  const chosen = resolveNames(await inventory.all(), spec.split(',').filter(Boolean));
  const canary = hosts.filter((h) => chosen.has(h.name));
  return { hosts: [...canary, ...hosts.filter((h) => !chosen.has(h.name))], canary: canary.length };
}
