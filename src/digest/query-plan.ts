/** What `explain` says about one query: the stages it used and whether any scanned the whole collection. */
export interface PlanSummary {
  /** MongoDB stage names (IXSCAN, FETCH, COLLSCAN …) of the winning plan, or the engine's plan text. */
  stages: string[];
  collectionScan: boolean;
  /** The engine said it cannot use indexes for the filter (FerretDB 1.x: filterPushdown false). */
  noPushdown: boolean;
}

function collectStages(node: unknown, out: string[]): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) collectStages(n, out);
    return;
  }
  const o = node as Record<string, unknown>;
  if (typeof o.stage === 'string') out.push(o.stage);
  for (const key of ['inputStage', 'inputStages', 'queryPlan', 'winningPlan', 'shards']) collectStages(o[key], out);
}

/**
 * Reads a MongoDB `explain` result (find, count or aggregate; classic or slot-based engine, also
 * sharded) and FerretDB's (`queryPlanner.Plan` lines from SQLite with `filterPushdown`).
 */
export function summarizePlan(explain: unknown): PlanSummary {
  const e = (explain ?? {}) as Record<string, unknown>;
  const stages: string[] = [];
  const planner = (e.queryPlanner ?? (e.stages as Array<Record<string, unknown>> | undefined)?.[0]?.$cursor) as
    Record<string, unknown> | undefined;
  const cursorPlanner = (planner?.queryPlanner as Record<string, unknown> | undefined) ?? planner;
  collectStages(cursorPlanner?.winningPlan, stages);
  const ferretPlan = cursorPlanner?.Plan;
  if (Array.isArray(ferretPlan)) stages.push(...ferretPlan.map(String));
  const noPushdown = e.filterPushdown === false;
  // MongoDB: COLLSCAN. SQLite: "SCAN table" without "USING … INDEX" ("IXSCAN" has no word boundary before SCAN).
  const collectionScan = stages.some(
    (s) => s === 'COLLSCAN' || (/\bSCAN\b/u.test(s) && !/USING (COVERING )?INDEX/u.test(s)),
  );
  return { stages, collectionScan, noPushdown };
}
