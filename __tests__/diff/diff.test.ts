/**
 * `dropship diff`: a pair of migration.yaml files that differ in one value reports exactly the resources
 * and attributes that value changes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDiff } from '../../cli/commands/diff';
import { diffStacks, renderDiffText } from '../../cli/plan/diff';
import { synthesizeFile } from '../../cli/plan/synthesize';
import { captureOutput } from '../helpers/output';
import { exampleFile } from '../helpers/synth';

let dir: string;
const source = readFileSync(exampleFile('php-shop'), 'utf8');

/** Writes the example with one textual edit; fails if the edit did not apply. */
function variant(name: string, from: string | RegExp, to: string): string {
  const text = source.replace(from, to);
  expect(text).not.toBe(source);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

function diffFiles(a: string, b: string) {
  const before = synthesizeFile(a);
  const after = synthesizeFile(b);
  if (!before.ok || !after.ok) throw new Error('fixture is invalid');
  return diffStacks(before.value.stacks, after.value.stacks);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dropship-diff-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dropship diff', () => {
  it('scaling.max 6 → 8 changes exactly one attribute of one resource', () => {
    const changes = diffFiles(exampleFile('php-shop'), variant('max8', 'max: 6,', 'max: 8,'));
    expect(changes).toEqual([
      {
        stack: 'shop-production-apps',
        address: expect.stringMatching(/^aws_appautoscaling_target\./),
        change: 'changed',
        attributes: [{ path: 'max_capacity', old: '6', new: '8' }],
      },
    ]);
  });

  it('cutover.current 0 → 10 only touches the cutover stack and adds the AWS records', () => {
    const changes = diffFiles(exampleFile('php-shop'), variant('phase10', /current: 0\b/, 'current: 10'));
    expect(changes.length).toBeGreaterThan(0);
    expect([...new Set(changes.map((c) => c.stack))]).toEqual(['shop-production-cutover']);
    expect(changes.filter((c) => c.change === 'added').map((c) => c.address)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_route53_record\./)]),
    );
    const weights = changes.flatMap((c) => c.attributes).filter((a) => a.path.includes('weight'));
    expect(weights.length).toBeGreaterThan(0);
  });

  it('aws.tags (the provider default_tags) is a stack setting of every stack, named as one', () => {
    const changes = diffFiles(exampleFile('php-shop'), variant('team', 'team: shop', 'team: payments'));
    expect(changes.length).toBeGreaterThan(1);
    for (const c of changes)
      expect(c).toEqual({
        stack: expect.any(String),
        address: 'provider.aws',
        change: 'changed',
        attributes: [{ path: 'default_tags[0].tags.team', old: 'shop', new: 'payments' }],
        scope: 'stack',
      });
    expect(renderDiffText('a', 'b', changes)).toMatch(
      /^~ shop-production-apps\/provider\.aws \(stack setting: applies to every resource in the stack, default_tags retag them all\)$/m,
    );
  });

  it('the backend is a stack setting: the terraform block is compared', () => {
    const s3 = 'type: s3, bucket: tf-state, keyPrefix: dropship, region: us-east-1, useLockfile: true';
    const encrypted = variant('s3', /type: local\b.*/, `{ ${s3} }`);
    const plain = variant('s3-plain', /type: local\b.*/, `{ ${s3}, encrypt: false }`);
    const changes = diffFiles(encrypted, plain).filter((c) => c.address === 'terraform');
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes)
      expect(c).toEqual({
        stack: expect.any(String),
        address: 'terraform',
        change: 'changed',
        attributes: [{ path: 'backend.s3.encrypt', old: 'true', new: 'false' }],
        scope: 'stack',
      });
  });

  it('outputs, locals and variables are compared by name', () => {
    const stack = (json: Record<string, unknown>) => [{ name: 's', json }];
    const changes = diffStacks(
      stack({ output: { a: { value: 1 }, b: { value: 2 } }, locals: { x: 'p' } }),
      stack({ output: { a: { value: 3 } }, locals: { x: 'q' }, variable: { v: {} } }),
    );
    expect(changes).toEqual([
      {
        stack: 's',
        address: 'local.x',
        change: 'changed',
        attributes: [{ path: '(whole)', old: 'p', new: 'q' }],
        scope: 'stack',
      },
      {
        stack: 's',
        address: 'output.a',
        change: 'changed',
        attributes: [{ path: 'value', old: '1', new: '3' }],
        scope: 'stack',
      },
      { stack: 's', address: 'output.b', change: 'removed', attributes: [], scope: 'stack' },
      { stack: 's', address: 'variable.v', change: 'added', attributes: [], scope: 'stack' },
    ]);
  });

  it('a stack setting change alone is a difference: --exit-code exits 1', () => {
    const { code, stdout } = captureOutput(() =>
      runDiff({
        old: exampleFile('php-shop'),
        new: variant('team2', 'team: shop', 'team: payments'),
        format: 'text',
        exitCode: true,
      }),
    );
    expect(code).toBe(1);
    expect(stdout).not.toContain('no differences');
    expect(stdout).toMatch(/0 added, 0 removed, (\d+) changed \(\1 of them stack settings\)\n$/);
  });

  it('the same file twice has no differences', () => {
    expect(diffFiles(exampleFile('php-shop'), exampleFile('php-shop'))).toEqual([]);
  });

  it('compares JSON documents kept as strings inside, by path', () => {
    const policy = (action: string) =>
      JSON.stringify({ Statement: [{ Effect: 'Allow', Action: [action], Resource: ['*'] }] });
    const stack = (action: string, extra: Record<string, unknown> = {}) => [
      {
        name: 's',
        json: { resource: { aws_iam_policy: { p: { policy: policy(action), '//': { x: 1 } } }, ...extra } },
      },
    ];
    const changes = diffStacks(stack('s3:GetObject'), stack('s3:PutObject', { aws_sqs_queue: { q: {} } }));
    expect(changes).toEqual([
      {
        stack: 's',
        address: 'aws_iam_policy.p',
        change: 'changed',
        attributes: [{ path: 'policy.Statement[0].Action[0]', old: 's3:GetObject', new: 's3:PutObject' }],
      },
      { stack: 's', address: 'aws_sqs_queue.q', change: 'added', attributes: [] },
    ]);
    expect(renderDiffText('a', 'b', changes)).toContain(
      '    policy.Statement[0].Action[0]: s3:GetObject → s3:PutObject',
    );
  });

  it('compares ${jsonencode(...)} documents inside too', () => {
    const doc = (v: string) =>
      `\${jsonencode([{"name" = "php", "environment" = [{"name" = "APP_ENV", "value" = "${v}"}]}])}`;
    const stack = (v: string) => [
      {
        name: 's',
        json: { resource: { aws_ecs_task_definition: { t: { container_definitions: doc(v) } } } },
      },
    ];
    expect(diffStacks(stack('staging'), stack('production'))).toEqual([
      {
        stack: 's',
        address: 'aws_ecs_task_definition.t',
        change: 'changed',
        attributes: [
          { path: 'container_definitions[0].environment[0].value', old: 'staging', new: 'production' },
        ],
      },
    ]);
  });

  it('the command prints the change and exits 0', () => {
    const { code, stdout } = captureOutput(() =>
      runDiff({
        old: exampleFile('php-shop'),
        new: variant('max8b', 'max: 6,', 'max: 8,'),
        format: 'text',
      }),
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /~ shop-production-apps\/aws_appautoscaling_target\.\S+\n {4}max_capacity: 6 → 8\n0 added, 0 removed, 1 changed\n$/,
    );
  });
});
