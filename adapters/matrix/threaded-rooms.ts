/**
 * Rooms that use threads: configured (`matrix.threadRooms`) or seen to, once a person wrote a
 * thread reply there. Seen rooms are kept in the adapter's storage (the database), so a restart
 * remembers them. A receipt (OutMessage.opensThread) for a top-level report in such a room goes
 * into a thread on the report; elsewhere answers stay where the question was asked.
 */
export interface ValueStore {
  readValue(key: string): Promise<string | null | undefined> | string | null | undefined;
  storeValue(key: string, value: string): Promise<unknown> | void;
}

const MAX_ROOMS = 5000;

export class ThreadedRooms {
  private readonly known = new Map<string, Promise<boolean>>();

  constructor(
    private readonly configured: ReadonlySet<string>,
    private readonly store: ValueStore,
  ) {}

  /** A person wrote in a thread in this room. */
  async seen(roomId: string): Promise<void> {
    if (this.configured.has(roomId) || (await this.uses(roomId))) return;
    this.remember(roomId, Promise.resolve(true));
    await this.store.storeValue(key(roomId), String(Date.now()));
  }

  uses(roomId: string): Promise<boolean> {
    if (this.configured.has(roomId)) return Promise.resolve(true);
    let known = this.known.get(roomId);
    if (!known) {
      known = Promise.resolve(this.store.readValue(key(roomId))).then(
        (v) => !!v,
        () => false,
      );
      this.remember(roomId, known);
    }
    return known;
  }

  private remember(roomId: string, uses: Promise<boolean>): void {
    this.known.delete(roomId);
    if (this.known.size >= MAX_ROOMS) this.known.delete(this.known.keys().next().value!);
    this.known.set(roomId, uses);
  }
}

function key(roomId: string): string {
  return `threads.${roomId}`;
}
