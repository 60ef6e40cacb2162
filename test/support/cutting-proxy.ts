/**
 * A TCP proxy in front of the test database that, once armed, cuts the connection carrying the next command whose
 * bytes contain `marker`: before forwarding it (nothing stored) or after (the server does it; its reply is dropped).
 * The driver then sees what a database restart in the middle of a command looks like.
 */
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface CuttingProxy {
  /** `uri` (mongodb://host:port/db…) with the proxy's address in place of the server's. */
  through(uri: string): string;
  arm(when: 'before' | 'after', marker: string): void;
  /** How many commands it has cut. */
  readonly cuts: number;
  close(): Promise<void>;
}

export async function cuttingProxy(server: { host: string; port: number }): Promise<CuttingProxy> {
  let armed: { when: 'before' | 'after'; marker: string } | undefined;
  let cuts = 0;
  const sockets = new Set<Socket>();
  const listener = createServer((client) => {
    const upstream = connect(server.port, server.host);
    sockets.add(client).add(upstream);
    let replies = true;
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      const hit = armed && chunk.includes(armed.marker) ? armed : undefined;
      if (hit) {
        armed = undefined;
        cuts++;
      }
      if (hit?.when === 'before') return cut();
      upstream.write(chunk);
      if (hit?.when !== 'after') return;
      replies = false;
      setTimeout(cut, 200);
    });
    upstream.on('data', (chunk: Buffer) => replies && client.write(chunk));
    client.on('error', cut).on('close', cut);
    upstream.on('error', cut).on('close', cut);
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  const { port } = listener.address() as AddressInfo;
  return {
    through: (uri) => {
      const u = new URL(uri);
      u.host = `127.0.0.1:${port}`;
      u.searchParams.set('directConnection', 'true');
      return u.toString();
    },
    arm: (when, marker) => (armed = { when, marker }),
    get cuts() {
      return cuts;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => listener.close(r));
    },
  };
}
