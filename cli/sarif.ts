/**
 * `dropship check --format sarif`: the security report as SARIF 2.1.0, the format GitHub code scanning
 * uploads (github/codeql-action/upload-sarif). Each finding is a result at the migration.yaml line of the
 * spec entry its resource comes from (check-location.ts), with the resource as its logical location; a
 * waived finding is a result with an in-source suppression carrying the waiver's reason.
 */
import { readFileSync } from 'node:fs';
import { join, relative, isAbsolute, sep } from 'node:path';
import type { CheckReport, Finding } from '../compiler/analyses/checks';
import type { SpecLocation } from './check-location';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/dropship/dropship/blob/main/docs/review.md#security-checks';

/** dropship's version, from the package it runs from. */
function toolVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The file as SARIF names it: relative to the working directory (the repository root in CI), `/`-separated. */
export function artifactUri(file: string): string {
  const rel = isAbsolute(file) ? relative(process.cwd(), file) : file;
  return rel.split(sep).join('/');
}

export interface SarifInput {
  report: CheckReport;
  file: string;
  locate: (f: Finding) => SpecLocation;
}

export function sarifLog({ report, file, locate }: SarifInput): object {
  const ruleIndex = new Map(report.checks.map((c, i) => [c.id, i]));
  const uri = artifactUri(file);
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
      // Stable across edits that move lines: the same check on the same resource is the same alert.
      partialFingerprints: { 'dropshipFinding/v1': `${f.check}:${f.stack}/${f.resource}` },
      ...(reason !== undefined ? { suppressions: [{ kind: 'inSource', justification: reason }] } : {}),
    };
  };
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dropship',
            version: toolVersion(),
            informationUri: INFORMATION_URI,
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
