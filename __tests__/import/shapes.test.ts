/**
 * doctl prints the API's objects as a bare array, minus the fields godo does not model and with 0 for the
 * record fields the API leaves null. Both shapes of the same data must give the same migration.yaml.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importInventory } from '../../cli/import';
import { apiFixtures, doctlFixtures, hasApiFixtures, warnIfNoApiFixtures } from './helpers';

const API_KEY: Record<string, string> = {
  'droplets.json': 'droplets',
  'volumes.json': 'volumes',
  'databases.json': 'databases',
  'domains.json': 'domains',
  'records-shop-example.com.json': 'domain_records',
  'firewalls.json': 'firewalls',
  'load-balancers.json': 'load_balancers',
  'vpcs.json': 'vpcs',
};
const RECORD_INTS = ['priority', 'port', 'weight', 'flags'];

function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dropship-shapes-'));
  for (const [name, data] of Object.entries(files))
    writeFileSync(join(dir, name), JSON.stringify(data, null, 2));
  return dir;
}
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('doctl arrays and API bodies of the same data', () => {
  it('doctl fixtures wrapped as API responses give the same file', () => {
    const wrapped: Record<string, unknown> = {};
    for (const name of readdirSync(doctlFixtures).filter((f) => f.endsWith('.json'))) {
      let items = read(join(doctlFixtures, name)) as Record<string, unknown>[];
      if (API_KEY[name] === 'domain_records')
        items = items.map((r) => ({
          ...r,
          ...Object.fromEntries(RECORD_INTS.map((k) => [k, r[k] === 0 ? null : r[k]])),
          tag: r.tag ?? null,
        }));
      expect(API_KEY[name]).toBeDefined();
      wrapped[name] = { [API_KEY[name]]: items, links: {}, meta: { total: items.length } };
    }
    const asDoctl = importInventory({ inputs: [doctlFixtures], project: 'shop' }).text;
    const asApi = importInventory({ inputs: [folder(wrapped)], project: 'shop' }).text;
    expect(asApi).toBe(asDoctl);
  });

  warnIfNoApiFixtures();
  (hasApiFixtures ? it : it.skip)(
    'real API responses unwrapped the way doctl prints them give the same file',
    () => {
      const names = [
        'droplets-list.json',
        'databases-list-mysql-pg.doctl.json',
        'domains-list.json',
        'domain-records-list.json',
        'firewalls-list.json',
        'load-balancers-list.json',
        'volumes-list.json',
        'vpcs-list.json',
      ];
      const original: Record<string, unknown> = {};
      const doctlShaped: Record<string, unknown> = {};
      for (const name of names) {
        const body = read(join(apiFixtures, name)) as Record<string, unknown>;
        original[name] = body;
        const key = Object.keys(body).find((k) => Array.isArray(body[k]))!;
        const items = (body[key] as Record<string, unknown>[]).map((item) => {
          const copy = { ...item };
          // Fields godo does not model; doctl never prints them.
          for (const dropped of [
            'disk_info',
            'semantic_version',
            'read_only',
            'version_end_of_life',
            'version_end_of_availability',
          ])
            delete copy[dropped];
          if (key === 'domain_records') for (const k of RECORD_INTS) copy[k] = copy[k] ?? 0;
          return copy;
        });
        doctlShaped[name] = items;
      }
      const apiDir = folder(original);
      const doctlDir = folder(doctlShaped);
      mkdirSync(join(doctlDir, 'unused'), { recursive: true });
      expect(importInventory({ inputs: [doctlDir] }).text).toBe(importInventory({ inputs: [apiDir] }).text);
    },
  );
});
