/**
 * Merge mode refreshes only the kinds the input names: a kind without a file in the input keeps the file's
 * text byte for byte (comments and hand edits included); a named kind with an empty list is emptied.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { importInventory } from '../../cli/import';
import { loadSpecText } from '../../schema/load';
import { doctl, doctlFixtures } from './helpers';

const fixture = readFileSync(join(__dirname, 'fixtures', 'commented-migration.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'dropship-merge-partial-'));
let files = 0;

function write(name: string, text: string): string {
  const file = join(mkdtempSync(join(dir, `${files++}-`)), name);
  writeFileSync(file, text);
  return file;
}

/** A fully refreshed file, then edited by hand below its droplets: the kinds a partial refresh must keep. */
const full = importInventory({ inputs: [doctlFixtures], into: write('migration.yaml', fixture) }).text;
const edited = full
  .replace(/\n {2}volumes:\n/, '\n  # volumes: checked by hand on Monday\n  volumes:\n')
  .replace(
    /(\n {2}databases:\n {4}- name: [^\n]+\n)/,
    '$1      # the primary; do not resize before the cutover\n',
  )
  .replace(/\n {2}firewalls:\n/, '\n  firewalls: # kept as exported\n');

/** The text of the block from `  <kind>:` (or its introducing comment) to the end of the file. */
function from(text: string, marker: string): string {
  const at = text.indexOf(marker);
  expect(at).toBeGreaterThan(0);
  return text.slice(at);
}

