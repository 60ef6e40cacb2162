import { z } from 'zod';

/** "72h", "3d", "90m", "45s", "1d12h" or ISO 8601 "PT4H". */
export const DURATION_PATTERN = /^(?:\d+[dhms])+$|^P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/u;

const duration = z
  .string()
  .regex(DURATION_PATTERN, 'expected a duration such as "72h", "3d", "90m" or "PT4H"')
  .refine((s) => s !== 'P' && s !== 'PT', { message: 'expected a duration such as "72h"' });

/** Quorum, threshold and deadline of one change type's CCB votes. */
const voteRule = (quorum: number, deadline: string) =>
  z
    .object({
      /** Members who must vote (approve, reject or abstain) for the vote to count. */
      quorum: z.number().int().min(1).default(quorum),
      /** Share of approve among approve + reject needed to approve (inclusive). */
      threshold: z.number().gt(0).max(1).default(0.6),
      /** How long the vote stays open. */
      deadline: duration.default(deadline),
      /** Close as soon as the votes still missing cannot change the outcome. */
      closeEarly: z.boolean().default(true),
    })
    .strict()
    .prefault({});

const emojiList = z.array(z.string().min(1)).min(1);

const board = z
  .object({
    /** Named channel (from `channels`) where the board's RFC cards are posted. */
    channel: z.string().min(1).default('ccb'),
    /** Person ids on the board; default: everyone with the `ccb` role. Members must hold the role. */
    members: z.array(z.string()).optional(),
    /** Another board that reviews this board's changes technically before its vote (LANDesk's TAB). */
    technicalReview: z.string().optional(),
  })
  .strict();

/** Which board a change goes to, by its type or one of its categories (the first rule that matches). */
const route = z
  .object({
    type: z.enum(['standard', 'normal', 'emergency']).optional(),
    category: z.string().min(1).optional(),
    board: z.string().min(1),
  })
  .strict();

const priority = z.enum(['low', 'medium', 'high', 'urgent']);
const risk = z.enum(['low', 'medium', 'high']);

/**
 * A standard change: pre-approved, so an RFC from it is scheduled without a CCB vote. The template
 * also bounds what such an RFC may do: its type, risk and plans are fixed, its targets stay inside
 * `allowedTargets` and its package is one of `allowedPackages` (change-policy.ts checks both when
 * the RFC is made or edited and again at `/deploy` and before every wave).
 */
const template = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/u, 'expected a lower-case id such as "printer-driver"'),
    title: z.string().min(1),
    need: z.string().min(1).optional(),
    description: z.string().min(1).optional(),
    risk: risk.default('low'),
    priority: priority.default('medium'),
    categories: z.array(z.string()).default([]),
    targets: z.array(z.string().min(1)).default([]),
    /** The most an RFC from this template may reach (groups, hosts or key=value filters); default: `targets`. */
    allowedTargets: z.array(z.string().min(1)).optional(),
    testPlan: z.string().optional(),
    backoutPlan: z.string().optional(),
    communication: z.string().optional(),
    package: z
      .object({ name: z.string().min(1), version: z.string().min(1) })
      .strict()
      .optional(),
    /** The packages and versions an RFC from this template may ship; default: `package` alone (none without it). */
    allowedPackages: z
      .array(z.object({ name: z.string().min(1), versions: z.array(z.string().min(1)).min(1) }).strict())
      .optional(),
    /** A group deployed first: then the deployment pauses for a go/no-go (default: `deploy.pilot.group`). */
    pilot: z.string().min(1).optional(),
  })
  .strict();

export const RFC_FIELD_NAMES = [
  'title',
  'need',
  'description',
  'type',
  'risk',
  'priority',
  'categories',
  'targets',
  'targetCount',
  'services',
  'users',
  'network',
  'staff',
  'training',
  'window',
  'testPlan',
  'testResults',
  'backoutPlan',
  'backoutTest',
  'communication',
  'package',
  'incidents',
  'externalId',
  'targetDate',
  'startCondition',
  'startConditionRole',
  'completion',
  'downgrade',
] as const;

/** The fields whose values the CCB approves (their digest is recorded at each approval); never post-approval. */
export const APPROVED_FIELDS = ['type', 'targets', 'package', 'window', 'risk', 'testPlan', 'backoutPlan'] as const;

/**
 * The change policy (src/changes/change-policy.ts): who may approve what, what may change after an
 * approval, and how long a deployment's chase may go on.
 */
const policy = z
  .object({
    /**
     * Four eyes: a requester never votes on, overrides or confirms their own RFC; an override needs another change
     * manager.
     */
    fourEyes: z.boolean().default(true),
    /** Fields that may change after an approval without reopening the vote; any other edit reopens it. */
    postApprovalFields: z
      .array(z.enum(RFC_FIELD_NAMES))
      .default(['testResults', 'backoutTest', 'communication', 'incidents', 'externalId', 'targetDate']),
    /** A chase goes on at most until the end of the approved window plus this many hours. */
    chaseGraceHours: z
      .number()
      .min(0)
      .max(24 * 30)
      .default(24),
    /**
     * Planning conflicts (shared hosts in overlapping windows, freezes) refuse submit, schedule and deploy instead of
     * being shown as a warning.
     */
    blockConflicts: z.boolean().default(false),
  })
  .strict()
  .prefault({});

