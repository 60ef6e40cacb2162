/**
 * No user-facing sentence bypasses the message catalog: every module under src/, commands/, adapters/
 * and jobs/ is scanned by default (a new module is checked without anyone listing it), and in each every
 * string literal is a catalog key or a bit of layout, never words. A literal sentence added anywhere (by
 * hand or by a merge) fails here with its file and line. What is not scanned: the catalog itself
 * (src/i18n/), log lines (for operators reading the log), `throw new Error(...)` (a bug, answered with the
 * catalog's failure notice), a command definition's `summary`, `usage` and `examples` (the command
 * reference stays English: src/i18n/help-summaries.ts translates what a teacher may run), module names
 * in imports, and what the two lists below name, each with its reason: PARTLY (a module's functions or
 * constants that stay English by design: records) and EXCLUDED (modules whose literals are data, not
 * sentences for a person). An EXCLUDED entry whose module has no literal sentence left fails too.
 */
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ts from 'typescript';

const REPO = join(__dirname, '..', '..', '..');

/** Where the bot's modules live: every .ts file under these is scanned. */
const ROOTS = ['src', 'commands', 'adapters', 'jobs'];

/** The catalog: its sentences are the point. */
const CATALOG = 'src/i18n/';

/**
 * Converted modules with parts that stay English by design (`only`: just these functions are scanned;
 * `except`: these functions, methods and constants are not). Each says why.
 */
const PARTLY: Record<string, { only?: string[]; except?: string[] }> = {
  // Notes stored in the case's history (records, written once in English).
  'src/tickets/render-fix-question.ts': {
    except: ['autoClosedNote', 'STILL_BROKEN_NOTE', 'followUpNote', 'solvedByWorkaroundNote'],
  },
  // The stored targets text and stop reason of a rollback (records).
  'commands/rollback.ts': { except: ['storedTargetsText', 'storedStopReason'] },
  // The chase incident's text (a case's text: a record) and the stored cancel reason.
  'src/deploy/render-deployment.ts': { except: ['chaseIncidentText', 'CANCELLED_REASON'] },
  // PILOT_WAITING: the stored reason of a pilot pause (shown as the catalog's `pilot.waiting`).
  'src/deploy/deployment.model.ts': { except: ['PILOT_WAITING'] },
  // STORED: reasons and notes stored on the deployment or the RFC's record (English data).
  'src/deploy/deployment-start.ts': { except: ['STORED'] },
  'src/deploy/deployment-service.ts': { except: ['STORED'] },
  // The RFC's history note and the follow-up's title and text (records).
  'src/deploy/complete-exceptions.ts': { except: ['STORED'] },
  // A cancelled start's outcome is stored on its record.
  'src/deploy/scheduled-starts.ts': { except: ['cancel'] },
  // Said to the adapter, which has the platform deliver the event again (never to a person).
  'src/bot/intake.ts': { except: ['SHUTTING_DOWN'] },
  // The console's syntax (`:help`, usage lines): a reference, English like the command reference.
  'adapters/shell/console-syntax.ts': { except: ['CONSOLE_HELP', 'USAGE'] },
  // The grouping key of cases without a school (figures); shown as the catalog's `stats.noSchool`.
  'src/tickets/ticket.model.ts': { except: ['NO_SCHOOL'] },
  // The label of the period before (never shown).
  'src/stats/period.ts': { except: ['previousPeriod'] },
  // Change process: notes and reasons stored on the RFC's audit record (English data), and the step
  // commands' help objects (the English command reference).
  'commands/rfc-common.ts': { except: ['WITHDRAWN_NOTE', 'SCHEDULED_NOTE'] },
  'commands/rfc-steps.ts': { except: ['built', 'release', 'close', 'cancel'] },
  'commands/rfc-plan.ts': { except: ['REVISED_NOTE'] },
  'commands/use-cases/submit-rfc.ts': { except: ['SUBMITTED_NOTE'] },
  'src/changes/rfc-fields.ts': { except: ['LOCAL_FORMATS'] }, // date formats the parser reads
  'src/changes/create-rfc.ts': { except: ['revisionReason'] }, // the reason on a revision's audit record
  'src/changes/conflict-service.ts': { only: ['lines'] },
  'src/changes/change-service.ts': { only: ['require', 'assertComplete'] },
  'src/changes/change-edits.ts': { except: ['reopenedReason', 'standardReason'] },
  'src/changes/start-condition.ts': { except: ['metReason'] },
  'src/changes/revise.ts': { except: ['revisedReason'] },
  'src/changes/change-order.ts': { only: ['requireOrder', 'addToOrder', 'orderSummary'] },
  'src/votes/vote-service.ts': { only: ['open', 'override'], except: ['openedReason'] },
  'commands/use-cases/rfc-export.ts': { only: ['exportChange'] },
  // The audit chain's stored notes: the seal note and the reason stored with a decided vote's move (the record
  // itself); a test's signing-state reason.
  'src/changes/audit-log.ts': { except: ['sealedNote'] },
  'src/votes/ballot-closer.ts': { except: ['decidedReason'] },
  'src/changes/change-signing.ts': { except: ['NO_SIGNER'] },
};

