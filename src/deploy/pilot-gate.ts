import type { Logger } from 'pino';
import type { MessageRef } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import type { OutMessage } from '../chat/out-message';
import { normalizeReaction } from '../chat/emoji';
import type { Config } from '../config/schema';
import type { JobScheduler } from '../core/job-scheduler';
import { DEPLOY_RUN_JOB } from '../core/job-names';
import { claimOnceRetried } from '../db/claim-once';
import { claims } from '../db/claims';
import { hasRole, type Person } from '../people/person';
import { Deployment, deploymentLabelSaid, deploymentStateSaid, type DeploymentDoc } from './deployment.model';
import { readTargets, skipPending, writeTargets } from './target-book';
import { countStates } from './progress';
import { goNote, noGoNote, noGoReason, notDecider, pilotCard } from './render-pilot';
import { refusal, said } from '../i18n/refusal';
import type { Lang } from '../i18n/languages';
import { newRunnerId } from './lease';

export interface PilotHost {
  latest(rfcKey: string, kind?: DeploymentDoc['kind']): Promise<DeploymentDoc | null>;
  note(d: DeploymentDoc, msg: string | OutMessage): Promise<void>;
  /** The deployment ended (the no-go): RFC, completion, once. */
  ended(d: DeploymentDoc): Promise<void>;
  /** Runs the deployment in this process now, not at the job's next poll (local-runs.ts). */
  launch(id: DeploymentDoc['_id']): void;
}

export interface PilotDeps {
  config: Config;
  log: Logger;
  outbound: OutboundPort;
  jobs: JobScheduler;
}

/**
 * The pilot gate: a deployment with a pilot runs the pilot group's hosts (wave 0), then pauses
 * (the runner) and this posts a go/no-go card. A release manager (or a CCB member:
 * `deploy.pilot.decidedBy`) answers once, by reaction on the card or `deploy go|no-go RFC`: go
 * runs the rest; no-go ends it (cancelled) and offers the rollback of the pilot hosts.
 */
export class PilotGate {
  constructor(
    private readonly deps: PilotDeps,
    private readonly host: PilotHost,
  ) {}

  private get by(): 'release-manager' | 'ccb' {
    return this.deps.config.deploy.pilot.decidedBy;
  }

  /** The card and the notes are read in the deployment's channel: the organisation's language. */
  private get lang(): Lang {
    return this.deps.config.organisation.language;
  }

  /** The runner paused at the gate: the card, once. */
  async open(d: DeploymentDoc): Promise<void> {
    const r = await Deployment.updateOne(
      { _id: d._id, 'pilot.state': 'running' },
      { $set: { 'pilot.state': 'waiting' } },
    );
    if (!r.modifiedCount || !d.pilot) return;
    const pilot = (await readTargets(d._id)).filter((t) => t.wave === 0);
    const emoji = this.deps.config.changes.votes.emoji;
    const msg = pilotCard(
      d,
      countStates(pilot.map((t) => t.state)),
      this.by,
      {
        go: emoji.approve[0],
        noGo: emoji.reject[0],
      },
      this.lang,
    );
    try {
      const card = await this.deps.outbound.post(d.conversation, msg);
      await Deployment.updateOne({ _id: d._id }, { $set: { 'pilot.card': card } });
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'go/no-go card not posted');
      await this.host.note(d, msg);
    }
  }

  /** A reaction on a go/no-go card; false when the message is not one (or the reaction is neither). */
  async react(target: MessageRef, reaction: string, person: Person): Promise<boolean> {
    const d = await Deployment.findOne({
      'pilot.card.messageId': target.messageId,
      'pilot.card.platform': target.platform,
    }).lean<DeploymentDoc>();
    if (!d?.rfcKey) return false;
    const r = normalizeReaction(reaction);
    const emoji = this.deps.config.changes.votes.emoji;
    const go = emoji.approve.map(normalizeReaction).includes(r);
    if (!go && !emoji.reject.map(normalizeReaction).includes(r)) return false;
    await this.decide(d.rfcKey, person, go);
    return true;
  }

  /** `deploy go|no-go RFC` (or a reaction): decided once, by the configured role. */
  async decide(rfcKey: string, person: Person, go: boolean): Promise<DeploymentDoc> {
    const d = await this.host.latest(rfcKey, 'deploy');
    if (!d || d.state !== 'paused' || d.pilot?.state !== 'waiting')
      throw refusal(
        'INVALID_STATE',
        d
          ? said('pilot.noneWaitingState', {
              key: rfcKey,
              label: deploymentLabelSaid(d),
              state: deploymentStateSaid(d.state),
            })
          : said('pilot.noneWaiting', { key: rfcKey }),
        said('pilot.statusFix', { key: rfcKey }),
      );
    const allowed = this.by === 'ccb' ? hasRole(person, 'ccb', 'admin') : hasRole(person, 'release-manager', 'admin');
    if (!allowed) throw refusal('FORBIDDEN', notDecider(deploymentLabelSaid(d), this.by));
    if (!(await claimOnceRetried(claims.deployPilot(d._id), newRunnerId())))
      throw refusal(
        'INVALID_STATE',
        said('pilot.answered', { label: deploymentLabelSaid(d) }),
        said('pilot.statusFix', { key: rfcKey }),
      );
    if (go) {
      await Deployment.updateOne(
        { _id: d._id, state: 'paused' },
        { $set: { state: 'running', 'pilot.state': 'go', 'pilot.by': person.name }, $unset: { pausedReason: '' } },
      );
      await this.host.note(d, goNote(person.name, d.total - d.pilot.hosts.length, this.lang));
      // The rest starts at once here; the job stays the net should this process die (it joins a local run).
      this.host.launch(d._id);
      await this.deps.jobs.now(DEPLOY_RUN_JOB, { deploymentId: String(d._id) });
      return { ...d, state: 'running' };
    }
    const endedAt = new Date();
    await writeTargets(d._id, skipPending(endedAt));
    const reason = noGoReason(person.name, this.lang);
    await Deployment.updateOne(
      { _id: d._id, state: 'paused' },
      { $set: { state: 'cancelled', reason, endedAt, 'pilot.state': 'no-go', 'pilot.by': person.name } },
    );
    const ended: DeploymentDoc = { ...d, state: 'cancelled', reason, endedAt };
    const ran = (await readTargets(d._id)).filter((t) => t.state === 'succeeded');
    await this.host.note(ended, noGoNote(rfcKey, person.name, ran.map((t) => t.host).sort(), this.lang));
    await this.host.ended(ended);
    return ended;
  }
}
