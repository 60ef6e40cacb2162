import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

export interface HealthServerOptions {
  host: string;
  port: number;
  log: Logger;
  /** Database connected and adapters ready. */
  isReady(): boolean;
  registry: Registry;
}

/** `/healthz` (process up), `/readyz` (database and adapters connected), `/metrics` (Prometheus). */
export class HealthServer {
  private server?: http.Server;

  constructor(private readonly opts: HealthServerOptions) {}

  async start(): Promise<number> {
    this.server = http.createServer((req, res) => {
      void this.route(req.url ?? '/', res);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
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
      const ready = this.opts.isReady();
      return void res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ready\n' : 'not ready\n');
    }
    if (path === '/metrics') {
      const body = await this.opts.registry.metrics();
      return void res.writeHead(200, { 'content-type': this.opts.registry.contentType }).end(body);
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
