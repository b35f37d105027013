/**
 * What `dropship synth --out` may replace, and how it fails. The output carries dropship-output.json, the
 * record of what dropship wrote; a folder holding anything else — wherever it sits, whatever it is named,
 * with or without the record — is refused with every byte left as it was. Write failures while
 * synthesizing (a full disk, permissions, a read-only file system, too many open files) are exit 2 naming
 * the file and the reason, and the previous output stays. Through the built CLI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import fc from 'fast-check';
import { ensureBuilt, PHP_SHOP, runCli, runCliAsync } from '../helpers/built-cli';
import { faultHook, reasonOf, type Fault } from '../helpers/faults';
import { filesUnder, readFilesUnder } from '../helpers/files';

const MARKER = 'dropship-output.json';

let dir: string;
/** A finished output of each kind, copied for each case: with the record, without (earlier dropship), HCL. */
const bases: Record<'marked' | 'legacy' | 'legacyHcl', string> = { marked: '', legacy: '', legacyHcl: '' };

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'dropship-synth-out-'));
  for (const [kind, extra] of [
    ['marked', []],
    ['legacy', []],
    ['legacyHcl', ['--hcl']],
  ] as const) {
    const out = join(dir, `base-${kind}`);
    expect(synth(out, ...extra).code).toBe(0);
    if (kind !== 'marked') rmSync(join(out, MARKER), { force: true });
    bases[kind] = out;
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function synth(out: string, ...extra: string[]) {
  return runCli(['synth', PHP_SHOP, '--out', out, '--quiet', ...extra], dir);
}

/** A fresh copy of a base output at a new path. */
function copyOf(kind: keyof typeof bases): string {
  const out = join(mkdtempSync(join(dir, 'case-')), 'out');
  cpSync(bases[kind], out, { recursive: true });
  return out;
}

/** Staging and set-aside folders synth leaves beside the output (there must be none after it exits). */
const leftoversBeside = (out: string) =>
  readdirSync(dirname(out)).filter((name) => name.startsWith(`.${basename(out)}.`));

interface Record1 {
  writtenBy: string;
  format: number;
  files: string[];
  stacks: Record<string, string[]>;
}

describe('the record of what synth wrote', () => {
  it('lists exactly the files of the output, per stack, in both layouts and in HCL', () => {
    for (const extra of [[], ['--layout', 'per-app'], ['--hcl']]) {
      const out = join(mkdtempSync(join(dir, 'record-')), 'out');
      expect(synth(out, ...extra).code).toBe(0);
      const record = JSON.parse(readFileSync(join(out, MARKER), 'utf8')) as Record1;
      expect([record.writtenBy, record.format]).toEqual(['dropship', 1]);
      const listed = [
        ...record.files,
        ...Object.entries(record.stacks).flatMap(([stack, files]) =>
          files.map((f) => `stacks/${stack}/${f}`),
        ),
      ].sort();
      expect(listed).toEqual(filesUnder(out).filter((f) => f !== MARKER));
    }
  });

  it('replaces its own output and keeps terraform init’s lock file and provider cache of each stack it still has', () => {
    const out = copyOf('marked');
    const stacks = readdirSync(join(out, 'stacks'));
    const working = Object.fromEntries(
      stacks.flatMap((stack, i) => [
        [`stacks/${stack}/.terraform.lock.hcl`, `# lock ${i}`],
        [`stacks/${stack}/.terraform/providers/registry/aws/x`, `cache ${i}`],
      ]),
    );
    for (const [file, text] of Object.entries(working)) {
      mkdirSync(dirname(join(out, file)), { recursive: true });
      writeFileSync(join(out, file), text);
    }
    // Twice: what the first synth carried over, the second carries again.
    for (let run = 0; run < 2; run++) {
      expect(synth(out).code).toBe(0);
      expect(readFilesUnder(out)).toEqual({ ...readFilesUnder(bases.marked), ...working });
    }
    expect(leftoversBeside(out)).toEqual([]);
    // Another layout has other stacks: working files of a stack that is gone go with it.
    expect(synth(out, '--layout', 'per-app').code).toBe(0);
    const kept = filesUnder(out).filter((f) => /\/\.terraform/.test(f));
    const perAppStacks = new Set(readdirSync(join(out, 'stacks')));
    expect(kept).toEqual(
      Object.keys(working)
        .filter((f) => perAppStacks.has(f.split('/')[1]))
        .sort(),
    );
    expect(stacks.filter((s) => !perAppStacks.has(s)).length).toBeGreaterThan(0);
  });

  it('accepts the output of an earlier dropship (no record) when its files are exactly what its manifest names', () => {
    for (const kind of ['legacy', 'legacyHcl'] as const) {
      const out = copyOf(kind);
      const r = synth(out);
      expect(r.stderr).not.toMatch(/refusing/);
      expect(r.code).toBe(0);
      expect(existsSync(join(out, MARKER))).toBe(true);
    }
  });

  it('replaces a folder that holds no file at all (only empty folders)', () => {
    const out = join(mkdtempSync(join(dir, 'empty-')), 'out');
    mkdirSync(join(out, 'stacks', 'a', 'b'), { recursive: true });
    mkdirSync(join(out, 'other'));
    expect(synth(out).code).toBe(0);
    expect(readFilesUnder(out)).toEqual(readFilesUnder(bases.marked));
  });
});

describe('what synth refuses to replace', () => {
  it('a folder holding only manifest.json or only stacks/ that dropship did not write (the issue’s cases)', () => {
    const onlyManifest = join(mkdtempSync(join(dir, 'm-')), 'out');
    mkdirSync(onlyManifest);
    writeFileSync(join(onlyManifest, 'manifest.json'), '{ "name": "my web app", "icons": [] }\n');
    const onlyStacks = join(mkdtempSync(join(dir, 's-')), 'out');
    mkdirSync(join(onlyStacks, 'stacks', 'state'), { recursive: true });
    writeFileSync(join(onlyStacks, 'stacks', 'state', 'network.tfstate'), '{"serial": 7}');
    for (const [out, named] of [
      [onlyManifest, 'manifest.json'],
      [onlyStacks, 'stacks/state/'],
    ]) {
      const before = readFilesUnder(out);
      const r = synth(out);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`refusing to replace ${out}: it has no ${MARKER}`);
      expect(r.stderr).toContain(`${out}/${named}`);
      expect(r.stderr).toMatch(/move it out, delete .* if nothing in it is needed, or choose another --out/);
      expect(readFilesUnder(out)).toEqual(before);
      expect(leftoversBeside(out)).toEqual([]);
    }
  });

  it('anything dropship did not write, wherever it is, with or without the record (generated)', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9._-]{0,11}$/).filter((n) => !n.startsWith('.'));
    const extra = fc.oneof(
      name.map((n) => ({ where: 'top file', path: `${n}.txt` })),
      name.map((n) => ({ where: 'top folder', path: `notes-${n}/keep.md` })),
      name.map((n) => ({ where: 'unlisted stack', path: `stacks/other-${n}/terraform.tfstate` })),
      name.map((n) => ({ where: 'in a listed stack', path: `<stack>/${n}.tfplan` })),
      name.map((n) => ({
        where: 'workspace state',
        path: `<stack>/terraform.tfstate.d/${n}/terraform.tfstate`,
      })),
      fc.constant({ where: 'state in a stack folder', path: '<stack>/terraform.tfstate' }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('marked', 'legacy', 'legacyHcl', 'garbled record') as fc.Arbitrary<string>,
        fc.array(extra, { minLength: 1, maxLength: 3 }),
        (kind, extras) => {
          const out = copyOf(kind === 'garbled record' ? 'marked' : (kind as keyof typeof bases));
          if (kind === 'garbled record') writeFileSync(join(out, MARKER), '{"writtenBy": "someone else"}');
          const stack = readdirSync(join(out, 'stacks')).sort()[0];
          for (const e of extras) {
            const file = join(out, e.path.replace('<stack>', `stacks/${stack}`));
            mkdirSync(dirname(file), { recursive: true });
            writeFileSync(file, `user data: ${e.where}`);
          }
          const before = readFilesUnder(out);
          const r = synth(out);
          expect(r.code).toBe(2);
          expect(r.stderr).toMatch(new RegExp(`^dropship: refusing to replace ${out}: `, 'm'));
          expect(r.stderr).not.toContain('internal error');
          expect(readFilesUnder(out)).toEqual(before);
          expect(leftoversBeside(out)).toEqual([]);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('a file, or a symlink to a folder, at --out', () => {
    const file = join(mkdtempSync(join(dir, 'f-')), 'out');
    writeFileSync(file, 'notes');
    const link = join(mkdtempSync(join(dir, 'l-')), 'out');
    execFileSync('ln', ['-s', copyOf('marked'), link]);
    expect(synth(file).stderr).toContain(`refusing to replace ${file}: it is a file`);
    expect(synth(link).stderr).toContain(`refusing to replace ${link}: it is a symbolic link`);
    expect(readFileSync(file, 'utf8')).toBe('notes');
  });

  it('the kernel file systems are refused, through a symlink too; /dev/shm (a tmpfs folder) is a fine --out', () => {
    const link = join(mkdtempSync(join(dir, 'k-')), 'proc-link');
    execFileSync('ln', ['-s', '/proc/self', link]);
    for (const out of ['/proc/dropship-out', '/sys/dropship-out', '/dev/dropship-out', join(link, 'out')]) {
      const r = synth(out);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`refusing to write to ${out}: not a regular directory`);
    }
    if (!existsSync('/dev/shm')) return console.warn('skipped the /dev/shm case: no /dev/shm here');
    const shm = join(mkdtempSync('/dev/shm/dropship-'), 'out');
    try {
      expect(synth(shm).code).toBe(0);
      expect(existsSync(join(shm, MARKER))).toBe(true);
    } finally {
      rmSync(dirname(shm), { recursive: true, force: true });
    }
  });

  it('never removes what appears in the folder after the first check: the set-aside tree is checked again', () => {
    const out = copyOf('marked');
    // Right before synth moves the old tree aside, another program writes into it.
    const hook = join(dir, `late-writer-${basename(dirname(out))}.js`);
    writeFileSync(
      hook,
      `const fs = require('node:fs');
const rename = fs.renameSync;
fs.renameSync = function (from) {
  if (String(from) === ${JSON.stringify(out)}) fs.writeFileSync(${JSON.stringify(join(out, 'late.txt'))}, 'mine');
  return rename.apply(this, arguments);
};
`,
    );
    const r = runCli(['synth', PHP_SHOP, '--out', out, '--quiet'], dir, { nodeArgs: ['--require', hook] });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`dropship did not write ${out}/late.txt`);
    expect(r.stderr).toContain('nothing changed');
    expect(readFileSync(join(out, 'late.txt'), 'utf8')).toBe('mine');
    const after = readFilesUnder(out);
    delete after['late.txt'];
    expect(after).toEqual(readFilesUnder(bases.marked));
    expect(leftoversBeside(out)).toEqual([]);
  });

  it('two synths of the same --out at once, many times: each ends with a whole output, nothing left beside it', async () => {
    const out = copyOf('marked');
    const single = readFilesUnder(bases.marked);
    const perAppDir = join(mkdtempSync(join(dir, 'per-app-')), 'out');
    expect(synth(perAppDir, '--layout', 'per-app').code).toBe(0);
    const perApp = readFilesUnder(perAppDir);
    for (let round = 0; round < 4; round++) {
      const runs = await Promise.all([
        runCliAsync(['synth', PHP_SHOP, '--out', out, '--quiet'], dir),
        runCliAsync(['synth', PHP_SHOP, '--out', out, '--quiet', '--layout', 'per-app'], dir),
      ]);
      for (const r of runs) expect(r.stderr).not.toContain('internal error');
      expect(runs.map((r) => r.code)).toEqual([0, 0]);
      expect([single, perApp]).toContainEqual(readFilesUnder(out));
      expect(leftoversBeside(out)).toEqual([]);
    }
  });
});