describe('import --into with only some kinds', () => {
  it('the fixture edits took (else the tests below prove nothing)', () => {
    expect(edited).not.toBe(full);
    expect(edited).toContain('# the primary; do not resize before the cutover');
    expect(loadSpecText(edited, 'edited.yaml').ok).toBe(true);
  });

  it('droplets only: refreshes the droplets and keeps every other kind byte for byte', () => {
    // A stale droplet size that the refresh corrects.
    const stale = edited.replace('size: s-2vcpu-4gb', 'size: s-1vcpu-1gb');
    expect(stale).not.toBe(edited);
    const result = importInventory({
      inputs: [doctl('droplets.json')],
      into: write('migration.yaml', stale),
    });
    expect(result.text).toBe(edited);
    expect(from(result.text, '  # volumes: checked by hand')).toBe(
      from(stale, '  # volumes: checked by hand'),
    );
    expect(result.refreshed).toEqual(['droplets']);
    expect(result.kept).toEqual(['volumes', 'databases', 'domains', 'firewalls', 'loadBalancers']);
  });

  it('is idempotent for a partial refresh', () => {
    const once = importInventory({ inputs: [doctl('droplets.json')], into: write('migration.yaml', edited) });
    const twice = importInventory({
      inputs: [doctl('droplets.json')],
      into: write('migration.yaml', once.text),
    });
    expect(twice.text).toBe(once.text);
    const emptied = write('firewalls.json', '[]\n');
    const a = importInventory({ inputs: [emptied], into: write('migration.yaml', edited) }).text;
    expect(importInventory({ inputs: [emptied], into: write('migration.yaml', a) }).text).toBe(a);
  });

  it('an empty list of a named kind empties it: a doctl [] under its documented name, or an API body', () => {
    for (const [name, text] of [
      ['firewalls.json', '[]\n'],
      ['firewalls.json', 'null\n'],
      ['page-1.json', '{"firewalls": [], "links": {}, "meta": {"total": 0}}\n'],
    ]) {
      const result = importInventory({ inputs: [write(name, text)], into: write('migration.yaml', edited) });
      const loaded = loadSpecText(result.text, 'merged.yaml');
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
      expect(loaded.spec.digitalocean.firewalls).toEqual([]);
      expect(loaded.spec.digitalocean.droplets).toHaveLength(3);
      expect(result.refreshed).toEqual(['firewalls']);
      expect(result.text).toContain('# volumes: checked by hand on Monday');
    }
  });

  it('an empty doctl list under another name names nothing: everything is kept, with a warning', () => {
    const result = importInventory({
      inputs: [write('export.json', '[]\n')],
      into: write('migration.yaml', edited),
    });
    expect(result.text).toBe(edited);
    expect(result.refreshed).toEqual([]);
    expect(result.warnings[0]).toMatch(/export\.json: an empty list, nothing to import/);
  });

  it('firewalls only: their droplet references resolve to the droplets the file keeps', () => {
    const result = importInventory({
      inputs: [doctl('firewalls.json')],
      into: write('migration.yaml', edited),
    });
    expect(result.warnings.filter((w) => w.includes('not among the imported droplets'))).toEqual([]);
    // The same firewalls as the file has: only the comment on the refreshed key's line goes.
    expect(result.text).toBe(edited.replace('  firewalls: # kept as exported\n', '  firewalls:\n'));
  });

  it('a block indented by four spaces: the refreshed kind is written at the same indentation', () => {
    const block = (text: string) =>
      text.slice(text.indexOf('\ndigitalocean:\n'), text.indexOf('\n# ---- The AWS'));
    const wide = edited.replace(block(edited), block(edited).replace(/^(?=  )/gm, '  '));
    expect(wide).toContain('\n    droplets:\n');
    const stale = wide.replace('size: s-2vcpu-4gb', 'size: s-1vcpu-1gb');
    const result = importInventory({
      inputs: [doctl('droplets.json')],
      into: write('migration.yaml', stale),
    });
    expect(result.text).toContain('\n    droplets:\n');
    expect(from(result.text, '    # volumes: checked by hand')).toBe(
      from(stale, '    # volumes: checked by hand'),
    );
    const loaded = loadSpecText(result.text, 'wide.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    expect(loaded.spec.digitalocean.droplets[0].size).toBe('s-2vcpu-4gb');
  });

  it('a block in flow style is regenerated, with the kinds not named kept as data', () => {
    const start = edited.indexOf('\ndigitalocean:\n') + 1;
    const end = edited.indexOf('\n# ---- The AWS');
    const before = parse(edited.slice(start, end)) as { digitalocean: Record<string, unknown> };
    const flow = `${edited.slice(0, start)}digitalocean: ${JSON.stringify(before.digitalocean)}\n${edited.slice(end)}`;
    const stale = flow.replace('"size":"s-2vcpu-4gb"', '"size":"s-1vcpu-1gb"');
    expect(stale).not.toBe(flow);
    const result = importInventory({
      inputs: [doctl('droplets.json')],
      into: write('migration.yaml', stale),
    });
    const loaded = loadSpecText(result.text, 'flow.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const after = (parse(result.text) as { digitalocean: Record<string, unknown> }).digitalocean;
    expect(after).toEqual(before.digitalocean);
    expect(result.kept).toEqual(['volumes', 'databases', 'domains', 'firewalls', 'loadBalancers']);
  });

  it('records of one domain: only that domain is rewritten; a hand-written domain stays', () => {
    const other = '    - name: other-example.org\n      dns: external # at Gandi\n      records: []\n';
    const withOther = edited.replace(/\n {2}firewalls:/, `\n${other}  firewalls:`);
    expect(withOther).not.toBe(edited);
    const result = importInventory({
      inputs: [doctl('records-shop-example.com.json')],
      into: write('migration.yaml', withOther),
    });
    expect(result.text).toBe(
      withOther.replace(other, other.replace('dns: external # at Gandi', 'dns: external')),
    );
    expect(result.refreshed).toEqual(['domains (shop-example.com)']);
  });

  it('a kept part that refers to what the refresh removed is a located error, and nothing is written', () => {
    // The file still lists web-3 (deleted at DigitalOcean), and a hand-kept volume is attached to it.
    const stale = edited
      .replace(
        /\n {2}volumes:\n/,
        '\n    - { name: web-3, id: 410099, size: s-1vcpu-2gb, region: nyc3 }\n  volumes:\n',
      )
      .replace(
        /(\n {2}volumes:\n {4}- name: [^\n]+\n(?: {6}[^\n]*\n)*?) {6}droplet: web-\d\n/,
        '$1      droplet: web-3\n',
      );
    expect(stale).toContain('droplet: web-3');
    expect(loadSpecText(stale, 'stale.yaml').ok).toBe(true);
    const file = write('migration.yaml', stale);
    expect(() => importInventory({ inputs: [doctl('droplets.json')], into: file })).toThrow(
      /no longer validates; nothing written:\n.*migration\.yaml:\d+:\d+: .*web-3/s,
    );
    expect(readFileSync(file, 'utf8')).toBe(stale);
  });
});
