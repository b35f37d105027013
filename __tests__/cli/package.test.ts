/**
 * dropship as a team installs it: `npm pack`, then the tarball installed as a dev-dependency into an empty
 * project, where `npx dropship` validates, synthesizes and plans the team's own migration.yaml.
 *
 * No network: the project's lockfile is the repository's own (its production part: the same versions,
 * integrity hashes and layout), so `npm ci --offline` takes every dependency from the npm cache that
 * installed this checkout, and the tarball from disk. The tarball is packed from dist/ as `npm test`
 * builds it (`--ignore-scripts`: the prepack script is that same build, and running it here would
 * rebuild dist/ under the other tests' feet).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleFile, REPO_ROOT } from '../helpers/examples';
import { ensureBuilt } from '../helpers/built-cli';

interface PackedFile {
  path: string;
  size: number;
}
interface Packed {
  filename: string;
  size: number;
  entryCount: number;
  files: PackedFile[];
}
interface LockEntry {
  dev?: boolean;
  link?: boolean;
  [key: string]: unknown;
}

const npm = (args: string[], cwd: string) =>
  spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });

let work: string;
let packed: Packed;
let project: string;

/** A project whose only dev-dependency is the tarball, locked to the repository's production dependencies. */
function writeProject(tarball: string): string {
  const dir = join(work, 'infra');
  mkdirSync(dir);
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    '': { name: 'infra', version: '1.0.0', devDependencies: { dropship: spec } },
    'node_modules/dropship': {
      version: pkg.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      dev: true,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages))
    if (path !== '' && !entry.dev && !entry.link) packages[path] = { ...entry, dev: true };
  const project = { name: 'infra', version: '1.0.0', private: true, devDependencies: { dropship: spec } };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(project, null, 2));
  writeFileSync(
    join(dir, 'package-lock.json'),
    JSON.stringify(
      { name: 'infra', version: '1.0.0', lockfileVersion: 3, requires: true, packages },
      null,
      2,
    ),
  );
  return dir;
}

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'dropship-package-'));
  const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], REPO_ROOT);
  expect({ status: pack.status, stderr: pack.status === 0 ? '' : pack.stderr }).toEqual({
    status: 0,
    stderr: '',
  });
  packed = (JSON.parse(pack.stdout) as Packed[])[0];
  project = writeProject(join(work, packed.filename));
  const install = npm(['ci', '--no-audit', '--no-fund'], project);
  expect({ status: install.status, stderr: install.status === 0 ? '' : install.stderr }).toEqual({
    status: 0,
    stderr: '',
  });
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const dropship = (args: string[], cwd = project) => {
  const r = spawnSync(join(project, 'node_modules', '.bin', 'dropship'), args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('npm pack', () => {
  it('holds the built CLI, the examples and the docs, and no tests or TypeScript sources', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['bin/dropship.js', 'dist/cli/index.js', 'dist/main.js']));
    expect(paths).toContain('examples/php-shop/migration.yaml');
    const unexpected = paths.filter(
      (p) =>
        !/^(bin|dist|docs|examples)\//.test(p) &&
        !['package.json', 'README.md', 'schema/migration.schema.json', 'cli/plan/plan.schema.json'].includes(
          p,
        ),
    );
    expect(unexpected).toEqual([]);
    expect(paths.filter((p) => /__tests__|\.test\.|(?<!\.d)\.ts$|^dist\/(bench|scripts)\//.test(p))).toEqual(
      [],
    );
  });

  it('is a public package with a bin, engines and a prepack build', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.private).toBeUndefined();
    expect(pkg.bin).toEqual({ dropship: 'bin/dropship.js' });
    expect(pkg.engines).toEqual({ node: expect.stringMatching(/^>=/) });
    expect((pkg.scripts as Record<string, string>).prepack).toBe('npm run build');
    // No install-time script (npm warns of them): the tarball carries dist/, built by prepack.
    const lifecycle = ['preinstall', 'install', 'postinstall', 'prepare'];
    expect(Object.keys(pkg.scripts as object).filter((s) => lifecycle.includes(s))).toEqual([]);
  });
});

describe('installed from the tarball into an empty project', () => {
  beforeAll(() => copyFileSync(exampleFile('php-shop'), join(project, 'migration.yaml')));

  it('validates ./migration.yaml', () => {
    const r = dropship(['validate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^migration\.yaml: valid/);
  });

  it('synthesizes every stack, JSON and HCL', () => {
    const json = dropship(['synth', '--quiet']);
    expect({ code: json.code, stdout: json.stdout }).toEqual({ code: 0, stdout: '' });
    const stacks = readdirSync(join(project, 'cdktf.out', 'stacks'));
    expect(stacks.length).toBeGreaterThan(3);
    const hcl = dropship(['synth', '--hcl', '--out', 'hcl.out', '--quiet']);
    expect(hcl.code).toBe(0);
    expect(readdirSync(join(project, 'hcl.out', 'stacks')).sort()).toEqual(stacks.sort());
  });

  it('plans, as text and as the PR comment', () => {
    const text = dropship(['plan']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Security checks/);
    expect(dropship(['plan', '--format', 'markdown']).code).toBe(0);
  });

  it('reaches the bundled examples only by name, and stops (exit 2) in a folder without migration.yaml', () => {
    const empty = join(project, 'elsewhere');
    mkdirSync(empty);
    expect(dropship(['validate'], empty).code).toBe(2);
    expect(dropship(['validate', '--example', 'django-app'], empty).code).toBe(0);
  });
});
