import type { Services } from '../services';
import type { Person } from '../../src/people/person';
import { formatLocalIn, msg } from '../../src/i18n/catalog';
import { effectiveType, policyError, submitDecision } from '../../src/changes/change-policy';
import { boardFor, technicalBoardOf } from '../../src/changes/boards';
import { conflictsNote } from '../../src/changes/render-conflicts';
import type { RfcDoc } from '../../src/changes/rfc.model';
import { planningCheck } from './rfc-conflicts';

/** The audit entry's reason (a record, written once in English). */
const SUBMITTED_NOTE = 'submitted to the CCB';

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
  const lang = person.language;
  await planningCheck(services, rfc, lang);
  const board = boardFor(config.changes, rfc);
  const proposed = await changes.transition(rfc.key, 'proposed', { personId: person.id }, SUBMITTED_NOTE, {
    expectFrom: [rfc.state],
    ...(board !== rfc.board ? { set: { board }, data: { board } } : {}),
  });
  await changes.setAsking(proposed, undefined);
  // The conflicts are stored on both changes before the card is posted, so both cards name them.
  const conflicts = await votes.syncConflicts(rfc.key, person.id, lang);
  const tab = technicalBoardOf(config.changes, board);
  const ballot = await votes.open(await changes.require(rfc.key), tab ? 'technical' : 'approval', person);
  const unconfirmed =
    rfc.type === 'emergency' && effectiveType(rfc, changes.policy()) !== 'emergency'
      ? msg(lang, 'rfc.submit.unconfirmed')
      : '';
  const members = { members: ballot.roster.length, quorum: ballot.quorum };
  const where = tab
    ? msg(lang, 'rfc.submit.whereTab', { tab, board, ...members })
    : msg(lang, 'rfc.submit.whereCcb', members);
  const at = formatLocalIn(lang, ballot.deadline, config.organisation.timezone);
  const receipt = msg(lang, 'rfc.submit.receipt', { key: rfc.key, where, at });
  return `${receipt}${unconfirmed}${conflictsNote(conflicts, false, lang)}`;
}
