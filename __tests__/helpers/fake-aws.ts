/**
 * Runs a runbook command in bash with a fake `aws` on PATH that answers from a JSON fixture as the AWS CLI does:
 * `--query` through python's jmespath (the library the CLI uses), then `--output text` (rows tab-separated, one
 * line per row, nothing for an empty list) or JSON. `jmespathAvailable` is false where python3 has no jmespath.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FAKE_AWS = `#!/usr/bin/env python3
import json, sys, jmespath
args = sys.argv[1:]
def opt(name, default=None):
    return args[args.index(name) + 1] if name in args else default
with open(sys.argv[0] + '.json') as f:
    result = json.load(f)
query = opt('--query')
if query is not None:
    result = jmespath.search(query, result)
def scalar(v):
    return 'None' if v is None else str(v)
if opt('--output', 'json') == 'text':
    if isinstance(result, list):
        if result and all(isinstance(r, list) for r in result):
            for row in result:
                print('\\t'.join(scalar(v) for v in row))
        elif result:
            print('\\t'.join(scalar(v) for v in result))
    elif result is not None:
        print(scalar(result))
else:
    print(json.dumps(result, indent=4))
`;

export const jmespathAvailable =
  spawnSync('python3', ['-c', 'import jmespath'], { encoding: 'utf8' }).status === 0;

export function runWithFakeAws(
  command: string,
  answer: unknown,
): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dropship-fake-aws-'));
  try {
    writeFileSync(join(dir, 'aws'), FAKE_AWS, { mode: 0o755 });
    writeFileSync(join(dir, 'aws.json'), JSON.stringify(answer));
    const run = spawnSync('bash', ['-c', command], {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
      encoding: 'utf8',
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
