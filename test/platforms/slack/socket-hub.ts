/**
 * Socket Mode, server side. `apps.connections.open` hands out a single-use WebSocket URL; on
 * connect the hub sends `hello`; every delivery is an envelope with an `envelope_id` the app must
 * acknowledge (`{"envelope_id": …, "payload": …}`). An envelope not acknowledged in time, or in
 * flight when its socket drops, is sent again (with `retry_attempt` and `retry_reason`) on
 * whichever connection is open next, as Slack does. `disconnect` messages ask the app to
 * reconnect; `drop()` cuts sockets without one.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface DeliveryResult {
  envelopeIds: string[];
  attempts: number;
  /** The `payload` of the acknowledgement (a slash command's immediate response, if any). */
  ackPayload: Record<string, unknown>;
  /** Milliseconds from the first send to the acknowledgement. */
  ackMs: number;
}

export interface SocketHubOptions {
  appId: string;
  /** How long an envelope may stay unacknowledged before it is sent again (Slack: 3 s). */
  ackTimeoutMs: number;
  /** Attempts after the first (Slack: 3). */
  maxRetries: number;
  /** How long a delivery waits for an open connection before giving up. */
  connectWaitMs: number;
}

interface Pending {
  envelopeId: string;
  resolve: (payload: Record<string, unknown>) => void;
}

export class SocketHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly pending = new Map<string, Pending>();
  private readonly waiters = new Set<() => void>();
  /** Every frame the app sent us, parsed (acks), for assertions. */
  readonly received: Record<string, unknown>[] = [];
  connectionsOpened = 0;
  private closed = false;
  private dropAfterSend = 0;

  constructor(private readonly opts: SocketHubOptions) {}

  /** A single-use URL for `apps.connections.open`. */
  newUrl(base: string): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${base.replace(/^http/u, 'ws')}/link/?ticket=${ticket}&app_id=${this.opts.appId}`;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (this.closed || !url.pathname.startsWith('/link') || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  private onConnection(ws: WebSocket): void {
    this.connectionsOpened += 1;
    this.sockets.add(ws);
    ws.on('message', (data) => this.onFrame(data.toString()));
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('error', () => this.sockets.delete(ws));
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: 'applink-emulator', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.opts.appId },
      }),
    );
    for (const w of [...this.waiters]) w();
  }

  private onFrame(text: string): void {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    this.received.push(frame);
    const id = typeof frame.envelope_id === 'string' ? frame.envelope_id : undefined;
    const p = id ? this.pending.get(id) : undefined;
    if (p && id) {
      this.pending.delete(id);
      p.resolve((frame.payload as Record<string, unknown>) ?? {});
    }
  }

  openConnections(): number {
    return [...this.sockets].filter((s) => s.readyState === WebSocket.OPEN).length;
  }

  /** Resolves once a connection is open (or rejects after `ms`). */
  async waitForConnection(ms = this.opts.connectWaitMs): Promise<void> {
    if (this.openConnections() > 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new Error(`no Socket Mode connection within ${ms} ms`));
      }, ms);
      const done = () => {
        if (this.closed) {
          clearTimeout(timer);
          this.waiters.delete(done);
          reject(new Error('Socket Mode hub closed'));
          return;
        }
        if (this.openConnections() === 0) return;
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      this.waiters.add(done);
    });
  }

  /**
   * Sends one payload as an envelope and waits for its acknowledgement, re-sending (new envelope
   * id, `retry_attempt` + 1) after a timeout or a dropped socket, at most `maxRetries` times.
   */
  async deliver(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    opts: { retryOffset?: number } = {},
  ): Promise<DeliveryResult> {
    const offset = opts.retryOffset ?? 0;
    const envelopeIds: string[] = [];
    const started = Date.now();
    for (let attempt = 0; attempt <= this.opts.maxRetries;) {
      await this.waitForConnection();
      const ws = [...this.sockets].find((s) => s.readyState === WebSocket.OPEN);
      if (!ws) continue; // closed between the wait and now: not an attempt
      const envelopeId = randomUUID();
      envelopeIds.push(envelopeId);
      const acked = this.awaitAck(envelopeId);
      attempt += 1;
      ws.send(
        JSON.stringify({
          envelope_id: envelopeId,
          payload,
          type,
          accepts_response_payload: type !== 'events_api',
          ...(type === 'events_api'
            ? { retry_attempt: offset + attempt - 1, retry_reason: offset + attempt === 1 ? '' : 'timeout' }
            : {}),
        }),
      );
      if (this.dropAfterSend > 0) {
        this.dropAfterSend -= 1;
        this.drop();
      }
      const result = await Promise.race([acked, this.lostOrTimedOut(ws, envelopeId)]);
      if (result) return { envelopeIds, attempts: attempt, ackPayload: result, ackMs: Date.now() - started };
      this.pending.delete(envelopeId);
    }
    throw new Error(`envelope not acknowledged after ${this.opts.maxRetries + 1} attempts`);
  }

  private awaitAck(envelopeId: string): Promise<Record<string, unknown>> {
    return new Promise((resolve) => this.pending.set(envelopeId, { envelopeId, resolve }));
  }

  /** Resolves undefined when the envelope's socket closes or the ack timeout passes. */
  private lostOrTimedOut(ws: WebSocket, envelopeId: string): Promise<undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(finish, this.opts.ackTimeoutMs);
      const poll = setInterval(() => {
        if (!this.pending.has(envelopeId)) finish();
        else if (ws.readyState !== WebSocket.OPEN) finish();
      }, 20);
      function finish() {
        clearTimeout(timer);
        clearInterval(poll);
        resolve(undefined);
      }
    });
  }

  /** Asks every connected app to reconnect, as Slack does before recycling a host. */
  sendDisconnect(reason: 'refresh_requested' | 'warning' | 'link_disabled' = 'refresh_requested'): void {
    for (const ws of this.sockets) {
      ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-emulator' } }));
    }
  }

  /** Cuts the sockets right after sending the next `n` envelopes, before the app can acknowledge them. */
  dropAfterNextSend(n = 1): void {
    this.dropAfterSend = n;
  }

  /** Cuts every socket without a close handshake (a network failure). */
  drop(): void {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of [...this.waiters]) w();
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
