/**
 * The fake `aws` of the runbook checks (helpers/fake-aws.ts) answers whatever shell started jest: a bash that
 * takes itself for a remote shell (SHLVL 0, standard input a socket) must not source a ~/.bashrc that puts
 * another `aws` first on PATH.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWithFakeAws } from '../helpers/fake-aws';

it('the fake aws answers even when a ~/.bashrc would put another aws first (SHLVL 0, as under a background job)', () => {
  const home = mkdtempSync(join(tmpdir(), 'dropship-home-'));
  const saved = { HOME: process.env.HOME, SHLVL: process.env.SHLVL };
  try {
    const bin = join(home, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'aws'), '#!/bin/sh\necho the-real-aws\n', { mode: 0o755 });
    writeFileSync(join(home, '.bashrc'), `export PATH="${bin}:$PATH"\n`);
    process.env.HOME = home;
    process.env.SHLVL = '0';
    expect(runWithFakeAws('aws s3 ls --output text', ['from-the-fake'])).toEqual({
      status: 0,
      stdout: 'from-the-fake\n',
      stderr: '',
    });
  } finally {
    for (const [name, value] of Object.entries(saved))
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    rmSync(home, { recursive: true, force: true });
  }
});
