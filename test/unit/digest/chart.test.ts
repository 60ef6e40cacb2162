import { openIncidentsSpec, renderOpenIncidentsChart } from '../../../src/digest/chart';

describe('open incidents chart', () => {
  const points = Array.from({ length: 30 }, (_, i) => ({
    date: `2026-03-${String(i + 1).padStart(2, '0')}`,
    open: 10 + ((i * 7) % 5),
  }));

  it('builds a vega-lite spec with one value per day', () => {
    const spec = openIncidentsSpec(points) as { data: { values: unknown[] }; title: { text: string } };
    expect(spec.data.values).toHaveLength(30);
    expect(spec.title.text).toBe('Open incidents, last 30 days');
  });

  it('renders a PNG on the server (vega-lite -> SVG -> resvg), no browser', async () => {
    const { png, svg } = await renderOpenIncidentsChart(points);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // IHDR width/height: the spec's 560 px plot plus axes, at scale 2.
    expect(png.readUInt32BE(16)).toBeGreaterThan(1000);
    expect(png.readUInt32BE(20)).toBeGreaterThan(300);
    expect(svg).toContain('Open incidents, last 30 days');
    expect(svg).toContain('<path');
  }, 30_000);
});
