import type { CommandFamily, MessageHandler, ReactionHandler } from './command';
import type { CommandCatalog } from './command';
import { serviceDeskHandler } from './handlers/service-desk';
import { rfcDialogueHandler } from './handlers/rfc-dialogue';
import { ccbReactionHandler } from './handlers/ccb-votes';
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
];

/** Reaction handlers, asked in order (CCB votes, the go/no-go after a pilot). */
export const reactionHandlers: ReactionHandler[] = [ccbReactionHandler, pilotReactionHandler];

/** Non-command message handlers, asked in order: dialogues first, the service desk last. */
export const messageHandlers: MessageHandler[] = [rfcDialogueHandler, serviceDeskHandler];

export function defaultCatalog(): CommandCatalog {
  return { families: commandFamilies, reactionHandlers, messageHandlers };
}
