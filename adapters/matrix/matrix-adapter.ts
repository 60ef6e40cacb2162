/**
 * The Matrix adapter: matrix-bot-sdk underneath, opsdesk's ChatAdapter on top. Starting it logs
 * in, loads the crypto binding where it is installed, joins the configured rooms and runs opsdesk's
 * own sync loop (sync-client.ts: a /sync batch is handled event by event and the sync token stored
 * only afterwards). The work is done by its parts: inbound-events.ts (events in), outbound.ts
 * (messages out), membership.ts (invites, joins, leaving), access.ts (who may approach the bot).
 */
import { join } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { ChatAdapter, EventSink } from '../../src/chat/chat-adapter';
import type { ConversationRef, MessageRef } from '../../src/chat/conversation-ref';
import type { OutMessage } from '../../src/chat/out-message';
import type { Config } from '../../src/config/schema';
import { OpsdeskError } from '../../src/core/errors';
import { Access } from './access';
import { Attention } from './attention';
import { checkCredentials, openSession } from './credentials';
import { MatrixInbound } from './inbound-events';
import { loadMatrixSdk } from './load-sdk';
import { Membership } from './membership';
import { MongoStorageProvider } from './mongo-storage';
import { MatrixOutbound } from './outbound';
import { PLATFORM } from './parts';
import { ReactionStore } from './reaction-store';
import type { MessageKind } from './render';
import { ReplyStyles } from './reply-style';
import { RoomFacts } from './room-facts';
import { bridgeSdkLogs } from './sdk-log';
import { SendQueue } from './send-queue';
import { createSyncingClient, type SyncingClient } from './sync-client';
import { ThreadedRooms } from './threaded-rooms';

const SYNC_FILTER = {
  presence: { not_types: ['*'] },
  room: { ephemeral: { not_types: ['*'] }, timeline: { limit: 50 } },
};

export function createMatrixAdapter(
  config: Config,
  env: NodeJS.ProcessEnv,
  log: Logger,
  db?: Connection,
): MatrixAdapter {
  checkCredentials(config.matrix, env);
  return new MatrixAdapter(config, env, log.child({ platform: PLATFORM }), db ?? mongoose.connection);
}

export class MatrixAdapter implements ChatAdapter {
  readonly platform = PLATFORM;
  private client?: SyncingClient;
  private queue?: SendQueue;
  private out?: MatrixOutbound;
  private readonly msgtype: MessageKind;
  private botUserId = '';
  private running = false;

  constructor(
    private readonly config: Config,
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: Logger,
    private readonly conn: Connection,
  ) {
    this.msgtype = config.matrix.messageType === 'text' ? 'm.text' : 'm.notice';
  }

  /** The bot's Matrix user id (after start). */
  get userId(): string {
    return this.botUserId;
  }

  /** Rate-limit answers seen by the outbound queue (for metrics and tests). */
  get rateLimitedCount(): number {
    return this.queue?.rateLimitedCount ?? 0;
  }