/**
 * Modules whose literals are not sentences for a person, or are data: English by design, each with its reason.
 * (Log lines and `throw new Error` are skipped everywhere; these are the rest.)
 */
const EXCLUDED: Record<string, string> = {
  'src/digest/chart.ts':
    "the chart's default title (the digest passes its own, from the catalog), its worker code and font name",
  'src/people/render-person.ts':
    "an unverified person's label: stored in names and matched against them, so one text (English)",
  'adapters/matrix/attention.ts': 'a label for the log',
  'adapters/matrix/send-queue.ts':
    "the error a send rejects with when the adapter stopped with it queued: for the caller's log (it never reached " +
    'Matrix, so no person can be told there)',
  'adapters/slack/response-urls.ts': 'an HTTP content type, not a sentence',
  'src/bot/event-claim.ts': "an answer to the platform's redelivery (HTTP), not to a person",
  'src/bot/outbound-router.ts': 'a failure for the log (no adapter for a platform)',
  'src/core/format-time.ts': 'date formats (luxon tokens), not sentences',
  'src/core/log.ts': 'a redaction pattern, not a sentence',
  'src/db/claims.ts': "each claim kind's reason: documentation, never sent",
  'src/db/driver-write-guard.ts': 'a guard against a driver misuse: a bug, for the log',
  'src/db/embedded.ts': "the test and demo database's start-up errors (terminal)",
  'src/db/embedded-mongod.ts': "the test and demo database's start-up lines (terminal)",
  'src/deploy/attempt.ts': "a target's error as recorded on its attempt (data, shown as recorded)",
  'src/deploy/record-retry.ts': 'a failure for the log',
  'src/deploy/rfc-completion.ts': "a note stored in the RFC's history (a record, English data)",
  'src/deploy/rfc-progress.ts': "the state 'not run' stored in the RFC's progress (data)",
  'src/deploy/target-exec.ts': "a target's error as recorded on its attempt (data, shown as recorded)",
  'src/deploy/target-fold.ts': 'a failure for the log',
  'src/docs/command-reference.ts': 'writes docs/commands.md, the English command reference',
  'src/docs/update-docs.ts': 'writes docs/commands.md, the English command reference',
  'src/http/health-server.ts': 'health endpoint: read by monitoring, not people in chat',
  'src/http/metrics.ts': 'metrics help texts: read by Prometheus',
  'src/problems/problem-service.ts': "a note stored in the case's history (a record, English data)",
  'src/problems/similarity.ts': 'stop words of the similarity measure (both languages), not a sentence',
  'src/ssh/shell-quote.ts': 'shell code sent to the target, not to a person',
  'src/ssh/ssh-session.ts': "a target's error as recorded on its attempt (data, shown as recorded)",
  'src/tickets/report-changes.ts': "notes stored in the case's history when a report is edited or removed (records)",
};

/**
 * Literals that are not sent as they are: notes stored in a case's history (a record, written once
 * in English, like every stored note).
 */
const NOT_SENT = new Set(['the reporter answered', 'confirmed by the reporter']);

/** The properties of a command definition that make up the (English) command reference. */
const REFERENCE = new Set(['summary', 'usage', 'examples']);

/** Two words in a row: a sentence, not a key (`notice.status`) or layout (`${a} · ${b}`). */
const WORDS = /\p{L}{2,}[\s,;:]+\p{L}{2,}/u;

/** A usage line's placeholder (`WHAT WAS DONE`): the same in every language, like the command's words. */
const PLACEHOLDER = /^[A-Z][A-Z .|-]+$/u;

/**
 * A template read whole, each substitution as a gap between words: `${key} is ${state} already.`
 * reads "… is … already." (a sentence); `dm:${id}`, `deploy.label.${x}` or `${a}: ${b}` do not.
 */
function templateText(parts: string[]): string {
  return parts.join(' \u2026 ');
}

/** Two words with only spaces, punctuation or substitutions between them (a template's sentence). */
const TEMPLATE_WORDS = /\p{L}{2,}[\s,;:\u2026]+\p{L}{2,}/u;

