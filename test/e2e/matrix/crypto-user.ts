/**
 * A person with an end-to-end encrypting client on the test Synapse, as Element would be: its own
 * device keys, Olm sessions and Megolm room keys (matrix-bot-sdk's own crypto client on the native
 * binding named by MATRIX_CRYPTO_BINDING or built
 * by .ci/build-crypto.sh). It writes and reacts encrypted in encrypted rooms and
 * keeps what it could decrypt; what it could not is kept apart, so a test can say so.
 *
 *   const anna = await CryptoUser.start(hs, await hs.register('anna'));
 *   const room = await anna.createDm(botId);
 *   await anna.say(room, 'the printer is broken');
 *   await anna.stop();
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MatrixClient } from 'matrix-bot-sdk';
import { loadMatrixSdk } from '../../../adapters/matrix/load-sdk';
import type { SynapseServer, SynapseUser } from '../../platforms/synapse';
import type { RoomEvent } from './matrix-user';

const ENCRYPTION = { type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } };

/** Where .ci/build-crypto.sh leaves the binding (keep the version in step with it). */
const BUILT = join(homedir(), '.cache', 'opsdesk', 'matrix-crypto', 'matrix-sdk-crypto-0.4.0.linux-x64-gnu.node');

/** The built crypto binding: `$MATRIX_CRYPTO_BINDING`, else .ci/build-crypto.sh's output if it is there. */
export function cryptoBindingPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.MATRIX_CRYPTO_BINDING || (existsSync(BUILT) ? BUILT : undefined);
}

/** Why encrypted flows cannot run in this process, or undefined when the binding loads. */
export function cryptoUnavailableReason(): string | undefined {
  const path = cryptoBindingPath();
  if (!path) return `MATRIX_CRYPTO_BINDING is not set and ${BUILT} is missing (.ci/build-crypto.sh builds it)`;
  return loadMatrixSdk(path).cryptoProblem;
}

export class CryptoUser {
  /** Decrypted (or plain) timeline events per room, oldest first. */
  private readonly timeline = new Map<string, RoomEvent[]>();
  /** Events this client could not decrypt. */
  readonly undecryptable: RoomEvent[] = [];

  private constructor(
    readonly client: MatrixClient,
    readonly user: SynapseUser,
    private readonly dir: string,
  ) {}

  static async start(hs: SynapseServer, user: SynapseUser): Promise<CryptoUser> {
    const { sdk, crypto, cryptoProblem } = loadMatrixSdk(cryptoBindingPath());
    if (!crypto) throw new Error(`no crypto binding: ${cryptoProblem}`);
    const dir = await mkdtemp(join(tmpdir(), `opsdesk-e2ee-${user.localpart}-`));
    const store = new sdk.RustSdkCryptoStorageProvider(dir, crypto.StoreType.Sqlite as never);
    const client = new sdk.MatrixClient(hs.url, user.accessToken, new sdk.MemoryStorageProvider(), store);
    client.syncingTimeout = 1000;
    const person = new CryptoUser(client, user, dir);
    client.on('room.event', (roomId: string, event: RoomEvent) => person.events(roomId).push(event));
    client.on('room.failed_decryption', (_roomId: string, event: RoomEvent) => person.undecryptable.push(event));
    await client.start();
    return person;
  }

  get id(): string {
    return this.user.userId;
  }

  async stop(): Promise<void> {
    this.client.stop();
    await rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
  }

  /** An encrypted room; with `direct` a DM with the invitees, as Element creates it. */
  async createRoom(opts: { invite?: string[]; direct?: boolean; name?: string } = {}): Promise<string> {
    return this.client.createRoom({
      invite: opts.invite ?? [],
      is_direct: opts.direct ?? false,
      preset: opts.direct ? 'trusted_private_chat' : 'private_chat',
      ...(opts.name ? { name: opts.name } : {}),
      initial_state: [ENCRYPTION],
    });
  }

  join(roomId: string): Promise<string> {
    return this.client.joinRoom(roomId);
  }

  /** Waits until `userId` has joined (a room key is shared only with joined members' devices). */
  async joined(roomId: string, userId: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.client.getJoinedRoomMembers(roomId)).includes(userId)) {
      if (Date.now() > deadline) throw new Error(`${userId} did not join ${roomId} within ${timeoutMs} ms`);
      await new Promise((done) => setTimeout(done, 150));
    }
  }

  /** Sends encrypted where the room is encrypted (the SDK decides, as a client does). */
  say(roomId: string, text: string): Promise<string> {
    return this.client.sendMessage(roomId, { msgtype: 'm.text', body: text });
  }

  react(roomId: string, target: string, key: string): Promise<string> {
    return this.client.sendEvent(roomId, 'm.reaction', {
      'm.relates_to': { rel_type: 'm.annotation', event_id: target, key },
    });
  }

  /** What this person's client shows of the room: decrypted events, oldest first. */
  messages(roomId: string): RoomEvent[] {
    return [...this.events(roomId)];
  }

  /** Waits until `pick` finds what it wants among the room's decrypted events. */
  async waitFor<T>(roomId: string, pick: (events: RoomEvent[]) => T | undefined | false, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = pick(this.messages(roomId));
      if (found) return found;
      await new Promise((done) => setTimeout(done, 150));
    }
    const last = this.messages(roomId).slice(-5);
    throw new Error(
      `timed out waiting in ${roomId}; last events: ${JSON.stringify(last.map((e) => [e.type, e.sender, e.content.body]))}` +
        `; undecryptable: ${this.undecryptable.length}`,
    );
  }

  private events(roomId: string): RoomEvent[] {
    let list = this.timeline.get(roomId);
    if (!list) this.timeline.set(roomId, (list = []));
    return list;
  }
}
