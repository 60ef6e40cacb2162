import { createHash } from 'node:crypto';
import {
  APPROVED_FIELDS,
  RFC_FIELD_NAMES,
  type ApprovedFieldName,
  type RfcFieldName,
} from '../config/sections/changes';
import type { ChangeType } from './change-lifecycle';

/**
 * What the CCB approves of a change (the fields of `APPROVED_FIELDS`): its type, its targets as
 * typed, its package and version, its window, its risk and its test and backout plans. Pure.
 */
export interface ApprovedContent {
  type: ChangeType;
  targets: string[];
  package?: { name: string; version: string };
  window?: { start: Date; end: Date };
  risk?: string;
  testPlan?: string;
  backoutPlan?: string;
}

/** How an approval was given: the CCB's vote, a change manager's override, or a standard-change template. */
export type ApprovalHow = 'vote' | 'override' | 'template';

/**
 * The approval decision as stored on the RFC: the stage it approved (the proposal, the release, or
 * a template's pre-approval), the digest and a snapshot of the approved content, the fields that
 * were filled in then, and who approved it.
 */
export interface ApprovalRecord {
  stage: 'approval' | 'release' | 'template';
  /** SHA-256 (hex) of `canonicalContent(content)`. */
  digest: string;
  content: ApprovedContent;
  /** The fields (of every RFC field) that had a value when it was approved. */
  filled: RfcFieldName[];
  how: ApprovalHow;
  /** The people whose approval carried it: the members who voted approve, or the change manager who overrode. */
  approvers: string[];
  /** Who closed it: `opsdesk` for a vote, the change manager for an override, the requester for a template. */
  decidedById: string;
  ballotId?: string;
  template?: string;
  at: Date;
}

/** Anything with the RFC's fields (an RfcDoc, or one with edits applied). */
export type ContentSource = { type: ChangeType; targets?: readonly string[] } & Partial<Record<RfcFieldName, unknown>>;

function has(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  return !Array.isArray(v) || v.length > 0;
}

/** The approved-content fields of an RFC. */
export function approvedContent(rfc: ContentSource): ApprovedContent {
  const r = rfc as Record<string, unknown>;
  const out: ApprovedContent = { type: rfc.type, targets: [...((rfc.targets as string[] | undefined) ?? [])] };
  const pkg = r.package as { name: string; version: string } | undefined;
  if (has(pkg)) out.package = { name: String(pkg!.name), version: String(pkg!.version) };
  const w = r.window as { start: Date; end: Date } | undefined;
  if (has(w)) out.window = { start: new Date(w!.start), end: new Date(w!.end) };
  for (const f of ['risk', 'testPlan', 'backoutPlan'] as const) if (has(r[f])) out[f] = String(r[f]);
  return out;
}

/** One approved field in a fixed, comparable form (null when empty). */
function canonicalField(c: ApprovedContent, f: ApprovedFieldName): unknown {
  switch (f) {
    case 'type':
      return c.type;
    case 'targets':
      return c.targets.map(String);
    case 'package':
      return c.package ? { name: c.package.name, version: c.package.version } : null;
    case 'window':
      return c.window
        ? { start: new Date(c.window.start).toISOString(), end: new Date(c.window.end).toISOString() }
        : null;
    default:
      return c[f] ?? null;
  }
}

/** The approved content as one JSON text, in the fixed order of `APPROVED_FIELDS`. */
export function canonicalContent(c: ApprovedContent): string {
  return JSON.stringify(APPROVED_FIELDS.map((f) => [f, canonicalField(c, f)]));
}

/** SHA-256 of the canonical approved content, hex. */
export function contentDigest(c: ApprovedContent): string {
  return createHash('sha256').update(canonicalContent(c)).digest('hex');
}

/** True when field `f` has the same value in both (empty equals empty). */
export function sameField(a: ApprovedContent, b: ApprovedContent, f: ApprovedFieldName): boolean {
  return JSON.stringify(canonicalField(a, f)) === JSON.stringify(canonicalField(b, f));
}

/** The approved fields that differ between two contents. */
export function changedFields(a: ApprovedContent, b: ApprovedContent): ApprovedFieldName[] {
  return APPROVED_FIELDS.filter((f) => !sameField(a, b, f));
}

/** The RFC fields that have a value. */
export function filledFields(rfc: ContentSource): RfcFieldName[] {
  return RFC_FIELD_NAMES.filter((f) => has((rfc as Record<string, unknown>)[f]));
}

/** The approval record of `rfc` as it stands now. */
export function approvalRecord(
  rfc: ContentSource,
  input: {
    stage: ApprovalRecord['stage'];
    how: ApprovalHow;
    approvers: readonly string[];
    decidedById: string;
    at: Date;
    ballotId?: string;
    template?: string;
  },
): ApprovalRecord {
  const content = approvedContent(rfc);
  return {
    stage: input.stage,
    digest: contentDigest(content),
    content,
    filled: filledFields(rfc),
    how: input.how,
    approvers: [...new Set(input.approvers)],
    decidedById: input.decidedById,
    at: input.at,
    ...(input.ballotId ? { ballotId: input.ballotId } : {}),
    ...(input.template ? { template: input.template } : {}),
  };
}

/** The first 12 hex digits, for people. */
export function shortDigest(digest: string): string {
  return digest.slice(0, 12);
}