function literalSentences(file: string, source: string, only?: string[], except: string[] = []): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node, inScope: boolean) => {
    let scope = inScope;
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name)
      scope = !only || only.includes(node.name.getText(sf));
    if (ts.isPropertyAssignment(node) && REFERENCE.has(node.name.getText(sf))) return;
    if (
      (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isVariableDeclaration(node)) &&
      except.includes(node.name?.getText(sf) ?? '')
    )
      return;
    // A module's name (`node:crypto`) is not a sentence.
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isNewExpression(node) && node.expression.getText(sf) === 'Error') return;
    // A template is read whole (templateText).
    const text = ts.isTemplateExpression(node)
      ? templateText([node.head.text, ...node.templateSpans.map((s) => s.literal.text)])
      : ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
        ? node.text
        : undefined;
    if (
      scope &&
      text !== undefined &&
      (ts.isTemplateExpression(node) ? TEMPLATE_WORDS : WORDS).test(text) &&
      !NOT_SENT.has(text) &&
      !PLACEHOLDER.test(text)
    ) {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${file}:${line + 1}: ${JSON.stringify(text)}`);
    }
    // A log line: `log.info(…)`, `this.deps.log.warn(…)`, `this.eventLog(event).debug(…)`.
    if (
      ts.isCallExpression(node) &&
      /log\w*(\(.*\))?\.(trace|debug|info|warn|error|fatal)$/iu.test(node.expression.getText(sf))
    )
      return;
    ts.forEachChild(node, (child) => visit(child, scope));
  };
  visit(sf, !only);
  return found;
}

/** Every .ts file under the roots of `repo`, as repository paths, the catalog left out. */
function modulesUnder(repo: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  return ROOTS.filter((r) => existsSync(join(repo, r)))
    .flatMap((r) => walk(join(repo, r)))
    .map((f) => relative(repo, f).split('\\').join('/'))
    .filter((f) => !f.startsWith(CATALOG))
    .sort();
}

/** The literal sentences of every module under `repo` that is not EXCLUDED. */
function sentencesIn(repo: string): string[] {
  return modulesUnder(repo)
    .filter((f) => !(f in EXCLUDED))
    .flatMap((f) => literalSentences(f, readFileSync(join(repo, f), 'utf8'), PARTLY[f]?.only, PARTLY[f]?.except));
}

test('every module under src/, commands/, adapters/ and jobs/ takes its sentences from the catalog', () => {
  expect(sentencesIn(REPO)).toEqual([]);
});

test('the lists name modules that exist, and a listed module still has a literal sentence', () => {
  const modules = new Set(modulesUnder(REPO));
  const listed = Object.keys(EXCLUDED);
  const missing = [...listed, ...Object.keys(PARTLY)].filter((f) => !modules.has(f));
  const converted = listed.filter(
    (f) => modules.has(f) && !literalSentences(f, readFileSync(join(REPO, f), 'utf8')).length,
  );
  expect({ missing, converted }).toEqual({ missing: [], converted: [] });
});

test('the check sees a literal sentence, and skips logs, bugs and the command reference', () => {
  const source = `
    import { x } from 'node:crypto';
    function a(ctx) { return ctx.reply(\`\${key} is now closed.\`); }
    function b() { log.info({ n: 1 }, 'sent the digest'); throw new Error('default sub-command is missing'); }
    const c = { summary: 'List the cases.', usage: 'ticket list [open|mine]', examples: ['ticket list open'] };
    function d(lang) { return msg(lang, 'ticket.closed', { key }); }
  `;
  expect(literalSentences('x.ts', source)).toEqual(['x.ts:3: " \u2026  is now closed."']);
  expect(literalSentences('x.ts', source, ['b', 'd'])).toEqual([]);
  // A template whose own words are short, each a word alone between substitutions, is read whole.
  const template = 'function e(ctx) { return ctx.reply(`${key} is ${state} already.`); }';
  expect(literalSentences('y.ts', template)).toEqual(['y.ts:1: " \u2026  is  \u2026  already."']);
  expect(literalSentences('x.ts', source, undefined, ['a'])).toEqual([]);
});

test('a new module with a literal sentence is caught without anyone listing it', () => {
  const repo = mkdtempSync(join(tmpdir(), 'opsdesk-literals-'));
  try {
    mkdirSync(join(repo, 'src', 'lockers'), { recursive: true });
    mkdirSync(join(repo, 'src', 'i18n', 'en'), { recursive: true });
    writeFileSync(
      join(repo, 'src', 'lockers', 'render-locker.ts'),
      'export const lockerOpened = (n: number) => `Locker ${n} is open now.`;\n',
    );
    writeFileSync(
      join(repo, 'src', 'i18n', 'en', 'lockers.ts'),
      "export const l = { 'locker.open': 'Locker is open.' };\n",
    );
    expect(sentencesIn(repo)).toEqual(['src/lockers/render-locker.ts:1: "Locker  \u2026  is open now."']);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
