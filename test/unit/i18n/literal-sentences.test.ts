/**
 * No user-facing sentence bypasses the message catalog: in the modules listed here every string
 * literal is a catalog key or a bit of layout, never words. A literal sentence added to one of them
 * (by hand or by a merge) fails here with its file and line. What is not scanned: log lines (for
 * operators reading the log), `throw new Error(...)` (a bug, answered with the catalog's failure
 * notice), and a command definition's `summary`, `usage` and `examples` (the command reference
 * stays English: src/i18n/help-summaries.ts translates what a teacher may run).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const REPO = join(__dirname, '..', '..', '..');

/**
 * The modules whose every sentence comes from the catalog (`only`: just these functions; `except`:
 * functions and constants that write a note stored on a record, which is data written once in English,
 * or a label never shown).
 */
const IN_CATALOG: Array<{ file: string; only?: string[]; except?: string[] }> = [
  { file: 'src/tickets/render-receipt.ts' },
  { file: 'src/tickets/render-floods.ts' },
  { file: 'src/tickets/render-ticket.ts' },
  { file: 'src/tickets/render-report-changes.ts' },
  { file: 'commands/handlers/report-changes.ts' },
  { file: 'src/tickets/comment-limits.ts' },
  { file: 'src/tickets/ticket-notifier.ts' },
  { file: 'commands/handlers/service-desk.ts' },
  { file: 'commands/ticket.ts' },
  { file: 'commands/parse-args.ts' },
  { file: 'src/bot/render-refusals.ts' },
  { file: 'src/bot/help-text.ts' },
  { file: 'src/bot/run-command.ts' },
  { file: 'src/bot/intake.ts', only: ['answerError'] },
  { file: 'src/bot/check-roles.ts', only: ['checkRoles'] },
  { file: 'src/problems/render-problem.ts' },
  { file: 'commands/problem.ts' },
  {
    file: 'src/tickets/render-fix-question.ts',
    except: ['autoClosedNote', 'STILL_BROKEN_NOTE', 'followUpNote', 'solvedByWorkaroundNote'],
  },
  { file: 'commands/handlers/fix-answers.ts' },
  { file: 'commands/handlers/recurring-reports.ts' },
  { file: 'src/votes/vote-card.ts' },
  { file: 'src/votes/render-vote-notices.ts' },
  { file: 'commands/handlers/ccb-votes.ts' },
  { file: 'commands/deploy.ts' },
  { file: 'commands/deploy-at.ts' },
  { file: 'commands/deploy-pilot.ts' },
  { file: 'commands/inventory.ts' },
  { file: 'commands/use-cases/deploy-preconditions.ts' },
  { file: 'commands/use-cases/scheduled-start.ts' },
  { file: 'src/deploy/render-pilot.ts' },
  { file: 'src/deploy/render-chase.ts' },
  { file: 'src/deploy/render-scheduled.ts' },
  { file: 'src/deploy/render-hosts.ts' },
  { file: 'src/deploy/pilot-gate.ts' },
  { file: 'src/deploy/scheduled-starts.ts', except: ['cancel'] }, // its outcome is stored on the record
  // STORED: reasons and notes stored on the deployment or the RFC's record (English data).
  { file: 'src/deploy/deployment-start.ts', except: ['STORED'] },
  { file: 'src/deploy/deployment-service.ts', except: ['STORED'] },
  { file: 'src/inventory/inventory-service.ts', only: ['get', 'resolve'] },
  { file: 'src/inventory/select-targets.ts', only: ['describeQuery'] },
  { file: 'adapters/shell/console-adapter.ts' },
  { file: 'adapters/shell/console-syntax.ts', except: ['CONSOLE_HELP', 'USAGE'] }, // the console's syntax: reference
  { file: 'commands/chase.ts' },
  { file: 'commands/rollback.ts', except: ['storedTargetsText', 'storedStopReason'] },
  { file: 'src/deploy/render-deployment.ts', except: ['chaseIncidentText', 'CANCELLED_REASON'] },
  { file: 'src/deploy/deployment.model.ts', only: ['deploymentLabel', 'deploymentLabelSaid', 'deploymentStateSaid'] },
  { file: 'src/digest/render-digest.ts' },
  { file: 'src/stats/render-stats.ts' },
  { file: 'src/sla/render-sla.ts' },
  { file: 'src/stats/period.ts', except: ['previousPeriod'] }, // its label is never shown
  { file: 'commands/stats.ts' },
  { file: 'src/digest/digest-figures.ts', only: ['slaDetail'] },
  { file: 'src/digest/sources/ccb-votes.ts' },
  { file: 'src/digest/sources/deployments.ts' },
  { file: 'src/digest/sources/change-orders.ts', only: ['changeOrdersSource'] },
];

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
    const text =
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)
        ? node.text
        : undefined;
    if (scope && text !== undefined && WORDS.test(text) && !NOT_SENT.has(text) && !PLACEHOLDER.test(text)) {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${file}:${line + 1}: ${JSON.stringify(text)}`);
    }
    if (ts.isCallExpression(node) && /\blog\.\w+$/u.test(node.expression.getText(sf))) return;
    ts.forEachChild(node, (child) => visit(child, scope));
  };
  visit(sf, !only);
  return found;
}

test('the listed modules take every user-facing sentence from the catalog', () => {
  const found = IN_CATALOG.flatMap((m) =>
    literalSentences(m.file, readFileSync(join(REPO, m.file), 'utf8'), m.only, m.except),
  );
  expect(found).toEqual([]);
});

test('the check sees a literal sentence, and skips logs, bugs and the command reference', () => {
  const source = `
    function a(ctx) { return ctx.reply(\`\${key} is now closed.\`); }
    function b() { log.info({ n: 1 }, 'sent the digest'); throw new Error('default sub-command is missing'); }
    const c = { summary: 'List the cases.', usage: 'ticket list [open|mine]', examples: ['ticket list open'] };
    function d(lang) { return msg(lang, 'ticket.closed', { key }); }
  `;
  expect(literalSentences('x.ts', source)).toEqual(['x.ts:2: " is now closed."']);
  expect(literalSentences('x.ts', source, ['b', 'd'])).toEqual([]);
});
