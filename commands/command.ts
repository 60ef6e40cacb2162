import type { Logger } from 'pino';
import type { MessageChangedEvent, MessageEvent, ReactionEvent } from '../src/chat/chat-event';
import type { ConversationRef, MessageRef } from '../src/chat/conversation-ref';
import type { OutMessage } from '../src/chat/out-message';
import type { Person } from '../src/people/person';
import type { Role } from '../src/people/role';
import type { Services } from './services';
import type { Tokens } from '../src/core/tokenize';

/** What a command handler gets: the event, the caller, parsed arguments and one way to answer. */
export interface CommandContext<A = unknown> {
  event: MessageEvent;
  person: Person;
  args: A;
  /** Where the command was typed (its thread if it was typed in one). */
  conversation: ConversationRef;
  /** Answer in the conversation (the thread if there is one). Resolves once the platform accepted it. */
  reply(msg: string | OutMessage): Promise<MessageRef>;
  /** Answer only the caller (Slack ephemeral, elsewhere a DM). */
  replyPrivately(msg: string | OutMessage): Promise<void>;
  log: Logger;
  services: Services;
}

/** One action of a command family, e.g. `ticket assign`. A plain object: schema, roles, help, handler. */
export interface Subcommand<A = any> {
  name: string;
  aliases?: readonly string[];
  summary: string;
  /** One-line syntax, e.g. `ticket assign CASE PERSON` (PERSON: a name, @mention or `me`). */
  usage: string;
  examples?: readonly string[];
  /** Who may run it. Deny by default: there is no "missing means allowed". */
  roles: readonly Role[] | 'anyone';
  /** Flags that take a value (`--canary 5`). */
  flagsWithValue?: readonly string[];
  /** Risky commands ask the caller to repeat with `--yes`. */
  confirm?: boolean;
  /**
   * Validates the tokens (usually with zod) and returns typed arguments, or throws a usage error
   * naming what was wrong. `raw` is the text after the sub-command, as typed.
   */
  parse(tokens: Tokens, raw: string): A;
  run(ctx: CommandContext<A>): Promise<void>;
}

/** A top-level command (`ticket`, `rfc`, `deploy`, `digest`, `help` …) and its actions. */
export interface CommandFamily {
  name: string;
  aliases?: readonly string[];
  summary: string;
  subcommands: readonly Subcommand[];
  /**
   * The sub-command used when the first word is not one of the family's sub-commands
   * (`deploy RFC-17 to pilot` runs `deploy run`); without it such input is a usage error.
   */
  defaultSubcommand?: string;
}

/** Context for a reaction on a message (CCB votes). */
export interface ReactionContext {
  event: ReactionEvent;
  person: Person;
  /** Tell the reacting person something privately (e.g. "you are not on the CCB"). */
  notice(msg: string | OutMessage): Promise<void>;
  log: Logger;
  services: Services;
}

/** Reaction handlers are asked in turn; the first that returns true has handled the reaction. */
export interface ReactionHandler {
  name: string;
  handle(ctx: ReactionContext): Promise<boolean>;
}

/** Handles plain (non-command) messages: the service desk turns DMs into cases and thread replies into comments. */
export interface MessageHandler {
  name: string;
  /** Return true when handled. */
  handle(ctx: Omit<CommandContext<undefined>, 'args'>): Promise<boolean>;
}

/** Everything the router can dispatch to; built from `commands/index.ts`. */
export interface CommandCatalog {
  families: readonly CommandFamily[];
  /** Asked in order for each reaction; the first that returns true has handled it. */
  reactionHandlers: readonly ReactionHandler[];
  /** Asked in order for each non-command message (dialogues first, the service desk last). */
  messageHandlers: readonly MessageHandler[];
  /** Asked in order for each edited or removed message. */
  changeHandlers?: readonly ChangeHandler[];
}

/** What a change handler gets: the edit or removal, who made it, and a way to answer where it was. */
export interface ChangeContext {
  event: MessageChangedEvent;
  person: Person;
  reply: (msg: string | OutMessage) => Promise<MessageRef>;
  log: Logger;
  services: Services;
}

/** Handles an edited or removed message (e.g. a report); returns true if it was its concern. */
export interface ChangeHandler {
  name: string;
  handle(ctx: ChangeContext): Promise<boolean>;
}
