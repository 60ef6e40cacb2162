import { withDbName } from './bench-database';
import { versus } from './bench-row';
import { atRate, percentile, rateUntilLatencyGrows } from './load';
import { baselineNotes, machineLine, renderTable } from './render-table';

describe('bench helpers', () => {
  it('puts the bench database name into any MongoDB URI', () => {
    expect(withDbName('mongodb://h:1/opsdesk', 'b')).toBe('mongodb://h:1/b');
    expect(withDbName('mongodb://h:1', 'b')).toBe('mongodb://h:1/b');
    expect(withDbName('mongodb://u:p@h:1,h2:2/x?replicaSet=r', 'b')).toBe('mongodb://u:p@h:1,h2:2/b?replicaSet=r');
    expect(withDbName('mongodb+srv://c.example/db?w=1', 'b')).toBe('mongodb+srv://c.example/b?w=1');
    expect(() => withDbName('http://h/x', 'b')).toThrow(/MONGODB_URI/u);
  });

  it('takes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(xs, 50), percentile(xs, 99), percentile(xs, 100), percentile([7], 99)]).toEqual([
      50, 99, 100, 7,
    ]);
    expect(percentile([], 50)).toBeNaN();
  });

  it('prints one Markdown table with ratios and names the machine', () => {
    const table = renderTable([versus('digest', 30, 'ms', 10, 'bare'), { name: 'insert', value: 1234.5, unit: 's' }]);
    expect(table.split('\n')).toEqual([
      '| name   |   value | unit | baseline | ratio |',
      '|--------|--------:|------|---------:|------:|',
      '| digest |      30 | ms   |       10 |    3x |',
      '| insert | 1,234.5 | s    |          |       |',
    ]);
    const notes = [
      versus('p50 (5/s)', 2, 'ms', 1, 'bare insert'),
      versus('p99 (5/s)', 3, 'ms', 1, 'bare insert'),
      versus('memory (RSS), idle', 2, 'MiB', 1, 'bare node'),
    ];
    expect(baselineNotes([...notes, { name: 'x', value: 1, unit: 's' }])).toBe(
      '- p50; p99: bare insert\n- memory (RSS), idle: bare node',
    );
    const cpu = { model: 'AMD  EPYC ', speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } };
    expect(machineLine([cpu, cpu], 8 * 2 ** 30, 'v24.21.0', 'ferretdb')).toBe(
      'Machine: AMD EPYC, 2 cores, 8.0 GiB RAM, Node v24.21.0, database ferretdb',
    );
  });

  it('sends open loop at a fixed rate and counts unanswered requests at the timeout', async () => {
    const started: number[] = [];
    const r = await atRate(
      100,
      0.2,
      async (i) => {
        started.push(Date.now());
        if (i === 3) return new Promise(() => undefined); // never answered
        await new Promise((done) => setTimeout(done, 5));
      },
      300,
    );
    expect(r).toMatchObject({ rate: 100, sent: 20, answered: 19 });
    expect(r.p99).toBe(300);
    expect(r.p50).toBeGreaterThanOrEqual(5);
    expect(r.p50).toBeLessThan(100);
    expect(started.at(-1)! - started[0]).toBeGreaterThanOrEqual(150); // spread over 0.2 s, not a burst
  });

  it('steps the rate up until the median doubles', async () => {
    // A server that handles 30 requests a second, one at a time: at 56/s its queue grows without end.
    let free = 0;
    const server = async () => {
      const now = Date.now();
      free = Math.max(free, now) + 1000 / 30;
      await new Promise((done) => setTimeout(done, free - now));
    };
    const { steps, sustained } = await rateUntilLatencyGrows(server, {
      baseP50: 40,
      start: 10,
      sustained: 5,
      maxRate: 120,
      seconds: 0.5,
    });
    const rates = steps.map((s) => s.rate);
    expect(rates).toEqual([10, 14, 20, 28, 40, 57, 81, 115].slice(0, rates.length));
    // It stops at the first step whose median reached twice the base, and reports the step before.
    expect(steps.at(-1)!.p50).toBeGreaterThanOrEqual(80);
    expect(steps.slice(0, -1).every((s) => s.p50 < 80)).toBe(true);
    expect(sustained).toBe(rates.at(-2) ?? 5);
    expect(rates.at(-1)).toBeLessThanOrEqual(57);
  });
});
