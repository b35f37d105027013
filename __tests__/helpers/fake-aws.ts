/**
 * Runs a runbook command in bash with a fake `aws` on PATH that answers from a JSON fixture as the AWS CLI does:
 * `--query` through jmespath (the npm reference implementation of the language the CLI's queries are specified
 * in, a devDependency: no Python needed), then `--output text` (rows tab-separated, one line per row, nothing for
 * an empty list, `None` for null) or JSON (4-space indent, as the CLI).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FAKE_AWS = `#!/usr/bin/env node
'use strict';
const jmespath = require(${JSON.stringify(require.resolve('jmespath'))});
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
let result = JSON.parse(require('node:fs').readFileSync(process.argv[1] + '.json', 'utf8'));
const query = opt('--query');
if (query !== undefined) result = jmespath.search(result, query);
const scalar = (v) => (v === null ? 'None' : v === true ? 'True' : v === false ? 'False' : String(v));
let out = '';
if (opt('--output', 'json') === 'text') {
  if (Array.isArray(result)) {
    if (result.length > 0 && result.every(Array.isArray)) for (const row of result) out += row.map(scalar).join('\\t') + '\\n';
    else if (result.length > 0) out += result.map(scalar).join('\\t') + '\\n';
  } else if (result !== null) out += scalar(result) + '\\n';
} else out += JSON.stringify(result, null, 4) + '\\n';
process.stdout.write(out);
`;

/**
 * bash reads no startup file, so the fake stays first on PATH. Without `--norc`, a non-interactive bash whose
 * standard input is a socket (Node's pipes are socket pairs) and whose SHLVL is unset or 0 (a jest started
 * from a background job or by a tool, not from a terminal) takes itself for a remote shell and sources
 * ~/.bashrc, which may prepend the real AWS CLI (e.g. pyenv's shims): the checks then reached the machine's
 * own `aws` ("Unable to locate credentials") in such runs only.
 */
export const NO_STARTUP_FILES = ['--noprofile', '--norc'];

export function runWithFakeAws(
  command: string,
  answer: unknown,
): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dropship-fake-aws-'));
  try {
    writeFileSync(join(dir, 'aws'), FAKE_AWS, { mode: 0o755 });
    writeFileSync(join(dir, 'aws.json'), JSON.stringify(answer));
    const run = spawnSync('bash', [...NO_STARTUP_FILES, '-c', command], {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
      encoding: 'utf8',
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
