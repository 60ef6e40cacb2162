import type { ChangeTemplate, RfcFieldName } from '../config/sections/changes';
import type { ChangeType } from './change-lifecycle';
import { approvedContent, type ContentSource } from './approved-content';
import { refuse, type Decision, type PolicyRfc, type PolicySettings, type Refusal } from './change-policy-core';
import * as say from './render-policy';
import type { Said } from '../i18n/refusal';

/** The change policy for standard changes: a template is their approval and their limit. */

/** The standard-change template an RFC names, if configured. */
export function templateOf(rfc: Pick<PolicyRfc, 'template'>, s: PolicySettings): ChangeTemplate | undefined {
  return rfc.template ? s.templates.find((t) => t.id === rfc.template) : undefined;
}

/** The targets a template may reach. */
export function templateTargets(t: ChangeTemplate): string[] {
  return t.allowedTargets ?? t.targets;
}

/** The packages and versions a template allows, as `name version`. */
export function templatePackages(t: ChangeTemplate): Array<{ name: string; version: string }> {
  if (t.allowedPackages)
    return t.allowedPackages.flatMap((p) => p.versions.map((version) => ({ name: p.name, version })));
  return t.package ? [t.package] : [];
}

/**
 * What a standard RFC does outside its template's limits (empty when within). `complete` also
 * requires its targets (a draft may not have them yet; scheduling and deploying need them).
 */
export function templateProblems(t: ChangeTemplate, rfc: ContentSource, opts: { complete?: boolean } = {}): Said[] {
  const c = approvedContent(rfc);
  const out: Said[] = [];
  if (c.type !== 'standard') out.push(say.templateProblems.type(c.type));
  if (c.risk !== t.risk) out.push(say.templateProblems.fixed('risk', t.risk));
  if (t.testPlan !== undefined && c.testPlan !== t.testPlan)
    out.push(say.templateProblems.fixed('testPlan', t.testPlan));
  if (t.backoutPlan !== undefined && c.backoutPlan !== t.backoutPlan)
    out.push(say.templateProblems.fixed('backoutPlan', t.backoutPlan));
  const allowed = templateTargets(t).map((x) => x.toLowerCase());
  if (!c.targets.length && opts.complete !== false) out.push(say.templateProblems.noTargets());
  const wider = c.targets.filter((x) => !allowed.includes(x.toLowerCase()));
  if (wider.length) out.push(say.templateProblems.targets(wider, templateTargets(t)));
  if (c.package) {
    const pkgs = templatePackages(t);
    const typed = `${c.package.name} ${c.package.version}`;
    if (!pkgs.length) out.push(say.templateProblems.noPackage(typed));
    else if (!pkgs.some((p) => p.name === c.package!.name && p.version === c.package!.version))
      out.push(
        say.templateProblems.pkg(
          typed,
          pkgs.map((p) => `${p.name} ${p.version}`),
        ),
      );
  }
  return out;
}

/** Refusal when a standard RFC is not inside its (configured) template. */
export function templateRefusal(
  rfc: PolicyRfc,
  s: PolicySettings,
  opts: { complete?: boolean } = {},
): Refusal | undefined {
  const t = templateOf(rfc, s);
  if (!t) return refuse('PRECONDITION', 'template', say.noTemplate(rfc.key, rfc.template), say.STANDARD_FIX);
  const problems = templateProblems(t, rfc, opts);
  return problems.length
    ? refuse('PRECONDITION', 'template', say.outsideTemplate(rfc.key, t.id, problems), say.templateFix(t.id))
    : undefined;
}

/**
 * May a new RFC be created with these typed fields (`type` among them, if typed), from `template`
 * if given? Typing `type=standard` never makes a standard change; a template's RFC stays inside
 * its limits. Returns the type the RFC gets.
 */
export function createDecision(input: {
  template?: ChangeTemplate;
  type: 'normal' | 'emergency';
  fields: Partial<Record<RfcFieldName, unknown>>;
}): Decision<{ type: ChangeType }> {
  const typed = input.fields.type as ChangeType | undefined;
  const t = input.template;
  if (!t) {
    if (typed === 'standard')
      return refuse('INVALID_STATE', 'standard-only-from-template', say.standardNotTyped(), say.STANDARD_FIX);
    return { ok: true, type: typed ?? input.type };
  }
  if (typed && typed !== 'standard') return refuse('INVALID_STATE', 'type-fixed', say.templateType(t.id, typed));
  const problems = templateProblems(
    t,
    { ...input.fields, type: 'standard', targets: (input.fields.targets as string[] | undefined) ?? [] },
    { complete: false },
  );
  if (problems.length)
    return refuse('PRECONDITION', 'template', say.outsideTemplate(undefined, t.id, problems), say.templateFix(t.id));
  return { ok: true, type: 'standard' };
}