/** Change management: CCB boards, vote rules per change type, emoji, standard-change templates, the policy, signing. */
export const changesSection = () =>
  z
    .object({
      /** The board new RFCs go to. */
      defaultBoard: z.string().default('ccb'),
      boards: z.record(z.string(), board).default({ ccb: { channel: 'ccb' } }),
      /** Boards per change type or category; a change no rule matches goes to `defaultBoard`. */
      routing: z.array(route).default([]),
      votes: z
        .object({
          normal: voteRule(3, '72h'),
          emergency: voteRule(2, '4h'),
          /** When the reminder goes to members who have not voted, as a share of the voting time. */
          remindAt: z.number().gt(0).lt(1).default(0.5),
          /** Reactions (short names or Unicode) counted as each vote; skin tones always match. */
          emoji: z
            .object({
              approve: emojiList.default(['white_check_mark', '+1', 'heavy_check_mark']),
              reject: emojiList.default(['x', '-1', 'no_entry']),
              abstain: emojiList.default(['shrug']),
            })
            .strict()
            .prefault({}),
        })
        .strict()
        .prefault({}),
      /** Fields an RFC needs before it can be submitted; the bot asks for the missing ones in turn. */
      requiredFields: z
        .array(z.enum(RFC_FIELD_NAMES))
        .default(['need', 'description', 'risk', 'targets', 'window', 'testPlan', 'backoutPlan']),
      templates: z.array(template).default([]),
      policy,
      /** Where `rfc export` writes the record and its signature. */
      exportDir: z.string().default('./exports'),
      signing: z
        .object({
          /**
           * Folder of `opsdesk keys init` (opsdesk-signing.key.asc, .pub.asc). The private key may
           * instead come from OPSDESK_SIGNING_KEY (armored) or OPSDESK_SIGNING_KEY_FILE, its
           * passphrase from OPSDESK_BOT_KEY_PASSPHRASE. Key files must be mode 0600.
           */
          keyDir: z.string().default('./keys'),
          privateKeyFile: z.string().optional(),
          publicKeyFile: z.string().optional(),
          /**
           * Public keys the bot signed with before (after `opsdesk keys init --force`), so the
           * records they signed still verify.
           */
          previousPublicKeyFiles: z.array(z.string()).default([]),
          /**
           * Without a key the bot refuses to record CCB decisions and overrides, and /readyz reports
           * `signing: not ready`. `true` records without signatures instead, and verification then
           * accepts unsigned entries: the hash chain still shows an accidental change, but not a
           * forger who recomputes the hashes. For demos and tests only.
           */
          allowUnsigned: z.boolean().default(false),
        })
        .strict()
        .prefault({}),
    })
    .strict()
    .superRefine((c, ctx) => {
      if (!c.boards[c.defaultBoard]) {
        ctx.addIssue({
          code: 'custom',
          path: ['defaultBoard'],
          message: `no board "${c.defaultBoard}" in changes.boards`,
        });
      }
      for (const [id, b] of Object.entries(c.boards))
        if (b.technicalReview && (!c.boards[b.technicalReview] || b.technicalReview === id))
          ctx.addIssue({
            code: 'custom',
            path: ['boards', id, 'technicalReview'],
            message: `no other board "${b.technicalReview}" in changes.boards`,
          });
      c.routing.forEach((r, i) => {
        if (!c.boards[r.board])
          ctx.addIssue({ code: 'custom', path: ['routing', i, 'board'], message: `no board "${r.board}"` });
      });
      const ids = new Set<string>();
      c.templates.forEach((t, i) => {
        if (ids.has(t.id))
          ctx.addIssue({
            code: 'custom',
            path: ['templates', i, 'id'],
            message: `template id "${t.id}" is used twice`,
          });
        ids.add(t.id);
        const allowed = (t.allowedTargets ?? t.targets).map((x) => x.toLowerCase());
        const wider = t.targets.filter((x) => !allowed.includes(x.toLowerCase()));
        if (wider.length)
          ctx.addIssue({
            code: 'custom',
            path: ['templates', i, 'targets'],
            message: `${wider.join(', ')} not in allowedTargets`,
          });
        const pkg = t.package;
        if (
          pkg &&
          t.allowedPackages &&
          !t.allowedPackages.some((p) => p.name === pkg.name && p.versions.includes(pkg.version))
        ) {
          ctx.addIssue({
            code: 'custom',
            path: ['templates', i, 'package'],
            message: `${pkg.name} ${pkg.version} is not in allowedPackages`,
          });
        }
      });
      c.policy.postApprovalFields.forEach((f, i) => {
        if ((APPROVED_FIELDS as readonly string[]).includes(f)) {
          ctx.addIssue({
            code: 'custom',
            path: ['policy', 'postApprovalFields', i],
            message: `${f} is approved content (${APPROVED_FIELDS.join(', ')}); it cannot change after approval`,
          });
        }
      });
    });

export type ChangesConfig = z.infer<ReturnType<typeof changesSection>>;
export type VoteRuleConfig = ChangesConfig['votes']['normal'];
export type ChangeTemplate = ChangesConfig['templates'][number];
export type RfcFieldName = (typeof RFC_FIELD_NAMES)[number];
export type ApprovedFieldName = (typeof APPROVED_FIELDS)[number];
export type ChangePolicyConfig = ChangesConfig['policy'];
