import type { CommandFamily, MessageHandler, ReactionHandler } from './command';

/** Everything the router can dispatch to; built from `commands/index.ts`. */
export interface CommandCatalog {
  families: readonly CommandFamily[];
  /** Asked in order for each reaction; the first that returns true has handled it. */
  reactionHandlers: readonly ReactionHandler[];
  /** Asked in order for each non-command message (dialogues first, the service desk last). */
  messageHandlers: readonly MessageHandler[];
}

export function findFamily(catalog: CommandCatalog, name: string): CommandFamily | undefined {
  const n = name.toLowerCase();
  return catalog.families.find((f) => f.name === n || f.aliases?.includes(n));
}

export function familyNames(catalog: CommandCatalog): string[] {
  return catalog.families.flatMap((f) => [f.name, ...(f.aliases ?? [])]);
}
