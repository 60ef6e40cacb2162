/** Starting and stopping several opsdesk processes on one database and one emulated Slack. */
import path from 'node:path';
import { freeLoopbackPort } from '../../src/db/child-process';
import type { SlackEmulator } from '../platforms/slack/slack-emulator';
import { BotProcess, writeBotConfig } from './bot-process';
import { OwnDatabase } from './own-database';
import { startFixtureSlack } from './slack-side';

export interface FleetOptions {
  names: string[];
  slack: SlackEmulator;
  mongoUri: string;
  /** Config files go here. */
  dir: string;
}

/** Builds the processes (fixed ports, so a restarted process is reached at the same address), unstarted. */
export async function makeBots(o: FleetOptions): Promise<BotProcess[]> {
  const bots: BotProcess[] = [];
  for (const name of o.names) {
    const eventsPort = await freeLoopbackPort();
    const healthPort = await freeLoopbackPort();
    const configFile = writeBotConfig(path.join(o.dir, `opsdesk-${name}.yaml`), {
      slackApiUrl: o.slack.apiUrl,
      eventsPort,
      healthPort,
    });
    const env = {
      MONGODB_URI: o.mongoUri,
      SLACK_BOT_TOKEN: o.slack.botToken,
      SLACK_SIGNING_SECRET: o.slack.signingSecret,
    };
    bots.push(new BotProcess(name, { configFile, eventsPort, healthPort, env }));
  }
  return bots;
}

/** Builds and starts the processes, all at once; resolves when every one is ready. */
export async function startBots(o: FleetOptions): Promise<BotProcess[]> {
  const bots = await makeBots(o);
  try {
    await Promise.all(bots.map((b) => b.start()));
  } catch (err) {
    await stopAll(bots);
    throw err;
  }
  return bots;
}

export async function stopAll(bots: BotProcess[]): Promise<void> {
  await Promise.all(bots.map((b) => b.stop()));
}

/** One opsdesk process ('A') on the emulated Slack, over a database server the test can restart. */
export interface BotOnOwnDatabase {
  slack: SlackEmulator;
  db: OwnDatabase;
  bot: BotProcess;
  /** The bot's database on `db`. */
  uri: string;
  stop(): Promise<void>;
}

export async function startBotOnOwnDatabase(name: string): Promise<BotOnOwnDatabase> {
  const slack = await startFixtureSlack();
  const db = await OwnDatabase.start(name);
  const uri = db.uri('opsdesk_faults');
  const [bot] = await makeBots({ names: ['A'], slack, mongoUri: uri, dir: db.dir });
  const stop = async () => {
    await bot.stop();
    await slack.stop();
    await db.remove();
  };
  await bot.start().catch(async (err: Error) => {
    await stop();
    throw err;
  });
  return { slack, db, bot, uri, stop };
}
