/**
 * cli/sarif.ts: each distinct finding is its own code-scanning alert (its fingerprint names the check, the
 * resource and what it says), the file is named from its repository's root, and no address is invented.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { artifactUri, repositoryUrl, sarifLog } from '../../cli/sarif';
import type { CheckReport, Finding } from '../../compiler/analyses/types';

interface Log {
  runs: {
    tool: { driver: { informationUri?: string } };
    results: { partialFingerprints: Record<string, string> }[];
  }[];
}

function log(findings: Finding[], waived: (Finding & { reason: string })[] = []): Log {
  const report = { checks: [], findings, waived, unusedWaivers: [], waivers: [] } as unknown as CheckReport;
  return sarifLog({ report, file: 'migration.yaml', locate: () => ({ line: 1, column: 1 }) as never }) as Log;
}

const fingerprintsOf = (l: Log) => l.runs[0].results.map((r) => Object.values(r.partialFingerprints).join());

describe('SARIF fingerprints', () => {
  it('two findings of one check on one resource are two alerts', () => {
    const f = { check: 'DS004', stack: 's', resource: 'aws_iam_role_policy.p' };
    const prints = fingerprintsOf(
      log([
        { ...f, message: 'statement 0 allows * on *' },
        { ...f, message: 'statement 2 allows iam:PassRole on *' },
      ]),
    );
    expect(new Set(prints).size).toBe(2);
  });

  it('generated findings: every result has its own fingerprint, the same on every run', () => {
    const finding = fc.record({
      check: fc.constantFrom('DS001', 'DS004'),
      stack: fc.constantFrom('a', 'b'),
      resource: fc.constantFrom('x.y', 'x.z'),
      message: fc.constantFrom('one', 'two', 'three'),
    });
    fc.assert(
      fc.property(
        fc.array(finding, { maxLength: 12 }),
        fc.array(finding, { maxLength: 4 }),
        (findings, w) => {
          const waived = w.map((f) => ({ ...f, reason: 'r' }));
          const prints = fingerprintsOf(log(findings, waived));
          return (
            new Set(prints).size === findings.length + waived.length &&
            JSON.stringify(prints) === JSON.stringify(fingerprintsOf(log(findings, waived)))
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('SARIF addresses', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dropship-sarif-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file from the root of its repository, whatever the working directory', () => {
    mkdirSync(join(dir, 'repo', '.git'), { recursive: true });
    mkdirSync(join(dir, 'repo', 'infra', 'prod'), { recursive: true });
    const spec = join(dir, 'repo', 'infra', 'prod', 'migration.yaml');
    writeFileSync(spec, 'version: 1\n');
    const cwd = process.cwd();
    try {
      for (const at of [join(dir, 'repo', 'infra'), dir, tmpdir()]) {
        process.chdir(at);
        expect(artifactUri(spec)).toBe('infra/prod/migration.yaml');
      }
      process.chdir(join(dir, 'repo', 'infra'));
      expect(artifactUri('prod/migration.yaml')).toBe('infra/prod/migration.yaml');
    } finally {
      process.chdir(cwd);
    }
  });

  it('takes informationUri from the package repository, or gives none', () => {
    expect(repositoryUrl({})).toBeUndefined();
    expect(repositoryUrl({ repository: 'git+https://github.com/acme/dropship.git' })).toBe(
      'https://github.com/acme/dropship',
    );
    expect(repositoryUrl({ repository: { url: 'https://gitlab.com/acme/dropship' } })).toBe(
      'https://gitlab.com/acme/dropship',
    );
    expect(repositoryUrl({ repository: 'github:acme/dropship' })).toBeUndefined();
    const pkg = require('../../package.json') as { repository?: string | { url?: string } };
    expect(log([]).runs[0].tool.driver.informationUri).toBe(repositoryUrl(pkg));
  });
});
