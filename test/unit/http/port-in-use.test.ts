/**
 * A taken health port: the error names the setting (http.port) and what to do, instead of a bare
 * EADDRINUSE. Catches the listen error reaching the person starting opsdesk unexplained.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Registry } from 'prom-client';
import { OpsdeskError } from '../../../src/core/errors';
import { HealthServer } from '../../../src/http/health-server';

test('a port in use is refused with a message naming http.port and a fix', async () => {
  const other = net.createServer();
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const port = (other.address() as AddressInfo).port;
  try {
    const health = new HealthServer({
      host: '127.0.0.1',
      port,
      log: pino({ level: 'silent' }),
      registry: new Registry(),
      readiness: () => ({}),
    });
    const err = await health.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpsdeskError);
    expect((err as OpsdeskError).toUserText()).toBe(
      `The health and metrics port 127.0.0.1:${port} is already in use (http.port in the config).\n` +
        'Set http.port to a free port (0 picks one), set http.enabled: false, or stop the program using it.',
    );
  } finally {
    other.close();
  }
});
