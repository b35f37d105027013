import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadSpecFile } from '../../schema/load';
import { migrationJsonSchema, migrationJsonSchemaText, JSON_SCHEMA_PATH } from '../../schema/json-schema';
import { specReferenceMarkdown } from '../../schema/spec-docs';
import { jsonSchemaErrors } from './json-schema-check';
import { examples as bundledExamples, exampleFile, REPO_ROOT } from '../helpers/examples';
import { BASE, patch } from './base-spec';

const examples = bundledExamples().map((e) => e.file);

describe('bundled examples', () => {
  it('finds the php-shop and django-app examples', () => {
    expect(examples.map((f) => f.split(/[\\/]/).slice(-2, -1)[0])).toEqual(
      expect.arrayContaining(['php-shop', 'django-app']),
    );
  });

  /**
   * The warnings an example shows on purpose, by code (its header comment says why): isolated-api runs
   * without NAT and pulls a public image through the pull-through cache, which needs seeding; blue-green
   * calls out that switching a live rolling app replaces its service.
   */
  const EXPECTED_WARNINGS: Record<string, string[]> = {
    'isolated-api': ['nat-none', 'nat-none-pull-through-seed', 'move-first-split-phase'],
    'blue-green': ['blue-green-replaces-service'],
  };

  it.each(examples)('%s validates without errors, and warns only as its header says', (file) => {
    const result = loadSpecFile(file);
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
    const name = file.split(/[\\/]/).slice(-2, -1)[0];
    const expected = EXPECTED_WARNINGS[name] ?? [];
    expect(result.warnings.map((w) => w.code).sort()).toEqual([...expected].sort());
    const header = readFileSync(file, 'utf8').split('\n\n')[0];
    for (const code of expected) expect(header).toContain(code);
  });

  it.each(examples)('%s is accepted by the JSON Schema', (file) => {
    expect(jsonSchemaErrors(migrationJsonSchema(), parse(readFileSync(file, 'utf8')))).toEqual([]);
  });

  it.each(examples)('%s points editors at the committed JSON Schema', (file) => {
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../../schema/migration.schema.json',
    );
  });

  it('the django example covers a worker, a scheduled job, a read replica, Route 53 DNS and an EFS volume', () => {
    const result = loadSpecFile(exampleFile('django-app'));
    if (!result.ok) throw new Error('django-app is invalid');
    const { spec } = result;
    expect(
      spec.apps.find((a) => !a.expose && !a.schedule)?.containers.every((c) => c.port === undefined),
    ).toBe(true);
    expect(spec.apps.some((a) => a.schedule?.startsWith('cron('))).toBe(true);
    expect(spec.digitalocean.databases.find((d) => d.engine === 'pg')?.readOnlyNodes).toHaveLength(1);
    expect(spec.digitalocean.domains[0].dns).toBe('route53');
    expect(
      spec.apps.flatMap((a) => (a.expose && 'public' in a.expose ? a.expose.public.hostnames : [])),
    ).toHaveLength(2);
    expect(spec.apps.some((a) => a.volumes.some((v) => v.from))).toBe(true);
    expect(spec.aws.backend.type).toBe('s3');
  });
});

describe('JSON Schema', () => {
  it('the committed schema/migration.schema.json is current', () => {
    const committed = readFileSync(join(REPO_ROOT, JSON_SCHEMA_PATH), 'utf8');
    if (committed !== migrationJsonSchemaText()) {
      throw new Error(
        `${JSON_SCHEMA_PATH} is out of date: run \`npm run build && node bin/dropship.js schema --out ${JSON_SCHEMA_PATH}\``,
      );
    }
  });

  it('rejects what zod rejects field by field: unknown keys, wrong types, bad patterns, missing keys', () => {
    const schema = migrationJsonSchema();
    const check = (text: string) => jsonSchemaErrors(schema, parse(text));
    expect(check(BASE)).toEqual([]);
    expect(check(patch('cutover:\n', 'cutovr:\n'))).toEqual(['$: unexpected key cutovr']);
    expect(check(patch('port: 80\n', 'port: "80"\n'))).toEqual([
      '$.apps[0].containers[0].port: expected integer',
    ]);
    // project is text, so an unquoted true/false is a branch too; the name's pattern still refuses Shop.
    expect(check(patch('project: shop', 'project: Shop'))[0]).toMatch(
      /^\$\.project: .*\$\.project: pattern \^/,
    );
    expect(check(patch('  region: us-east-1\n', ''))).toEqual(['$.aws: missing region']);
    expect(check(patch('image: { uri: "php:8.3-fpm" }', 'image: { repo: php }'))[0]).toMatch(
      /^\$\.apps\[0\]\.containers\[1\]\.image: matches no anyOf branch/,
    );
  });
});

describe('docs/spec.md', () => {
  it('is current with schema/spec.ts', () => {
    const committed = readFileSync(join(REPO_ROOT, 'docs', 'spec.md'), 'utf8');
    if (committed !== specReferenceMarkdown()) {
      throw new Error(
        'docs/spec.md is out of date: run `npm run build && node bin/dropship.js schema --format markdown --out docs/spec.md`',
      );
    }
  });

  it('documents every field with its default', () => {
    const md = specReferenceMarkdown();
    expect(md).toContain('| `aws.network.vpc.nat` | one of: single, per-az, none | default: `"single"` |');
    expect(md).toContain('| `apps[].containers[].port` |');
    expect(md).toContain('| `cutover.phases` |');
  });
});
