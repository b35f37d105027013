/**
 * The output GitHub reads: `check --format sarif` (code scanning), `--format github` workflow annotations
 * (check and validate), diagnostics as JSON on stdout under `--format json`, and `diff --exit-code`.
 * Annotations are read back the way the Actions runner reads a workflow command, so a value that could end
 * the line or add a property is caught by what GitHub would show, not by what the escaping code intends.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { ensureBuilt, PHP_SHOP, runCli } from '../helpers/built-cli';
import { workflowCommand, workflowCommands, ANNOTATIONS_PER_TYPE } from '../../cli/annotations';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'dropship-github-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The runner's unescaping (data: CR, LF, then `%`; properties also `:` and `,`, `%` last). */
const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) =>
  s
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');

interface ParsedCommand {
  command: string;
  properties: Record<string, string>;
  data: string;
}

/**
 * One line as the runner parses a workflow command: `::` command, a space, properties up to the next `::`
 * (split at `,`, each at its first `=`), then the data.
 */
function parseCommand(line: string): ParsedCommand | undefined {
  if (!line.startsWith('::')) return undefined;
  const end = line.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = line.slice(2, end);
  const space = info.indexOf(' ');
  const properties: Record<string, string> = {};
  if (space >= 0)
    for (const pair of info
      .slice(space + 1)
      .split(',')
      .filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
  return {
    command: space < 0 ? info : info.slice(0, space),
    properties,
    data: unescapeData(line.slice(end + 2)),
  };
}

/** The runner reads its output line by line; a CR ends a line as LF does. */
const runnerLines = (out: string) => out.split(/\r\n|\r|\n/).filter((l) => l !== '');

/** Strings rich in what workflow commands treat specially, and any text at all. */
const hostile = fc.oneof(
  fc.string({
    unit: fc.constantFrom(':', ',', '%', '=', '\r', '\n', ' ', '0', 'A', 'D', '2', '5', '3', 'C', 'e'),
  }),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('x\n::error file=a.yaml,line=1::forged', 'a,line=9::forged', '%0A::error::forged', '%25'),
);

describe('workflow command escaping', () => {
  it('reads back exactly the values written, on one line, with no property of its own (generated)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('error', 'warning', 'notice'),
        hostile,
        fc.integer({ min: -5, max: 100000 }),
        fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
        fc.option(hostile, { nil: undefined }),
        hostile,
        (level, file, line, column, title, message) => {
          const text = workflowCommand({ level, file, line, column, title, message });
          expect(runnerLines(text)).toEqual([text]);
          const parsed = parseCommand(text);
          expect(parsed).toEqual({
            command: level,
            properties: {
              file,
              line: String(Math.max(1, line)),
              ...(column !== undefined ? { col: String(column) } : {}),
              ...(title !== undefined ? { title } : {}),
            },
            data: message,
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('adds a notice when GitHub would hide annotations past its per-step cap', () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        level: 'error' as const,
        file: 'migration.yaml',
        line: i + 1,
        message: `m${i}`,
      }));
    const within = runnerLines(workflowCommands(many(ANNOTATIONS_PER_TYPE), 'see the log'));
    expect(within).toHaveLength(ANNOTATIONS_PER_TYPE);
    const over = runnerLines(workflowCommands(many(ANNOTATIONS_PER_TYPE + 2), 'see the log'));
    expect(over).toHaveLength(ANNOTATIONS_PER_TYPE + 3);
    const notice = parseCommand(over[over.length - 1]);
    expect(notice?.command).toBe('notice');
    expect(notice?.data).toMatch(/^12 errors: GitHub shows 10 annotations .*; see the log$/);
    expect(workflowCommands([], 'see the log')).toBe('');
  });
});

/** php-shop with production deletion protection turned off: one finding (DS021) on databases[0]. */
function specWithFinding(extra = ''): string {
  const text = readFileSync(PHP_SHOP, 'utf8').replace(
    /^ {4}databaseName: shop$/m,
    '    databaseName: shop\n    deletionProtection: false',
  );
  expect(text).toContain('deletionProtection: false');
  return text + extra;
}

/** 1-based line and column of `needle` (the first after `after`) in `text`. */
function positionOf(text: string, needle: string, after = ''): { line: number; column: number } {
  const at = text.indexOf(needle, text.indexOf(after));
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The parts of SARIF 2.1.0 that GitHub code scanning requires or reads, as a strict JSON Schema. */
const GITHUB_SARIF_SHAPE = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['tool', 'results'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name', 'rules'],
                properties: {
                  name: { type: 'string', minLength: 1 },
                  version: { type: 'string' },
                  informationUri: { type: 'string', format: 'uri' },
                  rules: {
                    type: 'array',
                    maxItems: 25000,
                    items: {
                      type: 'object',
                      required: ['id', 'shortDescription', 'fullDescription', 'help', 'defaultConfiguration'],
                      properties: {
                        id: { type: 'string', minLength: 1, maxLength: 255 },
                        shortDescription: { $ref: '#/$defs/message' },
                        fullDescription: { $ref: '#/$defs/message' },
                        help: { $ref: '#/$defs/message' },
                        defaultConfiguration: {
                          type: 'object',
                          required: ['level'],
                          properties: { level: { $ref: '#/$defs/level' } },
                        },
                        properties: {
                          type: 'object',
                          properties: { tags: { type: 'array', items: { type: 'string' }, maxItems: 20 } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          results: {
            type: 'array',
            maxItems: 25000,
            items: {
              type: 'object',
              required: ['ruleId', 'level', 'message', 'locations', 'partialFingerprints'],
              properties: {
                ruleId: { type: 'string', minLength: 1, maxLength: 255 },
                ruleIndex: { type: 'integer', minimum: 0 },
                level: { $ref: '#/$defs/level' },
                message: { $ref: '#/$defs/message' },
                locations: {
                  type: 'array',
                  minItems: 1,
                  maxItems: 1000,
                  items: {
                    type: 'object',
                    required: ['physicalLocation'],
                    properties: {
                      physicalLocation: {
                        type: 'object',
                        required: ['artifactLocation', 'region'],
                        properties: {
                          artifactLocation: {
                            type: 'object',
                            required: ['uri'],
                            // Relative to the repository: no scheme, no leading slash, `/` separators.
                            properties: {
                              uri: { type: 'string', pattern: '^(?![A-Za-z][A-Za-z0-9+.-]*:)[^/\\\\]' },
                            },
                          },
                          region: {
                            type: 'object',
                            required: ['startLine'],
                            properties: {
                              startLine: { type: 'integer', minimum: 1 },
                              startColumn: { type: 'integer', minimum: 1 },
                            },
                          },
                        },
                      },
                    },
                  },
                },
                partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
                suppressions: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['kind'],
                    properties: {
                      kind: { enum: ['inSource', 'external'] },
                      justification: { type: 'string' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  $defs: {
    level: { enum: ['none', 'note', 'warning', 'error'] },
    message: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } },
  },
};

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string };
      region: { startLine: number; startColumn: number };
    };
  }[];
  suppressions?: { kind: string; justification: string }[];
}
interface SarifLog {
  runs: { tool: { driver: { rules: { id: string }[] } }; results: SarifResult[] }[];
}

function validSarif(stdout: string): SarifLog {
  const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
  const validate = ajv.compile(GITHUB_SARIF_SHAPE);
  const log = JSON.parse(stdout) as SarifLog;
  expect(validate(log) ? [] : validate.errors).toEqual([]);
  for (const run of log.runs)
    for (const r of run.results)
      if (r.ruleIndex !== undefined) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  return log;
}

describe('check --format sarif', () => {
  it('is SARIF GitHub accepts, each finding at its migration.yaml line and column', () => {
    const work = mkdtempSync(join(dir, 'sarif-'));
    const text = specWithFinding();
    writeFileSync(join(work, 'migration.yaml'), text);
    const r = runCli(['check', 'migration.yaml', '--format', 'sarif'], work);
    expect(r.code).toBe(1);
    const log = validSarif(r.stdout);
    const [result] = log.runs[0].results;
    expect(log.runs[0].results).toHaveLength(1);
    expect(result.ruleId).toBe('DS021');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('migration.yaml');
    const at = positionOf(text, 'main', '\ndatabases:\n');
    expect(result.locations[0].physicalLocation.region).toEqual({
      startLine: at.line,
      startColumn: at.column,
    });
  });

  it('names the file relative to the working directory, and lists a waived finding as suppressed', () => {
    const work = mkdtempSync(join(dir, 'sarif-waived-'));
    const reason = 'restored nightly; a test: "quotes", <b>, ::error::';
    writeFileSync(
      join(work, 'spec.yaml'),
      specWithFinding(`\nwaivers:\n  - check: DS021\n    reason: ${JSON.stringify(reason)}\n`),
    );
    const r = runCli(['check', join(work, 'spec.yaml'), '--format', 'sarif'], dir);
    expect(r.code).toBe(0);
    const [result] = validSarif(r.stdout).runs[0].results;
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(
      /^sarif-waived-[^/]+\/spec\.yaml$/,
    );
    expect(result.suppressions).toEqual([{ kind: 'inSource', justification: reason }]);
  });

  it('is a valid log with no results for a spec with no finding', () => {
    const r = runCli(['check', PHP_SHOP, '--format', 'sarif']);
    expect(r.code).toBe(0);
    expect(validSarif(r.stdout).runs[0].results).toEqual([]);
  });
});

describe('--format github annotations', () => {
  it('check: one error annotation per finding, at its migration.yaml line and column', () => {
    const work = mkdtempSync(join(dir, 'gh-check-'));
    const text = specWithFinding();
    writeFileSync(join(work, 'migration.yaml'), text);
    const r = runCli(['check', 'migration.yaml', '--format', 'github'], work);
    expect(r.code).toBe(1);
    const commands = runnerLines(r.stdout).map(parseCommand);
    const at = positionOf(text, 'main', '\ndatabases:\n');
    expect(commands).toEqual([
      {
        command: 'error',
        properties: {
          file: 'migration.yaml',
          line: String(at.line),
          col: String(at.column),
          title: 'DS021 shop-production-data/aws_db_instance.db-main',
        },
        data: expect.stringMatching(/^deletion_protection is not true in production\nFix: /),
      },
    ]);
    expect(r.stderr).toMatch(/error DS021/);
  });

  it('validate: a hostile key and file name cannot end the annotation or forge another', () => {
    const work = mkdtempSync(join(dir, 'gh-validate-'));
    const file = 'a,line=99:b%25 ::error x.yaml';
    const key = 'evil\r\n::error file=x.yaml,line=1::forged %0A';
    writeFileSync(
      join(work, file),
      `version: 1\nproject: shop\nenvironment: prod\n${JSON.stringify(key)}: 1\n`,
    );
    const r = runCli(['validate', file, '--format', 'github'], work);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/\r/);
    const commands = runnerLines(r.stdout).map(parseCommand);
    expect(commands).toHaveLength(2);
    for (const c of commands) {
      expect(c?.command).toBe('error');
      expect(Object.keys(c?.properties ?? {}).sort()).toEqual(['col', 'file', 'line', 'title']);
      expect(c?.properties.file).toBe(file);
    }
    expect(commands.map((c) => [c?.properties.line, c?.properties.title])).toEqual([
      ['1', 'missing-key'],
      ['4', 'unknown-key'],
    ]);
    expect(commands[1]?.data).toContain(`unknown key \`${key}\``);
  });

  it('validate: a valid spec gets its warnings as warning annotations', () => {
    const r = runCli(['validate', PHP_SHOP, '--format', 'github']);
    expect(r.code).toBe(0);
    const commands = runnerLines(r.stdout)
      .filter((l) => l.startsWith('::'))
      .map(parseCommand);
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands) {
      expect(c?.command).toBe('warning');
      expect(Number(c?.properties.line)).toBeGreaterThan(0);
    }
  });
});

describe('--format json on an invalid spec', () => {
  const BAD = 'version: 1\nproject: shop\nenvironment: prod\nbogus: 1\n';
  it.each([
    ['validate', ['validate', 'bad.yaml']],
    ['check', ['check', 'bad.yaml']],
    ['plan', ['plan', 'bad.yaml']],
    ['diff', ['diff', 'bad.yaml', PHP_SHOP]],
  ])('%s prints the diagnostics as JSON on stdout, exit 1', (_name, args) => {
    const work = mkdtempSync(join(dir, 'json-'));
    writeFileSync(join(work, 'bad.yaml'), BAD);
    const r = runCli([...args, '--format', 'json'], work);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { valid: boolean; diagnostics: Record<string, unknown>[] };
    expect(out.valid).toBe(false);
    expect(out.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          severity: 'error',
          code: 'missing-key',
          file: 'bad.yaml',
          line: 1,
          column: 1,
        }),
        expect.objectContaining({
          severity: 'error',
          code: 'unknown-key',
          file: 'bad.yaml',
          line: 4,
          column: 1,
        }),
      ]),
    );
  });
});

describe('diff --exit-code', () => {
  it('exits 1 when the files compile differently, 0 when they do not; without it, 0 either way', () => {
    const work = mkdtempSync(join(dir, 'diff-'));
    writeFileSync(join(work, 'changed.yaml'), specWithFinding());
    writeFileSync(join(work, 'same.yaml'), readFileSync(PHP_SHOP, 'utf8').replace(/\s+#[^\n"]*$/gm, ''));
    const changed = runCli(['diff', PHP_SHOP, 'changed.yaml', '--exit-code'], work);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/deletion_protection/);
    expect(runCli(['diff', PHP_SHOP, 'changed.yaml'], work).code).toBe(0);
    // Comments removed: a different file, the same Terraform.
    const same = runCli(['diff', PHP_SHOP, 'same.yaml', '--exit-code'], work);
    expect(same.code).toBe(0);
    expect(runCli(['diff', PHP_SHOP, 'changed.yaml', '--exit-code', '--format', 'json'], work).code).toBe(1);
  });

  it('an unreadable side is a usage error (2), not a difference', () => {
    const r = runCli(['diff', PHP_SHOP, join(dir, 'missing.yaml'), '--exit-code']);
    expect(r.code).toBe(2);
  });
});
