/**
 * `dropship check --format sarif`: the security report as SARIF 2.1.0, the format GitHub code scanning
 * uploads (github/codeql-action/upload-sarif). Each finding is a result at the migration.yaml line of the
 * spec entry its resource comes from (check-location.ts), with the resource as its logical location; a
 * waived finding is a result with an in-source suppression carrying the waiver's reason. The file is named
 * relative to its repository's root, as code scanning matches it against the checkout.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { CheckReport, Finding } from '../compiler/analyses/checks';
import type { SpecLocation } from './check-location';
import { repositoryRoot } from './repository-root';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

interface PackageJson {
  version?: string;
  repository?: string | { url?: string };
}

/** The package dropship runs from. */
function ownPackage(): PackageJson {
  try {
    return JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return {};
  }
}

/** The package's repository as a web address (`git+https://…/x.git` → `https://…/x`), if it names one. */
export function repositoryUrl(pkg: PackageJson): string | undefined {
  const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  const web = url?.replace(/^git\+/, '').replace(/\.git$/, '');
  return web !== undefined && /^https:\/\/[^\s]+$/.test(web) ? web : undefined;
}

/**
 * The file as SARIF names it, `/`-separated: relative to the root of its repository (the nearest folder
 * above it holding `.git`), which is what code scanning resolves a URI against; relative to the working
 * directory when it is in no repository (or is standard input, named but not on disk).
 */
export function artifactUri(file: string): string {
  const path = resolve(file);
  const base = (existsSync(path) && repositoryRoot(dirname(path))) || process.cwd();
  return relative(base, path).split(sep).join('/');
}

/**
 * What makes an alert the same alert across runs: the check, the resource and what the finding says (two
 * statements of one policy are two alerts), not the line, which edits move. Identical findings are
 * numbered.
 */
function fingerprints(findings: Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const digest = createHash('sha256').update(f.message).digest('hex').slice(0, 16);
    const key = `${f.check}:${f.stack}/${f.resource}:${digest}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n === 0 ? key : `${key}:${n}`;
  });
}

export interface SarifInput {
  report: CheckReport;
  file: string;
  locate: (f: Finding) => SpecLocation;
}

export function sarifLog({ report, file, locate }: SarifInput): object {
  const ruleIndex = new Map(report.checks.map((c, i) => [c.id, i]));
  const uri = artifactUri(file);
  const all = [...report.findings, ...report.waived];
  const fingerprint = new Map(fingerprints(all).map((p, i) => [all[i], p]));
  const result = (f: Finding, reason?: string) => {
    const at = locate(f);
    return {
      ruleId: f.check,
      ruleIndex: ruleIndex.get(f.check),
      level: 'error',
      message: { text: `${f.stack}/${f.resource}: ${f.message}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri },
            region: { startLine: at.line, startColumn: at.column },
          },
          logicalLocations: [{ fullyQualifiedName: `${f.stack}/${f.resource}`, kind: 'resource' }],
        },
      ],
      partialFingerprints: { 'dropshipFinding/v2': fingerprint.get(f) },
      ...(reason !== undefined ? { suppressions: [{ kind: 'inSource', justification: reason }] } : {}),
    };
  };
  const pkg = ownPackage();
  const informationUri = repositoryUrl(pkg);
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dropship',
            version: pkg.version ?? '0.0.0',
            ...(informationUri !== undefined ? { informationUri } : {}),
            rules: report.checks.map((c) => ({
              id: c.id,
              name: c.id,
              shortDescription: { text: c.title },
              fullDescription: { text: c.title },
              help: { text: `Fix: ${c.remediation}` },
              defaultConfiguration: { level: 'error' },
              properties: { tags: ['security', c.category], precision: 'high' },
            })),
          },
        },
        results: [...report.findings.map((f) => result(f)), ...report.waived.map((f) => result(f, f.reason))],
      },
    ],
  };
}
