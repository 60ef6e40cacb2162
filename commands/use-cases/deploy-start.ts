import type { ConversationRef } from '../../src/chat/conversation-ref';
import { policySettings, templateOf } from '../../src/changes/change-policy';
import type { DeploymentDoc } from '../../src/deploy/deployment.model';
import { planCanary, planPilot } from '../../src/deploy/pilot-plan';
import type { StartRequest } from '../../src/deploy/scheduled-start.model';
import type { Person } from '../../src/people/person';
import type { Services } from '../services';
import { checkDeploy, describePlan, type DeployPlan } from './deploy-preconditions';
import { planningCheck } from './rfc-conflicts';

/** What `/deploy RFC …` asks for: the RFC, the typed targets and flags (also what a scheduled start replays). */
export type DeployRequest = StartRequest & { key: string };

/** A `/deploy` that passed every precondition: the hosts in run order, the pilot or canary, the conflicts. */
export interface PreparedDeploy {
  plan: DeployPlan;
  hosts: DeployPlan['hosts'];
  canary: number;
  pilot?: { group: string; hosts: string[] };
  parallel: number;
  targetsText: string;
  conflicts: string[];
}

/** The hosts in run order: the pilot first when its gate applies, else the canary (a count, a group or a list). */
async function orderHosts(services: Services, plan: DeployPlan, req: DeployRequest) {
  const cfg = services.config.deploy;
  const template =
    plan.rfc.type === 'standard' ? templateOf(plan.rfc, policySettings(services.config.changes)) : undefined;
  const planned = await planPilot(
    services.inventory,
    plan.rfc,
    plan.hosts,
    req.pilot ?? template?.pilot ?? cfg.pilot.group,
  );
  if (planned.pilot) return { hosts: planned.hosts, canary: planned.pilot.hosts.length, pilot: planned.pilot };
  return { ...(await planCanary(services.inventory, planned.hosts, req.canary ?? cfg.canary)), pilot: undefined };
}

/**
 * Every precondition of `/deploy` through the one change policy (`checkDeploy`), the run order (pilot or canary) and
 * the planning conflicts; `at`: as of a later start's time. Refuses (an OpsdeskError) before anything changes.
 */
export async function prepareDeploy(services: Services, req: DeployRequest, at?: Date): Promise<PreparedDeploy> {
  const plan = await checkDeploy(services, req.key, req.query, { chaseHours: req.chaseHours, at });
  const { hosts, canary, pilot } = await orderHosts(services, plan, req);
  const approved = plan.rfc.approval!.content;
  const conflicts = await planningCheck(services, {
    key: plan.rfc.key,
    targets: approved.targets,
    window: approved.window,
  });
  const parallel = req.parallel ?? services.config.deploy.parallel;
  return { plan, hosts, canary, pilot, parallel, targetsText: describePlan(plan), conflicts };
}

/**
 * Starts the prepared deployment: it moves the RFC to deploying and runs only once its progress message told
 * `conversation` it started.
 */
export function startPrepared(
  services: Services,
  p: PreparedDeploy,
  req: DeployRequest,
  person: Pick<Person, 'id' | 'name'>,
  conversation: ConversationRef,
): Promise<DeploymentDoc> {
  return services.deployments.start({
    kind: 'deploy',
    rfcKey: p.plan.rfc.key,
    rfcId: p.plan.rfc._id,
    approvalDigest: p.plan.digest,
    package: { name: p.plan.pkg.name, version: p.plan.pkg.version },
    emergency: p.plan.emergency,
    person,
    conversation,
    hosts: p.hosts,
    targetsText: p.targetsText,
    options: { canary: p.canary, parallel: p.parallel },
    pilot: p.pilot,
    chaseEveryMs: req.chaseEvery === undefined ? undefined : Math.round(req.chaseEvery * 60_000),
    chaseForMs: req.chaseHours === undefined ? undefined : Math.round(req.chaseHours * 3600_000),
    chaseBound: p.plan.chaseBound,
  });
}
