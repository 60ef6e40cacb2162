/**
 * The console prints a file attached on request (`deploy show … --csv`) whole after its message, so an operator at a
 * terminal gets the list too. Would catch: a file silently dropped on the console, or printed unindented into the
 * prompt.
 */
import { PassThrough, Writable } from 'node:stream';
import { ConsoleAdapter } from '../../../adapters/shell/console-adapter';

test('a file is printed after its message, indented, with its name and size', async () => {
  let out = '';
  const output = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  const adapter = new ConsoleAdapter({
    input: new PassThrough(),
    output,
    defaultUser: 'oscar',
    users: ['oscar'],
    ansi: false,
  });
  const csv = 'host,state\r\npc-03,failed\r\n';
  await adapter.post(
    { platform: 'console', channel: '#operators' },
    {
      text: 'Deployment D-9 of RFC-4: 1 host(s) failed. The whole list is attached: deploy-D-9-failed.csv.',
      file: { data: Buffer.from(csv), filename: 'deploy-D-9-failed.csv', mimetype: 'text/csv', title: 'D-9' },
    },
  );
  const lines = out.split('\n');
  const at = lines.findIndex((l) => l.includes(`--- deploy-D-9-failed.csv (${Buffer.byteLength(csv)} bytes) ---`));
  expect(at).toBeGreaterThan(0);
  expect(lines.slice(at + 1, at + 3).map((l) => l.trimEnd())).toEqual(['    host,state', '    pc-03,failed']);
});
