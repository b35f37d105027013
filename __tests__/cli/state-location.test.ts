/**
 * The Terraform state is never where synth writes. `stateClash` must see a local aws.backend.directory
 * inside, equal to or around the output folder exactly as the kernel will once Terraform runs in
 * `<out>/stacks/<stack>/` — through symlinks and `..` — which the property below checks against the kernel
 * itself (mkdir -p and pwd -P) for generated path shapes. Then the CLI: exit 2 for a clash with this --out
 * (or CDKTF_OUTDIR), exit 1 for a directory that holds the output whatever --out is.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { stateClash } from '../../cli/state-location';
import { loadSpecText } from '../../schema/load';
import { ensureBuilt, PHP_SHOP, runCli } from '../helpers/built-cli';
import { REPO_ROOT } from '../helpers/examples';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'dropship-state-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** php-shop with a local backend in `directory`. */
function specWithStateIn(directory: string): string {
  const text = readFileSync(PHP_SHOP, 'utf8');
  const withDir = text.replace(/^( {4}type: local\b.*)$/m, `$1\n    directory: ${JSON.stringify(directory)}`);
  expect(withDir).not.toBe(text);
  return withDir;
}

/**
 * A project six folders deep (so no generated `..` climbs out of the scratch folder) with folders and
 * symlinks: a/b, la → a, lb → a/b, a/up → .., le → elsewhere.
 */
function project(): string {
  const root = realpathSync(mkdtempSync(join(scratch, 'p-')));
  const p = join(root, 'w1', 'w2', 'w3', 'w4', 'w5', 'project');
  mkdirSync(join(p, 'a', 'b'), { recursive: true });
  mkdirSync(join(p, 'elsewhere'));
  symlinkSync('a', join(p, 'la'));
  symlinkSync('a/b', join(p, 'lb'));
  symlinkSync('..', join(p, 'a', 'up'));
  symlinkSync(join(p, 'elsewhere'), join(p, 'le'));
  return p;
}

/** The kernel's answer: create the folder (from `cwd`) and print its real path. */
function kernelPath(cwd: string, path: string): string {
  const r = spawnSync('sh', ['-c', 'mkdir -p -- "$1" && cd -P -- "$1" && pwd -P', 'sh', path], {
    cwd,
    encoding: 'utf8',
  });
  expect(r.status).toBe(0);
  return r.stdout.trim();
}

type Relation = 'none' | 'equal' | 'inside' | 'around';
function relationOf(state: string, out: string): Relation {
  if (state === out) return 'equal';
  const inside = (child: string, parent: string) => {
    const rel = relative(parent, child);
    return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep);
  };
  if (inside(state, out)) return 'inside';
  if (inside(out, state)) return 'around';
  return 'none';
}

const OUTS = ['cdktf.out', 'a/out', 'la/out', 'a/b/out', 'lb/out', 'le/out'];
const PART = fc.constantFrom(
  '.',
  '..',
  'a',
  'b',
  'la',
  'lb',
  'up',
  'le',
  'state',
  'stacks',
  'elsewhere',
  'x',
);

/** A state directory shape: often starting with the output folder's own name, relative or absolute. */
const shapes = fc.record({
  out: fc.constantFrom(...OUTS),
  startsAtOutput: fc.boolean(),
  parts: fc.array(PART, { maxLength: 5 }),
  absolute: fc.boolean(),
  trailingSlash: fc.boolean(),
});
type Shape = typeof shapes extends fc.Arbitrary<infer T> ? T : never;

function directoryOf(shape: Shape, p: string): string {
  const parts = [...(shape.startsAtOutput ? [shape.out.split('/').pop() as string] : []), ...shape.parts];
  const rel = parts.join('/') + (shape.trailingSlash && parts.length ? '/' : '');
  // An absolute directory is written from the project folder (where a relative one starts for cdktf.out).
  return shape.absolute ? join(p, rel) + (shape.trailingSlash ? '/' : '') : rel;
}

describe('stateClash agrees with the kernel', () => {
  it('inside, equal, around or apart, through symlinks and .. (generated path shapes)', () => {
    const seen = new Set<Relation>();
    fc.assert(
      fc.property(shapes, (shape) => {
        const p = project();
        const out = join(p, shape.out);
        const directory = directoryOf(shape, p);
        // Decided before anything below the project exists, as synth decides it.
        const clash = stateClash(directory, out);
        const realOut = kernelPath(p, shape.out);
        mkdirSync(join(realOut, 'stacks', 'network'), { recursive: true });
        const realState = kernelPath(
          join(realOut, 'stacks', 'network'),
          shape.absolute ? directory : `../../../${directory}`,
        );
        const expected = relationOf(realState, realOut);
        seen.add(expected);
        expect({ directory, out: shape.out, clash: clash !== undefined }).toEqual({
          directory,
          out: shape.out,
          clash: expected !== 'none',
        });
        if (clash) expect(clash.state).toBe(realState);
      }),
      { numRuns: 300 },
    );
    expect([...seen].sort()).toEqual(['around', 'equal', 'inside', 'none']);
  });
});

