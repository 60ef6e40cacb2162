import type { Services } from '../services';
import type { Person } from '../../src/people/person';
import { formatLocal } from '../../src/core/format-time';
import { effectiveType, policyError, submitDecision } from '../../src/changes/change-policy';
import { boardFor, technicalBoardOf } from '../../src/changes/boards';
import { conflictsNote } from '../../src/changes/render-conflicts';
import type { RfcDoc } from '../../src/changes/rfc.model';
import { planningCheck } from './rfc-conflicts';

/**
 * Sends a complete change to its board: the board for its type or category (`changes.routing`), with the planning
 * check first; the vote opens on the board's technical review (TAB) first when it has one, else on the CCB. Returns
 * the receipt.
 */
export async function submitChange(services: Services, rfc: RfcDoc, person: Person): Promise<string> {
  const { changes, votes, config } = services;
  const allowed = submitDecision(rfc, person);
  if (!allowed.ok) throw policyError(allowed);
  changes.assertComplete(rfc);
  await planningCheck(services, rfc);
  const board = boardFor(config.changes, rfc);
  const proposed = await changes.transition(rfc.key, 'proposed', { personId: person.id }, 'submitted to the CCB', {
    expectFrom: [rfc.state],
    ...(board !== rfc.board ? { set: { board }, data: { board } } : {}),
  });
  await changes.setAsking(proposed, undefined);
  // The conflicts are stored on both changes before the card is posted, so both cards name them.
  const conflicts = await votes.syncConflicts(rfc.key, person.id);
  const tab = technicalBoardOf(config.changes, board);
  const ballot = await votes.open(await changes.require(rfc.key), tab ? 'technical' : 'approval', person);
  const unconfirmed =
    rfc.type === 'emergency' && effectiveType(rfc, changes.policy()) !== 'emergency'
      ? ' Its emergency is not confirmed yet, so the normal vote rule applies.'
      : '';
  const where = tab
    ? `for technical review by the ${tab} board (${ballot.roster.length} members, quorum ${ballot.quorum}), then ` +
      `the ${board} board's vote`
    : `for the CCB (${ballot.roster.length} members, quorum ${ballot.quorum})`;
  return (
    `Receipt: ${rfc.key} is queued ${where}. The vote closes ` +
    `${formatLocal(ballot.deadline, config.organisation.timezone)} or as soon as the outcome is certain; I'll tell ` +
    `you the decision.${unconfirmed}${conflictsNote(conflicts)}`
  );
}
