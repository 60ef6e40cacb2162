import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { OpsdeskError } from '../core/errors';

/** One part of readiness: ok or not, with what to know about it (e.g. why signing is not ready). */
export type ReadinessCheck = boolean | { ok: boolean; detail?: string };

export interface HealthServerOptions {
  host: string;
  port: number;
  log: Logger;
  /** What readiness is made of (`database`, `signing`, one entry per adapter); ready when all are ok. */
  readiness(): Record<string, ReadinessCheck>;
  registry: Registry;
}

/** `/healthz` (process up), `/readyz` (database and adapters connected), `/metrics` (Prometheus). */
/** A listen failure as a config error that names the setting (a bare EADDRINUSE says nothing of `http.port`). */
export function listenError(err: NodeJS.ErrnoException, at: { host: string; port: number }): Error {
  const where = `${at.host}:${at.port}`;
  if (err.code === 'EADDRINUSE')
    return new OpsdeskError(
      'CONFIG',
      `The health and metrics port ${where} is already in use (http.port in the config).`,
      {
        fix: 'Set http.port to a free port (0 picks one), set http.enabled: false, or stop the program using it.',
        detail: err.message,
      },
    );
  if (err.code === 'EACCES')
    return new OpsdeskError('CONFIG', `Not allowed to listen on ${where} (http.port in the config).`, {
      fix: 'Use a port above 1023 for http.port, or run with the right to bind low ports.',
      detail: err.message,
    });
  if (err.code === 'EADDRNOTAVAIL')
    return new OpsdeskError('CONFIG', `${at.host} is not an address of this machine (http.host in the config).`, {
      fix: 'Set http.host to 127.0.0.1, 0.0.0.0 or an address of this machine.',
      detail: err.message,
    });
  return err;
}

export class HealthServer {
  private server?: http.Server;

  constructor(private readonly opts: HealthServerOptions) {}

  async start(): Promise<number> {
    this.server = http.createServer((req, res) => {
      this.route(req.url ?? '/', res).catch((err: Error) => {
        this.opts.log.warn({ err: err.message, url: req.url }, 'health server request failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error\n');
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, this.opts)));
      this.server!.listen(this.opts.port, this.opts.host, () => resolve());
    });
    const port = (this.server.address() as AddressInfo).port;
    this.opts.log.info({ host: this.opts.host, port }, 'health server listening');
    return port;
  }

  private async route(url: string, res: http.ServerResponse): Promise<void> {
    const path = url.split('?')[0];
    if (path === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    if (path === '/readyz') {
      const readiness = Object.entries(this.opts.readiness()).map(([name, c]) => ({
        name,
        ...(typeof c === 'boolean' ? { ok: c } : c),
      }));
      const ready = readiness.every((c) => c.ok);
      const parts = readiness.map(
        (c) => `${c.name}: ${c.ok ? 'ok' : 'not ready'}${c.detail ? ` (${c.detail})` : ''}\n`,
      );
      return void res
        .writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' })
        .end(`${ready ? 'ready' : 'not ready'}\n${parts.join('')}`);
    }
    if (path === '/metrics') {
      const body = await this.opts.registry.metrics();
      return void res.writeHead(200, { 'content-type': this.opts.registry.contentType }).end(body);
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Idle keep-alive connections (scrapers, fetch) would hold close() open.
    server.closeIdleConnections();
    await closed;
  }
}
