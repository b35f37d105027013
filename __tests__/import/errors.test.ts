/** Bad input names the file and the JSON path, exits 1 (2 for I/O), and nothing is written. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importInventory, ImportError } from '../../cli/import';
import { captureOutput } from '../helpers/output';
import { doctl } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'dropship-import-errors-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
function failure(inputs: string[], extra: Partial<Parameters<typeof importInventory>[0]> = {}): ImportError {
  try {
    importInventory({ inputs, ...extra });
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('expected the import to fail');
}

const droplet = (over: Record<string, unknown> = {}) => ({
  id: 1,
  name: 'web-1',
  size_slug: 's-1vcpu-1gb',
  region: { slug: 'nyc3' },
  networks: { v4: [], v6: [] },
  ...over,
});

describe('bad input', () => {
  it('malformed JSON: line and column, no echo of the source text', () => {
    const bad = file('dbs.json', '[\n  {"name": "db", "password": "s3cr3t-value",\n   oops}\n]');
    const err = failure([bad]);
    expect(err.message).toBe(
      `${bad}: malformed JSON at line 3, column 4: expected a double-quoted property name, found character "o"`,
    );
    expect(err.exitCode).toBe(1);
    expect(err.message).not.toContain('s3cr3t');
    expect(failure([file('trailing.json', '{"droplets": []} x')]).message).toMatch(
      /line 1, column 18: unexpected character "x" after the JSON value/,
    );
    expect(failure([file('empty.json', '  \n')]).message).toMatch(/empty\.json: the file is empty/);
  });

  it('a missing or mistyped field: file and JSON path (API body and doctl array)', () => {
    const api = file(
      'droplets.json',
      JSON.stringify({
        droplets: [droplet(), droplet({ id: 2, name: 'b' }), droplet({ id: 3, size_slug: null })],
      }),
    );
    expect(failure([api]).message).toBe(`${api}: $.droplets[2].size_slug: expected a string (found null)`);
    const bare = file('bare.json', JSON.stringify([droplet(), { ...droplet({ id: 2 }), name: undefined }]));
    expect(failure([bare]).message).toBe(`${bare}: $[1].name: expected a string (found nothing)`);
    const deep = file(
      'lbs.json',
      JSON.stringify({
        load_balancers: [
          {
            id: 'x',
            name: 'lb',
            forwarding_rules: [
              { entry_protocol: 'http', entry_port: '80', target_protocol: 'http', target_port: 80 },
            ],
          },
        ],
      }),
    );
    expect(failure([deep]).message).toBe(
      `${deep}: $.load_balancers[0].forwarding_rules[0].entry_port: expected an integer (found string "80")`,
    );
  });

  it('a shape that is neither doctl nor API', () => {
    const object = file('what.json', JSON.stringify({ kittens: [] }));
    expect(failure([object]).message).toMatch(
      new RegExp(
        `^${object.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: \\$: neither a doctl -o json array, a DigitalOcean API response nor an aws s3api response`,
      ),
    );
    const apiError = file(
      'err.json',
      JSON.stringify({ id: 'unauthorized', message: 'Unable to authenticate you' }),
    );
    expect(failure([apiError]).message).toBe(
      `${apiError}: $: a DigitalOcean API error response, not an inventory (unauthorized: Unable to authenticate you)`,
    );
    const array = file('what2.json', JSON.stringify([{ colour: 'blue' }]));
    expect(failure([array]).message).toMatch(/what2\.json: \$\[0\]: cannot tell which DigitalOcean resource/);
    expect(failure([file('scalar.json', '42')]).message).toMatch(
      /scalar\.json: \$: expected a doctl -o json array/,
    );
  });

  it('I/O problems exit 2', () => {
    const missing = join(dir, 'nope.json');
    expect(failure([missing])).toMatchObject({
      exitCode: 2,
      message: `${missing}: cannot read: no such file or folder`,
    });
    const emptyDir = mkdtempSync(join(tmpdir(), 'dropship-empty-'));
    expect(failure([emptyDir])).toMatchObject({
      exitCode: 2,
      message: `${emptyDir}: the folder has no .json files`,
    });
    expect(failure([doctl('droplets.json')], { project: 'Bad Name' })).toMatchObject({ exitCode: 2 });
    expect(failure([doctl('droplets.json')], { domains: ['not a domain=x.json'] })).toMatchObject({
      exitCode: 2,
    });
  });

  it('the CLI writes nothing when the import fails, and replaces --out only on success', () => {
    const { runImport } = require('../../cli/commands/import') as typeof import('../../cli/commands/import');
    const out = join(dir, 'out.yaml');
    const bad = file('bad.json', '{');
    expect(() => runImport({ inputs: [bad], out })).toThrow(expect.objectContaining({ exitCode: 1 }));
    expect(existsSync(out)).toBe(false);
    writeFileSync(out, 'previous\n');
    expect(() => runImport({ inputs: [bad], out })).toThrow();
    expect(readFileSync(out, 'utf8')).toBe('previous\n');
    expect(captureOutput(() => runImport({ inputs: [doctl('droplets.json')], out })).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(
      // No dropship installed in the scratch folder: no schema line (it would lead outside).
      /^# migration.yaml drafted by `dropship import`/,
    );
    expect(
      require('node:fs')
        .readdirSync(dir)
        .filter((f: string) => f.includes('.tmp-')),
    ).toEqual([]);
  });
});

describe('DigitalOcean data migration.yaml cannot express', () => {
  it('is an error naming the spec path, and nothing is drafted', () => {
    const dbs = file(
      'five-nodes.json',
      JSON.stringify([
        { id: 'd', name: 'big', engine: 'pg', version: '16', size: 'db-s-2vcpu-4gb', num_nodes: 5 },
      ]),
    );
    const err = failure([dbs]);
    expect(err.exitCode).toBe(1);
    expect(err.message).toMatch(
      /^the imported inventory does not make a valid migration.yaml; nothing written:\n  digitalocean\.databases\[0\]\.nodes: /,
    );
  });
});

describe('a paginated API response saved one page at a time', () => {
  it('imports the page and warns that the rest is missing', () => {
    const page = file(
      'page1.json',
      JSON.stringify({
        droplets: [droplet()],
        links: { pages: { next: 'https://api.digitalocean.com/v2/droplets?page=2&per_page=1' } },
        meta: { total: 3 },
      }),
    );
    const result = importInventory({ inputs: [page] });
    expect(result.warnings).toContain(
      `${page}: holds one page (1 of 3) of a paginated API response; fetch every page (per_page=200 and links.pages.next) or use doctl, which does`,
    );
  });
});
