import { z } from 'zod';
import { ROLES } from '../people/role';
import { changesSection } from './sections/changes';
import { deploySection } from './sections/deploy';
import { digestSection, zone as timezone } from './sections/digest';
import { housekeepingSection } from './sections/housekeeping';
import { intakeSection } from './sections/intake';
import { limitsSection } from './sections/limits';
import { matrixSection } from './sections/matrix';
import { slackSection } from './sections/slack';
import { refuseDuplicatePeople } from './unique-people';
import { LANGUAGES } from '../i18n/languages';
import { allLanguages, URGENT_WORDS, WIDE_IMPACT_WORDS } from '../i18n/keywords';

export const personSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/u, 'config.expect.personId'),
    name: z.string().min(1),
    school: z.string().optional(),
    email: z.string().email().optional(),
    roles: z.array(z.enum(ROLES)).min(1),
    /** Platform user ids: console name, Slack user id (U…), Matrix user id (@user:server). */
    identities: z.record(z.string(), z.string().min(1)).default({}),
    /** The language opsdesk speaks to this person; default: organisation.language. */
    language: z.enum(LANGUAGES).optional(),
  })
  .strict();

export const categorySchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/u, 'config.expect.categoryName'),
    keywords: z.array(z.string().min(1)).default([]),
  })
  .strict();

/** Named channels per platform: `operators: { console: '#operators', slack: 'C0123', matrix: '!abc:server' }`. */
export const channelSchema = z.record(z.string(), z.string().min(1));

export const configSchema = z
  .object({
    organisation: z
      .object({
        /** Shown before the digest's title and in an exported change record; none by default. */
        name: z.string().min(1).optional(),
        timezone: timezone.default('Europe/Oslo'),
        /** The language of people who have none set (`en`, `nb`). */
        language: z.enum(LANGUAGES).default('en'),
      })
      .strict()
      .prefault({}),
    people: z.array(personSchema).superRefine(refuseDuplicatePeople).default([]),
    schools: z.array(z.string()).default([]),
    categories: z.array(categorySchema).default([]),
    priorities: z
      .object({
        /** Words that make a case more urgent (P2 or P1 with impact words). */
        urgentWords: z.array(z.string()).default(allLanguages(URGENT_WORDS)),
        /** Words that say many people are affected. */
        wideImpactWords: z.array(z.string()).default(allLanguages(WIDE_IMPACT_WORDS)),
        /** Default priority when no word matches. */
        default: z.enum(['P1', 'P2', 'P3', 'P4']).default('P3'),
      })
      .strict()
      .prefault({}),
    tickets: z
      .object({
        /** Days after resolution during which the reporter may still `reopen` or `confirm`. */
        reopenDays: z.number().int().min(0).max(365).default(14),
        /** Longest report, comment or thread reply accepted, in characters; longer ones are refused with a hint. */
        maxTextLength: z.number().int().min(100).max(100_000).default(4000),
        /**
         * Most entries (report, comments, changes) a case holds; comments past it are refused with a
         * hint. Lowered where needed so that this many entries of maxTextLength fit in one MongoDB
         * document (16 MB): see caseEventCap in src/tickets/case-size.ts.
         */
        maxEvents: z.number().int().min(20).max(5000).default(500),
        /** A resolved case nobody confirms or reopens closes itself after this many school days (0: never). */
        autoCloseSchoolDays: z.number().int().min(0).max(60).default(5),
        /** A staff thread reply starting with this is an internal note, not a reply to the reporter. */
        internalMarker: z.string().trim().min(1).max(40).default('(internal)'),
        /** `count` similar reports at one school within `days` raise one alert proposing a problem record. */
        recurring: z
          .object({
            count: z.number().int().min(2).max(100).default(3),
            days: z.number().min(0.1).max(90).default(7),
            /** Where the alert goes (a name from `channels:`). */
            alertTo: z.string().default('operators'),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    channels: z.record(z.string(), channelSchema).default({}),
    console: z
      .object({
        enabled: z.boolean().default(true),
        /** The person speaking when the console starts (a config person id or a console identity). */
        defaultUser: z.string().default('operator'),
      })
      .strict()
      .prefault({}),
    http: z
      .object({
        enabled: z.boolean().default(true),
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
      })
      .strict()
      .prefault({}),
    database: z
      .object({
        /** Folder of the embedded database used when MONGODB_URI is not set. */
        dataDir: z.string().default('./data'),
        /**
         * Exit (code 1) when the database has not answered a ping for this long, so a supervisor
         * (Docker restart policy, systemd, Kubernetes) restarts the process; 0 never exits.
         */
        unreachableExitMs: z.number().int().min(0).default(120_000),
      })
      .strict()
      .prefault({}),
    jobs: z
      .object({
        /** How often Agenda looks for due jobs. */
        processEveryMs: z.number().int().min(50).default(2000),
        /** Lock lifetime; jobs touch their lock well within it. */
        lockLifetimeMs: z
          .number()
          .int()
          .min(1000)
          .default(10 * 60_000),
        /** Bounded shutdown: jobs get this long to finish before their locks are released. */
        shutdownGraceMs: z.number().int().min(0).default(10_000),
      })
      .strict()
      .prefault({}),
    slack: slackSection.prefault({}),
    matrix: matrixSection.prefault({}),
    changes: changesSection.prefault({}),
    deploy: deploySection.prefault({}),
    digest: digestSection.prefault({}),
    housekeeping: housekeepingSection.prefault({}),
    intake: intakeSection.prefault({}),
    limits: limitsSection.prefault({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type PersonConfig = z.infer<typeof personSchema>;
