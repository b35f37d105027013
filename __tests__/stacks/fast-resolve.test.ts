/**
 * The speed-ups of cdktf's resolution (stacks/fast-resolve.ts, stacks/planned-stack.ts) must not change a
 * byte of output. Unit tests pin what the plain-data walk hands to cdktf; the end-to-end tests synthesize
 * the examples and a generated fleet in child processes with and without them and compare every file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  App,
  Aspects,
  Fn,
  LocalBackend,
  TerraformElement,
  TerraformStack,
  Testing,
  type IAspect,
} from 'cdktf';
import type { IConstruct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { installFastResolve, makeFastResolve, markResolved } from '../../stacks/fast-resolve';
import { PlannedStack } from '../../stacks/planned-stack';
import '../../stacks'; // installs the fast paths in this process, as dropship synth does
import { generateYaml } from '../../bench/generate';
import { ensureBuilt, runCli } from '../helpers/built-cli';
import { readFilesUnder } from '../helpers/files';
import { exampleFile } from '../helpers/synth';

describe('installation', () => {
  // Every other test here would pass with cdktf's own resolver too: this one fails if the edit stops applying.
  it('puts the fast path into the resolver every cdktf module calls', () => {
    const { resolve } = require('cdktf/lib/tokens/private/resolve') as { resolve: () => unknown };
    expect(resolve.toString()).toContain('return fastResolve(obj, options);');
    expect(installFastResolve()).toBe(true);
  });
});

describe('plain-data walk', () => {
  const recordingOriginal = () => {
    const calls: { value: unknown; prefix: string[] | undefined }[] = [];
    const original = (value: unknown, options: { prefix?: string[] }) => {
      calls.push({ value, prefix: options.prefix });
      return `resolved(${String(value)})`;
    };
    return { calls, resolve: makeFastResolve(original) };
  };

  it('returns plain data as it is, dropping undefined values, without calling cdktf', () => {
    const { calls, resolve } = recordingOriginal();
    const value = {
      name: 'web',
      port: 443,
      enabled: true,
      nothing: null,
      gone: undefined,
      list: ['a', undefined, 2, { deep: ['x'] }],
      '${aws_vpc.vpc.id}': 'a reference written out is just text',
    };
    expect(resolve(value, { prefix: [] })).toEqual({
      name: 'web',
      port: 443,
      enabled: true,
      nothing: null,
      list: ['a', 2, { deep: ['x'] }],
      '${aws_vpc.vpc.id}': 'a reference written out is just text',
    });
    expect(calls).toEqual([]);
  });

  it('hands every token-like value to cdktf with its key path', () => {
    const { calls, resolve } = recordingOriginal();
    const token = { resolve: () => 'x' };
    class NotPlain {
      field = 1;
    }
    const notPlain = new NotPlain();
    const numberToken = -1.8881545897087626e289;
    const out = resolve(
      {
        resource: {
          str: 'arn:${TfToken[TOKEN.1]}',
          list: ['#{TfToken[TOKEN.2]}'],
          nested: [{ tok: token }],
          obj: notPlain,
          num: numberToken,
          exp: 'v1e5',
          placeholder: 'String Map Token Value',
        },
      },
      { prefix: ['stack'] },
    );
    expect(calls.map((c) => [c.prefix?.join('/'), c.value])).toEqual([
      ['stack/resource/str', 'arn:${TfToken[TOKEN.1]}'],
      ['stack/resource/list', ['#{TfToken[TOKEN.2]}']],
      ['stack/resource/nested/0/tok', token],
      ['stack/resource/obj', notPlain],
      ['stack/resource/num', numberToken],
      ['stack/resource/exp', 'v1e5'],
      ['stack/resource/placeholder', 'String Map Token Value'],
    ]);
    expect(out).toEqual({
      resource: {
        str: 'resolved(arn:${TfToken[TOKEN.1]})',
        list: 'resolved(#{TfToken[TOKEN.2]})',
        nested: [{ tok: `resolved(${String(token)})` }],
        obj: 'resolved([object Object])',
        num: `resolved(${numberToken})`,
        exp: 'resolved(v1e5)',
        placeholder: 'resolved(String Map Token Value)',
      },
    });
  });

  it('hands a value marked as resolved back as it is, without walking it', () => {
    const { calls, resolve } = recordingOriginal();
    const prepared = { name: 'x', list: ['a'] };
    markResolved(prepared);
    const out = resolve({ resource: prepared }, { prefix: [] }) as { resource: unknown };
    expect(out.resource).toBe(prepared);
    expect(calls).toEqual([]);
  });

  it('hands an object with a token key to cdktf whole', () => {
    const { calls, resolve } = recordingOriginal();
    const value = { '${TfToken[TOKEN.3]}': 'v' };
    resolve({ tags: value }, { prefix: [] });
    expect(calls).toEqual([{ value, prefix: ['tags'] }]);
  });
});

describe('expression arguments', () => {
  it('renders nested jsonencode arguments with references as cdktf does', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'expr');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const role = new IamRole(stack, 'role', { name: 'r', assumeRolePolicy: '{}' });
    new IamRole(stack, 'uses', {
      name: 'u',
      assumeRolePolicy: Fn.jsonencode({
        Statement: [
          { Resource: [role.arn, 'literal'], Inner: { Arn: Fn.tostring(role.arn), Skip: undefined } },
        ],
        Version: '2012-10-17',
      }),
    });
    const synthesized = JSON.parse(Testing.synth(stack)) as {
      resource: { aws_iam_role: Record<string, { assume_role_policy: string }> };
    };
    expect(synthesized.resource.aws_iam_role.uses.assume_role_policy).toBe(
      '${jsonencode({"Statement" = [{"Resource" = [aws_iam_role.role.arn, "literal"], ' +
        '"Inner" = {"Arn" = tostring(aws_iam_role.role.arn)}}], "Version" = "2012-10-17"})}',
    );
  });
});

describe('PlannedStack', () => {
  /** How many times each element of a small stack computes `toTerraform()` during one synth. */
  function toTerraformCalls(): number[] {
    const out = mkdtempSync(join(tmpdir(), 'dropship-planned-'));
    const spies: jest.SpyInstance[] = [];
    try {
      const app = new App({ outdir: out, skipValidation: true });
      const stack = new PlannedStack(app, 'planned');
      new LocalBackend(stack, { path: 'planned.tfstate' });
      new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
      const role = new IamRole(stack, 'role', { name: 'r', assumeRolePolicy: '{}' });
      new IamRole(stack, 'uses', { name: 'u', assumeRolePolicy: Fn.jsonencode({ Arn: role.arn }) });
      const elements = stack.node.findAll().filter(TerraformElement.isTerraformElement);
      const calls = new Map<object, number>();
      const owners = new Set<object>();
      for (const element of elements) {
        let proto = Object.getPrototypeOf(element) as object;
        while (!Object.prototype.hasOwnProperty.call(proto, 'toTerraform'))
          proto = Object.getPrototypeOf(proto);
        owners.add(proto);
      }
      for (const owner of owners) {
        const original = (owner as { toTerraform: () => unknown }).toTerraform;
        spies.push(
          jest.spyOn(owner as { toTerraform: () => unknown }, 'toTerraform').mockImplementation(function (
            this: object,
          ) {
            calls.set(this, (calls.get(this) ?? 0) + 1);
            return original.call(this);
          }),
        );
      }
      app.synth();
      return elements.map((e) => calls.get(e) ?? 0);
    } finally {
      for (const spy of spies) spy.mockRestore();
      rmSync(out, { recursive: true, force: true });
    }
  }

  it('computes each element once: the preparing pass hands its result to synth', () => {
    const calls = toTerraformCalls();
    expect(calls).toEqual([1, 1, 1, 1]);
  });

  it('computes each element twice with cdktf as shipped (so the count above means something)', () => {
    const saved = process.env.DROPSHIP_CDKTF_RESOLVE;
    process.env.DROPSHIP_CDKTF_RESOLVE = '1';
    try {
      expect(toTerraformCalls()).toEqual([2, 2, 2, 2]);
    } finally {
      if (saved === undefined) delete process.env.DROPSHIP_CDKTF_RESOLVE;
      else process.env.DROPSHIP_CDKTF_RESOLVE = saved;
    }
  });

  it('keeps cdktf’s two passes when an aspect could change elements after preparation', () => {
    const out = mkdtempSync(join(tmpdir(), 'dropship-aspect-'));
    try {
      const app = new App({ outdir: out, skipValidation: true });
      const stack = new PlannedStack(app, 'aspects');
      new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
      new IamRole(stack, 'role', { name: 'before', assumeRolePolicy: '{}' });
      const rename: IAspect = {
        visit(node: IConstruct) {
          if (node instanceof IamRole) node.name = 'after';
        },
      };
      Aspects.of(stack).add(rename);
      app.synth();
      const json = readFileSync(join(out, 'stacks', 'aspects', 'cdk.tf.json'), 'utf8');
      expect(JSON.parse(json).resource.aws_iam_role.role.name).toBe('after');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('same output with and without the fast paths', () => {
  let work: string;
  beforeAll(() => {
    ensureBuilt();
    work = mkdtempSync(join(tmpdir(), 'dropship-fast-resolve-'));
    writeFileSync(join(work, 'fleet-10.yaml'), generateYaml(10));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const synth = (spec: string, args: string[], out: string, env: NodeJS.ProcessEnv) => {
    const child = runCli(['synth', spec, '--out', out, '--quiet', ...args], work, { env });
    expect(child.stderr).not.toMatch(/error/i); // the examples print warnings; nothing may fail
    expect(child.code).toBe(0);
    return readFilesUnder(out);
  };

  const cases: [string, () => string, string[]][] = [
    ['php-shop', () => exampleFile('php-shop'), []],
    ['php-shop, HCL', () => exampleFile('php-shop'), ['--hcl']],
    ['django-app, per-app layout', () => exampleFile('django-app'), ['--layout', 'per-app']],
    ['a generated 10-app fleet', () => join(work, 'fleet-10.yaml'), []],
    ['a generated 10-app fleet, per-app layout', () => join(work, 'fleet-10.yaml'), ['--layout', 'per-app']],
  ];

  it.each(cases)('%s', (name, spec, args) => {
    const dir = join(work, name.replace(/\W+/g, '-'));
    const fast = synth(spec(), args, join(dir, 'fast'), { DROPSHIP_CDKTF_RESOLVE: '' });
    const cdktf = synth(spec(), args, join(dir, 'cdktf'), { DROPSHIP_CDKTF_RESOLVE: '1' });
    expect(Object.keys(fast).length).toBeGreaterThan(2);
    expect(Object.keys(fast).sort()).toEqual(Object.keys(cdktf).sort());
    for (const file of Object.keys(cdktf)) expect([file, fast[file]]).toEqual([file, cdktf[file]]);
  });
});
