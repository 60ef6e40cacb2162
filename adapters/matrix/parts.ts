/** What the adapter's pieces (outbound, inbound, membership) share once it has started. */
import type { Logger } from 'pino';
import type { Config } from '../../src/config/schema';
import type { Access } from './access';
import type { MongoStorageProvider } from './mongo-storage';
import type { ReplyStyles } from './reply-style';
import type { RoomFacts } from './room-facts';
import type { SendQueue } from './send-queue';
import type { SyncingClient } from './sync-client';
import type { ThreadedRooms } from './threaded-rooms';

export const PLATFORM = 'matrix';

export interface MatrixParts {
  readonly config: Config;
  readonly log: Logger;
  readonly client: SyncingClient;
  readonly facts: RoomFacts;
  readonly queue: SendQueue;
  readonly storage: MongoStorageProvider;
  readonly access: Access;
  readonly replyStyles: ReplyStyles;
  readonly threads: ThreadedRooms;
  readonly botUserId: string;
  readonly botName?: string;
  readonly cryptoEnabled: boolean;
}