describe('validate and synth', () => {
  beforeAll(ensureBuilt);

  it('a directory made only of ., .. and / holds the output for any --out: a located spec error (exit 1)', () => {
    const around = fc
      .array(fc.constantFrom('.', '..', ''), { maxLength: 4 })
      .chain((parts) => fc.boolean().map((absolute) => (absolute ? '/' : '') + parts.join('/')));
    fc.assert(
      fc.property(around, (directory) => {
        const loaded = loadSpecText(specWithStateIn(directory), 'migration.yaml');
        expect(loaded.ok).toBe(false);
        if (loaded.ok) return;
        const error = loaded.diagnostics.find((d) => d.code === 'backend/state-around-output');
        expect(error).toMatchObject({ severity: 'error', path: 'aws.backend.directory' });
        expect(error?.hint).toMatch(/terraform-state/);
      }),
    );
    const named = fc
      .array(fc.constantFrom('.', '..', 'state', 'x'), { minLength: 1, maxLength: 4 })
      .filter((parts) => parts.some((p) => p !== '.' && p !== '..'));
    fc.assert(
      fc.property(named, (parts) => {
        const loaded = loadSpecText(specWithStateIn(parts.join('/')), 'migration.yaml');
        const codes = loaded.ok ? [] : loaded.diagnostics.map((d) => d.code);
        expect(codes).not.toContain('backend/state-around-output');
      }),
    );
    const dir = mkdtempSync(join(scratch, 'cli-'));
    writeFileSync(join(dir, 'migration.yaml'), specWithStateIn('.'));
    for (const args of [['validate'], ['synth', '--out', 'cdktf.out']]) {
      const r = runCli([...args.slice(0, 1), 'migration.yaml', ...args.slice(1)], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^migration\.yaml:\d+:\d+: error: the state folder "\." holds the synth output folder/m,
      );
    }
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  it('the issue’s case: state in cdktf.out/stacks/state is refused (exit 2) and the state survives', () => {
    const dir = mkdtempSync(join(scratch, 'issue-'));
    writeFileSync(join(dir, 'migration.yaml'), specWithStateIn('cdktf.out/stacks/state'));
    const first = runCli(['synth', 'migration.yaml'], dir);
    expect(first.code).toBe(2);
    expect(first.stderr).toMatch(
      /^dropship: refusing to synthesize to cdktf\.out: aws\.backend\.directory "cdktf\.out\/stacks\/state" \(migration\.yaml:\d+:\d+\) puts the Terraform state in .*\/cdktf\.out\/stacks\/state, which is inside the output folder/m,
    );
    expect(first.stderr).toContain('Choose another --out, or another state folder');
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
    // A state written there by an earlier dropship (which allowed it) is left alone too.
    mkdirSync(join(dir, 'cdktf.out', 'stacks', 'state'), { recursive: true });
    writeFileSync(join(dir, 'cdktf.out', 'stacks', 'state', 'network.tfstate'), '{"serial": 3}');
    expect(runCli(['synth', 'migration.yaml'], dir).code).toBe(2);
    expect(readFileSync(join(dir, 'cdktf.out', 'stacks', 'state', 'network.tfstate'), 'utf8')).toBe(
      '{"serial": 3}',
    );
  });

  it('generated clashes through the built CLI: exit 2 and nothing written; apart: written', () => {
    const cases = fc.sample(shapes, { numRuns: 400, seed: 15 });
    const chosen: { shape: Shape; clash: boolean }[] = [];
    for (const shape of cases) {
      const p = project();
      const clash = stateClash(directoryOf(shape, p), join(p, shape.out)) !== undefined;
      if (chosen.filter((c) => c.clash === clash).length < (clash ? 5 : 2)) chosen.push({ shape, clash });
    }
    expect(chosen).toHaveLength(7);
    for (const { shape, clash } of chosen) {
      const p = project();
      writeFileSync(join(p, 'migration.yaml'), specWithStateIn(directoryOf(shape, p)));
      const r = runCli(['synth', 'migration.yaml', '--out', shape.out, '--quiet'], p);
      expect({ out: shape.out, code: r.code }).toEqual({ out: shape.out, code: clash ? 2 : 0 });
      if (clash) {
        expect(r.stderr).toMatch(/^dropship: refusing to synthesize to .*: aws\.backend\.directory/m);
        expect(existsSync(join(p, shape.out))).toBe(false);
      }
    }
  });

  it('npx cdktf synth (main.ts) refuses a state directory inside CDKTF_OUTDIR the same way', () => {
    const dir = mkdtempSync(join(scratch, 'main-'));
    writeFileSync(join(dir, 'migration.yaml'), specWithStateIn('build/state'));
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'main.js')], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, DROPSHIP_SPEC: 'migration.yaml', CDKTF_OUTDIR: join(dir, 'build') },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`dropship: refusing to synthesize to ${join(dir, 'build')}`);
    expect(existsSync(join(dir, 'build'))).toBe(false);
  });
});
