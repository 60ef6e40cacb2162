import type { Logger } from 'pino';
import type { ChatAdapter } from '../src/chat/chat-adapter';
import type { Config } from '../src/config/schema';
import { ConsoleAdapter } from './shell/console-adapter';
import type * as SlackAdapter from './slack/slack-adapter';
import type * as MatrixAdapter from './matrix/matrix-adapter';

export interface AdapterEnvironment {
  config: Config;
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** Run the console on these streams (default: no console). */
  console?: {
    input: NodeJS.ReadableStream;
    output: NodeJS.WritableStream;
    prompt: boolean;
    onEnd?: () => void;
    user?: string;
  };
}

/**
 * Builds every adapter whose settings are present. An adapter starts only if it is enabled and its
 * secrets are in the environment; otherwise it is skipped with a log line saying what is missing.
 */
export async function buildAdapters(envIn: AdapterEnvironment): Promise<ChatAdapter[]> {
  const { config } = envIn;
  const adapters: ChatAdapter[] = [];
  if (envIn.console && config.console.enabled) {
    const users = config.people.map((p) => p.identities.console ?? p.id);
    // The console's own lines in the speaking person's language (else the organisation's).
    const languages = new Map(config.people.map((p) => [p.identities.console ?? p.id, p.language]));
    adapters.push(
      new ConsoleAdapter({
        input: envIn.console.input as never,
        output: envIn.console.output as never,
        defaultUser: envIn.console.user ?? config.console.defaultUser,
        users,
        prompt: envIn.console.prompt,
        onEnd: envIn.console.onEnd,
        languageOf: (user) => languages.get(user) ?? config.organisation.language,
      }),
    );
  }
  if (config.slack.enabled) {
    try {
      // Loaded only when enabled: Bolt and its dependencies cost memory a console-only bot does not need.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createSlackAdapter } = require('./slack/slack-adapter') as typeof SlackAdapter;
      adapters.push(createSlackAdapter(config, envIn.env, envIn.log));
    } catch (err) {
      envIn.log.warn(
        { fix: (err as { fix?: string }).fix },
        `${(err as Error).message} The Slack adapter is not started.`,
      );
    }
  }
  if (config.matrix.enabled) {
    try {
      // Loaded only when enabled, like Slack's (matrix-bot-sdk).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createMatrixAdapter } = require('./matrix/matrix-adapter') as typeof MatrixAdapter;
      adapters.push(createMatrixAdapter(config, envIn.env, envIn.log));
    } catch (err) {
      envIn.log.warn(
        { fix: (err as { fix?: string }).fix },
        `${(err as Error).message} The Matrix adapter is not started.`,
      );
    }
  }
  return adapters;
}