  async start(sink: EventSink): Promise<void> {
    const settings = this.config.matrix;
    const { sdk, crypto, cryptoProblem } = loadMatrixSdk(
      settings.encryption.enabled ? this.env.MATRIX_CRYPTO_BINDING : undefined,
    );
    bridgeSdkLogs(sdk, this.log);
    const session = await openSession(settings, this.env, new MongoStorageProvider('opsdesk-login', this.conn));
    const who = await new sdk.MatrixClient(session.homeserverUrl, session.accessToken).getWhoAmI();
    this.botUserId = who.user_id;
    const storage = new MongoStorageProvider(who.user_id, this.conn);

    let cryptoStore: unknown;
    let cryptoEnabled = false;
    if (settings.encryption.enabled && crypto) {
      const dir = join(
        settings.encryption.storePath,
        `${who.user_id.replace(/[^\w.-]/gu, '_')}-${who.device_id ?? 'device'}`,
      );
      cryptoStore = new sdk.RustSdkCryptoStorageProvider(dir, crypto.StoreType.Sqlite as never);
      cryptoEnabled = true;
    } else if (settings.encryption.enabled) {
      this.log.warn(
        { reason: cryptoProblem },
        'Matrix end-to-end encryption is unavailable (the native @matrix-org/matrix-sdk-crypto-nodejs binding is ' +
          'not installed and MATRIX_CRYPTO_BINDING names no built binding); ' +
          'unencrypted rooms work, and people writing in encrypted rooms are told to use an unencrypted room or DM.',
      );
    }

    const client = createSyncingClient(sdk, session.homeserverUrl, session.accessToken, storage, cryptoStore);
    client.syncingTimeout = settings.syncTimeoutMs;
    this.client = client;
    this.queue = new SendQueue({ log: this.log, maxRetryMs: settings.sendRetryMs });
    if (settings.displayName) await client.setDisplayName(settings.displayName);
    const botName =
      settings.displayName ??
      ((await client.getUserProfile(this.botUserId).catch(() => ({}))) as { displayname?: string }).displayname;
    const parts = {
      config: this.config,
      log: this.log,
      client,
      facts: new RoomFacts(client),
      queue: this.queue,
      storage,
      access: new Access(this.config, who.user_id),
      replyStyles: new ReplyStyles(),
      threads: new ThreadedRooms(new Set(settings.threadRooms), storage),
      botUserId: who.user_id,
      ...(botName ? { botName } : {}),
      cryptoEnabled,
    };
    this.out = new MatrixOutbound(parts, this.msgtype);
    const membership = new Membership(parts);
    const attention = new Attention(client, this.log);
    const inbound = new MatrixInbound(parts, sink, membership, new ReactionStore(this.conn), attention);
    client.hooks = {
      log: this.log,
      onEvent: (name, args) => inbound.onSdkEvent(name, args),
      invitedAt: (roomId) => membership.invitedAt(roomId),
      // The intake's claim is held by another process (UNAVAILABLE while the adapter runs).
      heldElsewhere: (err) => this.running && err instanceof OpsdeskError && err.code === 'UNAVAILABLE',
    };

    await membership.joinConfiguredRooms();
    this.running = true;
    await client.start(SYNC_FILTER);
    if (!(await client.firstSync(30_000))) this.log.warn('matrix: no answer to /sync yet; still trying');
    this.log.info({ userId: this.botUserId, encryption: cryptoEnabled }, 'matrix: syncing');
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.client?.haltSync();
    const flushed = await this.queue?.close(10_000);
    if (flushed === false) this.log.warn('matrix: stopped with messages still queued');
  }

  isReady(): boolean {
    return this.running && !!this.client?.syncing;
  }

  post(to: ConversationRef, msg: OutMessage): Promise<MessageRef> {
    return this.outbound().post(to, msg);
  }

  edit(ref: MessageRef, msg: OutMessage): Promise<void> {
    return this.outbound().edit(ref, msg);
  }

  react(ref: MessageRef, reaction: string): Promise<void> {
    return this.outbound().react(ref, reaction);
  }

  /** A DM with a configured person or a user of an allowed server; the bot opens none with anyone else. */
  openDirect(userId: string): Promise<ConversationRef> {
    return this.outbound().openDirect(userId);
  }

  /** Matrix has no ephemeral messages: a notice is a DM (in the same room when that is the DM). */
  notice(to: ConversationRef, userId: string, msg: OutMessage): Promise<void> {
    return this.outbound().notice(to, userId, msg);
  }

  /** Redacts a message the bot posted (a receipt whose report its reporter deleted). */
  remove(ref: MessageRef): Promise<void> {
    return this.outbound().remove(ref);
  }

  private outbound(): MatrixOutbound {
    if (!this.out) throw new Error('the Matrix adapter is not started');
    return this.out;
  }
}
