import type { ChangeHandler, CommandFamily, MessageHandler, ReactionHandler } from './command';
import type { CommandCatalog } from './command';
import { serviceDeskHandler } from './handlers/service-desk';
import { rfcDialogueHandler } from './handlers/rfc-dialogue';
import { ccbReactionHandler } from './handlers/ccb-votes';
import { reportChangeHandler } from './handlers/report-changes';
import { fixAnswerHandler } from './handlers/fix-answers';
import { pilotReactionHandler } from './handlers/pilot-gate';
import { rfcCommands } from './rfc';
import { ticketCommands } from './ticket';
import { digestCommands } from './digest';
import { statsCommands } from './stats';
import { problemCommands } from './problem';
import { inventoryCommands } from './inventory';
import { deployCommands } from './deploy';
import { rollbackCommands } from './rollback';
import { chaseCommands } from './chase';
import { changeOrderCommands } from './change-order';

/** Every command family. Features add theirs here; `help` lists them in this order. */
export const commandFamilies: CommandFamily[] = [
  ticketCommands,
  digestCommands,
  statsCommands,
  problemCommands,
  inventoryCommands,
  deployCommands,
  rollbackCommands,
  chaseCommands,
  rfcCommands,
  changeOrderCommands,
];

/** Reaction handlers, asked in order (CCB votes, the go/no-go after a pilot, one-tap answers about cases). */
export const reactionHandlers: ReactionHandler[] = [ccbReactionHandler, pilotReactionHandler, fixAnswerHandler];

/** Non-command message handlers, asked in order: dialogues first, the service desk last. */
export const messageHandlers: MessageHandler[] = [rfcDialogueHandler, serviceDeskHandler];

/** Handlers of edited and removed messages (a reporter's own report). */
export const changeHandlers: ChangeHandler[] = [reportChangeHandler];

export function defaultCatalog(): CommandCatalog {
  return { families: commandFamilies, reactionHandlers, messageHandlers, changeHandlers };
}
