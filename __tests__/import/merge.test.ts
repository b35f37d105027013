/**
 * Merge mode (`--into`): only the `digitalocean:` block is replaced; every byte before and after it, the
 * human half with its comments and odd formatting, stays exactly as it was.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importInventory } from '../../cli/import';
import { loadSpecText } from '../../schema/load';
import { exampleText } from '../helpers/examples';
import { doctl, doctlFixtures } from './helpers';

const original = readFileSync(join(__dirname, 'fixtures', 'commented-migration.yaml'), 'utf8');

function copy(text = original): string {
  const file = join(mkdtempSync(join(tmpdir(), 'dropship-merge-')), 'migration.yaml');
  writeFileSync(file, text);
  return file;
}

/** The text before `digitalocean:` and from the next section's comment on. */
function outside(text: string): [string, string] {
  const start = text.indexOf('\ndigitalocean:\n') + 1;
  const end = text.indexOf('\n# ---- The AWS target');
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return [text.slice(0, start), text.slice(end)];
}

describe('import --into', () => {
  const into = copy();
  const result = importInventory({ inputs: [doctlFixtures], into });
  const merged = result.text;

  it('keeps everything outside digitalocean: byte for byte', () => {
    expect(outside(merged)).toEqual(outside(original));
    // The comment introducing the block stays too, exactly once.
    expect(merged.split('# ---- What runs today (stale').length).toBe(2);
  });

  it('replaces the inventory with the fresh one', () => {
    const loaded = loadSpecText(merged, 'merged.yaml');
    expect(loaded.ok ? [] : loaded.diagnostics).toEqual([]);
    if (!loaded.ok) return;
    const inventory = loaded.spec.digitalocean;
    expect(inventory.droplets.map((d) => [d.name, d.size])).toEqual([
      ['web-1', 's-2vcpu-4gb'],
      ['web-2', 's-2vcpu-4gb'],
      ['queue-worker-1', 's-1vcpu-2gb'],
    ]);
    expect(inventory.volumes[0].sizeGb).toBe(50);
    expect(inventory.domains[0].records).toHaveLength(12);
    expect(inventory.loadBalancers.map((lb) => lb.name)).toEqual(['shop-lb']);
    expect(merged).not.toContain('id: 410099'); // web-3, deleted
    expect(merged).not.toContain('# records were never filled in');
  });

  it('carries over what only a human knows: role, mount path, passwordSecret, DNS host', () => {
    const loaded = loadSpecText(merged, 'merged.yaml');
    if (!loaded.ok) throw new Error('invalid');
    const inventory = loaded.spec.digitalocean;
    expect(inventory.droplets[0].role).toBe('nginx + php-fpm');
    expect(inventory.volumes[0].mountPath).toBe('/mnt/uploads');
    expect(inventory.databases[0].passwordSecret).toBe('mysql-dump-source');
    expect(inventory.domains[0].dns).toBe('external');
    // No draft is added to the human half: no second secret, no new apps.
    expect(loaded.spec.secrets.map((s) => s.name)).toEqual(['mysql-dump-source']);
    expect(loaded.spec.apps.map((a) => a.name)).toEqual(['web']);
  });

  it('is idempotent', () => {
    const again = copy(merged);
    expect(importInventory({ inputs: [doctlFixtures], into: again }).text).toBe(merged);
  });

  it('adds the block before the AWS-target section when the file has none', () => {
    const [before, after] = outside(original);
    const withoutInventory = `${before}${after.replace(/^\n/, '')}`.replace(
      '# ---- What runs today (stale: web-3 was deleted last week) ----\n',
      '',
    );
    const text = importInventory({ inputs: [doctlFixtures], into: copy(withoutInventory) }).text;
    expect(text.indexOf('digitalocean:')).toBeLessThan(text.indexOf('# ---- The AWS target'));
    expect(text.replace(/digitalocean:\n(( .*)?\n)*\n/, '')).toBe(withoutInventory);
    expect(loadSpecText(text).ok).toBe(true);
  });

  it('refuses, writing nothing, when the rest of the file would lose a reference; --force writes anyway', () => {
    const file = copy();
    // An empty volumes.json names the volumes: they are emptied, and the app's volume reference breaks.
    const noVolumes = join(mkdtempSync(join(tmpdir(), 'dropship-merge-')), 'volumes.json');
    writeFileSync(noVolumes, '[]\n');
    const inputs = [doctl('droplets.json'), doctl('load-balancers.json'), noVolumes];
    expect(() => importInventory({ inputs, into: file })).toThrow(
      /no longer validates; nothing written:\n.*migration\.yaml:\d+:\d+: `shop-uploads` is not declared/s,
    );
    expect(readFileSync(file, 'utf8')).toBe(original);
    const forced = importInventory({ inputs, into: file, force: true });
    expect(forced.problems.length).toBeGreaterThan(0);
  });

  it('rejects a target that is not a migration.yaml mapping', () => {
    const file = copy('- just\n- a list\n');
    expect(() => importInventory({ inputs: [doctlFixtures], into: file })).toThrow(
      'cannot merge into it: expected a migration.yaml whose top level is a block mapping',
    );
    expect(() =>
      importInventory({ inputs: [doctlFixtures], into: join(tmpdir(), 'no-such-dir', 'm.yaml') }),
    ).toThrow(/cannot read: no such file/);
  });

  it('works on the bundled example too', () => {
    const file = copy(exampleText('php-shop'));
    const example = readFileSync(file, 'utf8');
    copyFileSync(file, `${file}.orig`);
    const text = importInventory({ inputs: [doctlFixtures], into: file, force: true }).text;
    const head = example.slice(0, example.indexOf('\ndigitalocean:\n'));
    expect(text.startsWith(head)).toBe(true);
    const tail = example.slice(example.indexOf('\n# ---- The AWS target'));
    expect(text.endsWith(tail)).toBe(true);
  });
});
