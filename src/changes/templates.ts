import type { ChangeTemplate, RfcFieldName } from '../config/sections/changes';

/** The RFC fields a standard-change template fills in. */
export function templateFields(t: ChangeTemplate): Partial<Record<RfcFieldName, unknown>> {
  const out: Partial<Record<RfcFieldName, unknown>> = { risk: t.risk, priority: t.priority };
  if (t.need) out.need = t.need;
  out.description = t.description ?? t.title;
  if (t.categories.length) out.categories = t.categories;
  if (t.targets.length) out.targets = t.targets;
  if (t.testPlan) out.testPlan = t.testPlan;
  if (t.backoutPlan) out.backoutPlan = t.backoutPlan;
  if (t.communication) out.communication = t.communication;
  if (t.package) out.package = t.package;
  return out;
}