describe('write failures while synthesizing', () => {
  const codes = ['ENOSPC', 'EDQUOT', 'EACCES', 'EROFS', 'EMFILE', 'EIO'] as const;

  it.each(codes)(
    '%s writing a stack file: exit 2 naming the file and why, the previous output intact',
    (code) => {
      const out = copyOf('marked');
      const before = readFilesUnder(out);
      const fault: Fault = { fn: 'writeFileSync', path: 'cdk\\.tf\\.json$', code, from: 3 };
      const r = runCli(['synth', PHP_SHOP, '--out', out, '--quiet'], dir, {
        nodeArgs: faultHook(dir, [fault]),
      });
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(r.stderr).toMatch(
        new RegExp(
          `^dropship: cannot write ${out}/stacks/[a-z0-9-]+/cdk\\.tf\\.json: ${reasonOf(code).replace(/[()]/g, '\\$&')}; ${out} is unchanged$`,
          'm',
        ),
      );
      expect(readFilesUnder(out)).toEqual(before);
      expect(leftoversBeside(out)).toEqual([]);
    },
  );

  it('a failure creating a stack folder, writing the manifest or the record: the same', () => {
    const faults: Fault[] = [
      { fn: 'mkdirSync', path: '/stacks/[^/]+$', code: 'EACCES', from: 2 },
      { fn: 'writeFileSync', path: 'manifest\\.json$', code: 'ENOSPC' },
      { fn: 'writeFileSync', path: `${MARKER.replace('.', '\\.')}$`, code: 'EROFS' },
    ];
    for (const fault of faults) {
      const out = copyOf('marked');
      const before = readFilesUnder(out);
      const r = runCli(['synth', PHP_SHOP, '--out', out, '--quiet'], dir, {
        nodeArgs: faultHook(dir, [fault]),
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(`^dropship: cannot write ${out}/\\S+: .*\\(${fault.code}\\); ${out} is unchanged$`, 'm'),
      );
      expect(readFilesUnder(out)).toEqual(before);
      expect(leftoversBeside(out)).toEqual([]);
    }
  });

  it('a read failure of the spec (EACCES, EIO): exit 2 naming the file and why', () => {
    const spec = join(dir, 'spec.yaml');
    cpSync(PHP_SHOP, spec);
    const cases: Fault[] = [
      { fn: 'openSync', path: 'spec\\.yaml$', code: 'EACCES' },
      { fn: 'readSync', path: 'spec\\.yaml$', code: 'EIO' },
    ];
    for (const fault of cases)
      for (const command of ['validate', 'synth']) {
        const out = join(dir, 'never');
        const r = runCli([command, spec, ...(command === 'synth' ? ['--out', out] : [])], dir, {
          nodeArgs: faultHook(dir, [fault]),
        });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`cannot read ${spec}: ${reasonOf(fault.code)}`);
        expect(r.stderr).not.toContain('internal error');
        expect(existsSync(out)).toBe(false);
      }
  });

  // A real full file system: a tmpfs that holds one output but not a second beside it (mounting needs root).
  const mountPoint = join(tmpdir(), `dropship-tmpfs-${process.pid}`);
  const canMount = (() => {
    if (process.getuid?.() !== 0) return false;
    mkdirSync(mountPoint, { recursive: true });
    const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]).status === 0;
    if (ok) spawnSync('umount', [mountPoint]);
    return ok;
  })();
  (canMount ? it : it.skip)(
    'a really full disk (tmpfs): exit 2 with ENOSPC, the previous output intact',
    () => {
      // What one output takes on tmpfs, measured: the file system then gets room for one and a half.
      const mount = (kib: number) =>
        expect(spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', mountPoint]).status).toBe(0);
      mount(16 * 1024);
      let used: number;
      try {
        expect(synth(join(mountPoint, 'probe')).code).toBe(0);
        const stats = statfsSync(mountPoint);
        used = ((stats.blocks - stats.bfree) * stats.bsize) / 1024;
      } finally {
        spawnSync('umount', [mountPoint]);
      }
      mount(Math.ceil(used * 1.5));
      try {
        const out = join(mountPoint, 'cdktf.out');
        expect(synth(out).code).toBe(0);
        const before = readFilesUnder(out);
        const r = synth(out, '--layout', 'per-app');
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(
          new RegExp(
            `^dropship: cannot write ${out}/\\S+: no space left on device \\(ENOSPC\\); ${out} is unchanged$`,
            'm',
          ),
        );
        expect(readFilesUnder(out)).toEqual(before);
        expect(leftoversBeside(out)).toEqual([]);
      } finally {
        spawnSync('umount', [mountPoint]);
        rmSync(mountPoint, { recursive: true, force: true });
      }
    },
  );
});
