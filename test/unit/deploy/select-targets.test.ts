import { parseInventory } from '../../../src/inventory/parse-inventory';
import { selectHosts, targetQuery } from '../../../src/inventory/select-targets';

const yaml = `
hosts:
  - { name: PC-Nordby-01, address: 10.0.0.1, school: nordby, role: classroom, groups: [pilot], attributes: { os: bookworm } }
  - { name: pc-nordby-02, address: 10.0.0.2, school: nordby, role: staff, attributes: { os: bullseye } }
  - { name: pc-sandvik-01, address: 10.0.1.1, port: 2222, school: sandvik, role: classroom, segment: sandvik-lan }
`;

test('YAML import normalises names and fills defaults', () => {
  const r = parseInventory(yaml, 'yaml');
  expect(r.errors).toEqual([]);
  expect(r.hosts.map((h) => [h.name, h.port])).toEqual([
    ['pc-nordby-01', 22],
    ['pc-nordby-02', 22],
    ['pc-sandvik-01', 2222],
  ]);
});

test('CSV import maps aliases, groups and free attributes; a bad row refuses with its row number', () => {
  const csv =
    'hostname,ip,port,school,group,os,fingerprint\npc-1,10.0.0.1,22,nordby,pilot;exam,bookworm,SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU\npc-2,10.0.0.2,70000,nordby,,bookworm,\n';
  const r = parseInventory(csv, 'csv');
  expect(r.hosts).toHaveLength(1);
  expect(r.hosts[0]).toMatchObject({
    name: 'pc-1',
    groups: ['pilot', 'exam'],
    attributes: { os: 'bookworm' },
    hostKey: 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU',
  });
  expect(r.errors).toEqual([expect.stringMatching(/^row 2 .*port/u)]);
});

test('duplicates and a wrong fingerprint are errors', () => {
  const r = parseInventory(
    '- { name: a, address: h }\n- { name: A, address: h2 }\n- { name: b, address: h, hostKey: nope }\n',
    'yaml',
  );
  expect(r.errors).toEqual([expect.stringContaining('a appears twice'), expect.stringContaining('SHA256 fingerprint')]);
});

describe('target selection', () => {
  const hosts = parseInventory(yaml, 'yaml').hosts;
  const names = (words: string[], pairs: Record<string, string> = {}) => selectHosts(hosts, targetQuery(words, pairs));

  test('by group, school and host name; a leading "to" is ignored', () => {
    expect(names(['to', 'pilot']).hosts.map((h) => h.name)).toEqual(['pc-nordby-01']);
    expect(names(['nordby']).hosts.map((h) => h.name)).toEqual(['pc-nordby-01', 'pc-nordby-02']);
    expect(names(['pc-sandvik-01', 'pilot']).hosts).toHaveLength(2);
  });

  test('filters must all match; commas are alternatives; globs on names', () => {
    expect(names([], { school: 'nordby', role: 'classroom' }).hosts.map((h) => h.name)).toEqual(['pc-nordby-01']);
    expect(names([], { role: 'classroom,staff', os: 'bullseye' }).hosts.map((h) => h.name)).toEqual(['pc-nordby-02']);
    expect(names(['pc-*-01']).hosts.map((h) => h.name)).toEqual(['pc-nordby-01', 'pc-sandvik-01']);
  });

  test('unknown names are reported, not ignored', () => {
    expect(names(['pilot', 'nowhere']).unknown).toEqual(['nowhere']);
  });
});
