import type { Subcommand } from './command';
import { refusal, said } from '../src/i18n/refusal';
import { msg } from '../src/i18n/catalog';
import {
  Deployment,
  deploymentLabel,
  deploymentLabelSaid,
  TARGET_STATES,
  type DeploymentDoc,
  type TargetState,
} from '../src/deploy/deployment.model';
import { groupedByError, hostDetail } from '../src/deploy/render-show';
import { withOutcomes } from '../src/deploy/target-fold';
import { readTarget, readTargets } from '../src/deploy/target-book';
import { targetsCsv } from '../src/deploy/targets-csv';
import { DEPLOYERS } from '../src/people/role';

interface Args {
  number: number;
  /** A target state, `all`, or a host name. */
  what: string;
  /** Attach the whole list as a CSV file. */
  csv: boolean;
}

/** `deploy show D-12 [failed|unknown|succeeded|…|HOST]`: the hosts of a deployment by state, details on demand. */
export const showCommand: Subcommand<Args> = {
  name: 'show',
  summary:
    'The hosts of a deployment in one state (default failed), grouped by their last line of output; or one ' +
    "host's state and last lines. --csv attaches the whole list as a file.",
  usage: 'deploy show D-N [failed|unknown|unreachable|timed-out|succeeded|skipped|all|HOST] [--csv]',
  examples: [
    'deploy show D-12',
    'deploy show D-12 unknown',
    'deploy show D-12 pc-nordby-05',
    'deploy show D-12 failed --csv',
    'deploy show D-12 all --csv',
  ],
  roles: DEPLOYERS,
  parse(tokens) {
    const m = /^D-?(\d+)$/iu.exec(tokens.words[0] ?? '');
    if (!m) throw refusal('USAGE', said('show.numberMissing'));
    const unknown = Object.keys(tokens.flags).filter((f) => f !== 'csv');
    if (unknown.length) throw refusal('USAGE', said('show.notAnOption', { flag: unknown[0] }));
    const what = (tokens.words[1] ?? 'failed').toLowerCase();
    const csv = tokens.flags.csv === true;
    if (what === 'all' && !csv) throw refusal('USAGE', said('show.allIsForFile'));
    return { number: Number(m[1]), what, csv };
  },
  async run(ctx) {
    const d = await Deployment.findOne({ number: ctx.args.number }).lean<DeploymentDoc>();
    if (!d) throw refusal('NOT_FOUND', said('show.noDeployment', { n: ctx.args.number }), said('show.statusFix'));
    const lang = ctx.person.language;
    const label = deploymentLabel(d, lang);
    const { what } = ctx.args;
    if (what === 'all' || (TARGET_STATES as readonly string[]).includes(what)) {
      const state = what as TargetState;
      const targets = await withOutcomes((await readTargets(d._id)).filter((t) => what === 'all' || t.state === state));
      if (!ctx.args.csv) return void (await ctx.reply(groupedByError(label, what, targets, lang)));
      const file = targetsCsv(d.number, what, targets);
      const summary =
        what === 'all'
          ? msg(lang, 'show.all', { label, count: targets.length })
          : groupedByError(label, what, targets, lang);
      await ctx.reply({ text: `${summary}\n${msg(lang, 'show.attached', { file: file.filename })}`, file });
      return;
    }
    if (ctx.args.csv) throw refusal('USAGE', said('show.csvOneHost'));
    const t = await readTarget(d._id, what);
    if (!t)
      throw refusal(
        'NOT_FOUND',
        said('show.neither', { what, label: deploymentLabelSaid(d) }),
        said('show.neitherFix', { n: d.number, states: TARGET_STATES.join(', ') }),
      );
    await ctx.reply(hostDetail(label, (await withOutcomes([t]))[0], lang));
  },
};
