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
  { file: 'commands/ticket-args.ts' },
  { file: 'commands/ticket-triage.ts' },
  { file: 'commands/ticket-replies.ts' },
  { file: 'commands/parse-args.ts' },
  { file: 'src/bot/render-refusals.ts' },
  { file: 'src/bot/help-text.ts' },
  { file: 'src/bot/run-command.ts' },
  { file: 'src/bot/intake.ts', only: ['onOverBudget'] },
  { file: 'src/bot/event-routes.ts', only: ['route', 'onMessage', 'onChanged', 'onReaction', 'answerError'] },
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
  // Its flag checks (zod messages naming the flag) are still English.
  { file: 'commands/deploy.ts', except: ['count', 'parseTargetsAndFlags'] },
  { file: 'commands/chase.ts' },
  { file: 'commands/rollback.ts', except: ['storedTargetsText', 'storedStopReason'] },
  { file: 'src/deploy/render-deployment.ts', except: ['chaseIncidentText', 'CANCELLED_REASON'] },
  { file: 'src/deploy/deployment.model.ts', only: ['deploymentLabel'] },
  { file: 'src/digest/render-digest.ts' },
  { file: 'src/stats/render-stats.ts' },
  { file: 'src/sla/render-sla.ts' },
  { file: 'src/stats/period.ts', except: ['previousPeriod'] }, // its label is never shown
  { file: 'commands/stats.ts' },
  { file: 'src/digest/digest-figures.ts', only: ['slaDetail'] },
  { file: 'src/digest/sources/ccb-votes.ts' },
  { file: 'src/digest/sources/deployments.ts' },
  { file: 'src/digest/sources/change-orders.ts', only: ['changeOrdersSource'] },
  { file: 'src/changes/render-policy.ts' },
  { file: 'src/changes/change-policy.ts' },
  { file: 'src/changes/change-policy-core.ts' },
  { file: 'src/changes/change-policy-deploy.ts' },
  { file: 'src/changes/change-policy-template.ts' },
  { file: 'src/changes/change-lifecycle.ts' },
  { file: 'src/changes/rfc-fields.ts', except: ['LOCAL_FORMATS'] }, // date formats the parser reads
  { file: 'src/changes/render-rfc.ts' },
  { file: 'src/changes/render-conflicts.ts' },
  { file: 'src/changes/conflict-service.ts', only: ['lines'] },
  // The step commands' help (`example`, the summary passed along) is the English command reference.
  { file: 'commands/rfc.ts' },
  { file: 'commands/rfc-common.ts', except: ['WITHDRAWN_NOTE', 'SCHEDULED_NOTE'] },
  { file: 'commands/rfc-steps.ts', except: ['built', 'release', 'close', 'cancel'] },
  { file: 'commands/rfc-board.ts' },
  { file: 'commands/rfc-plan.ts', except: ['REVISED_NOTE'] },
  { file: 'commands/rfc-args.ts' },
  { file: 'commands/rfc-key-arg.ts' },
  { file: 'commands/handlers/rfc-dialogue.ts' },
  { file: 'commands/use-cases/submit-rfc.ts', except: ['SUBMITTED_NOTE'] },
  { file: 'commands/use-cases/standard-change.ts' },
  { file: 'commands/use-cases/edit-rfc.ts' },
  { file: 'commands/use-cases/rfc-conflicts.ts' },
  { file: 'src/changes/change-service.ts', only: ['require', 'assertComplete'] },
  { file: 'src/changes/change-edits.ts', except: ['reopenedReason', 'standardReason'] },
  { file: 'src/changes/change-transition.ts' },
  { file: 'src/changes/start-condition.ts', except: ['metReason'] },
  { file: 'src/changes/revise.ts', except: ['revisedReason'] },
  { file: 'src/changes/completion.ts' },
  { file: 'commands/change-order.ts' },
  { file: 'src/changes/change-order.ts', only: ['requireOrder', 'addToOrder', 'orderSummary'] },
  { file: 'src/votes/vote-service.ts', only: ['open', 'override'], except: ['openedReason'] },
  { file: 'commands/use-cases/rfc-export.ts', only: ['exportChange'] },
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
      (ts.isFunctionDeclaration(node) || ts.isVariableDeclaration(node)) &&
      except.includes(node.name?.getText(sf) ?? '')
    )
      return;
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
