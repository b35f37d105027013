/**
 * Test helpers: load specs (bundled examples or inline objects), compile them, and synthesize them with the
 * real renderer, either to a temporary out dir (for terraform) or to one stack's JSON string (for cdktf's
 * `Testing` matchers). Everything runs in process; no cdktf-cli, no network.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { loadSpecFile, type ValidSpec } from '../../schema/load';
import type { MigrationSpec, MigrationSpecInput } from '../../schema/spec';
import { formatDiagnostic } from '../../cli/report';
import { compile, type CompileOptions } from '../../compiler';
import type { Plan, StackPlan } from '../../compiler/model';
import { renderApp } from '../../stacks';
import { examples, exampleFile, type Example } from './examples';
import { revalidated } from './validate';

export { REPO_ROOT, examples, exampleFile, exampleText, type Example } from './examples';

/** The bundled examples that declare a cutover, each with its validated spec. */
export function examplesWithCutover(): (Example & { spec: ValidSpec })[] {
  return examples()
    .map((e) => ({ ...e, spec: loadSpec(e.file) }))
    .filter((e) => e.spec.cutover !== undefined);
}

/** `spec` with its cutover's current phase set to `phase` percent (the spec must declare a cutover). */
export function atCutoverPhase(spec: MigrationSpec, phase: number): ValidSpec {
  if (!spec.cutover) throw new Error(`${spec.project} declares no cutover`);
  return revalidated({ ...spec, cutover: { ...spec.cutover, current: phase } });
}

/** Loads and validates a spec file; a spec with errors fails the test with every diagnostic. */
export function loadSpec(file: string): ValidSpec {
  const result = loadSpecFile(file);
  if (!result.ok)
    throw new Error(`${file} is invalid:\n${result.diagnostics.map((d) => formatDiagnostic(d)).join('\n')}`);
  return result.spec;
}

export function loadExample(name: string): ValidSpec {
  return loadSpec(exampleFile(name));
}

/**
 * Validates an inline spec through the same path as a file (YAML → zod → cross-field rules), so a test spec
 * gets every default and every check a user's file would.
 */
export function specFrom(input: MigrationSpecInput | Record<string, unknown>): ValidSpec {
  return revalidated(input);
}

/** A small valid spec input: a new VPC over two zones and nothing else. Spread and override in tests. */
export function baseSpecInput(): MigrationSpecInput {
  return {
    version: 1,
    project: 'demo',
    environment: 'staging',
    aws: {
      region: 'eu-west-1',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      network: {
        vpc: {
          cidr: '10.0.0.0/16',
          publicSubnets: ['10.0.0.0/24', '10.0.1.0/24'],
          privateSubnets: ['10.0.10.0/24', '10.0.11.0/24'],
          nat: 'single',
        },
      },
    },
  };
}

export type AppInput = NonNullable<MigrationSpecInput['apps']>[number];

/** The VPC id of `existingVpcNetwork()`. */
export const EXISTING_VPC_ID = 'vpc-0abc1234def567890';

/** `aws.network` for an existing VPC with two public and two private subnets; `extra` adds e.g. natGatewayIps. */
export function existingVpcNetwork(
  extra: { natGatewayIps?: string[] } = {},
): MigrationSpecInput['aws']['network'] {
  return {
    existing: {
      vpcId: EXISTING_VPC_ID,
      publicSubnetIds: ['subnet-0aaa1111', 'subnet-0aaa2222'],
      privateSubnetIds: ['subnet-0bbb1111', 'subnet-0bbb2222'],
      ...extra,
    },
  };
}

/**
 * `baseSpecInput()` with these apps, their domain example.com (DNS at DigitalOcean) and one ECR repository,
 * `demo/web`; `extra` overrides top-level fields.
 */
export function specWithApps(apps: AppInput[], extra: Partial<MigrationSpecInput> = {}): ValidSpec {
  return specFrom({
    ...baseSpecInput(),
    digitalocean: { domains: [{ name: 'example.com', dns: 'digitalocean' }] },
    ecr: { repositories: [{ name: 'demo/web' }] },
    apps,
    ...extra,
  });
}

export function compileExample(name: string, options: CompileOptions = {}): Plan {
  return compile(loadExample(name), options);
}

export interface Synthesized {
  plan: Plan;
  /** The cdktf out dir: `<outdir>/stacks/<stack>/cdk.tf.json`. */
  outdir: string;
  stackNames: string[];
  stackFile(name: string): string;
  /** The parsed cdk.tf.json of a stack. */
  stackJson(name: string): TerraformJson;
  /** The stack plan with this role (the first one for `app`). */
  stackByRole(role: StackPlan['role']): StackPlan;
}

/** The parts of cdk.tf.json tests read; everything else stays `unknown`. */
export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; sensitive?: boolean }>;
  provider?: Record<string, Record<string, unknown>[]>;
  terraform?: Record<string, unknown>;
  [key: string]: unknown;
}

const tempDirs: string[] = [];

/** Removes every out dir this test file synthesized (call from afterAll; temp dirs are also safe to leave). */
export function cleanupSynth(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Renders and synthesizes a plan to a fresh temporary out dir. */
export function synthPlan(plan: Plan, options: { hcl?: boolean } = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'dropship-synth-'));
  tempDirs.push(outdir);
  renderApp(plan, { outdir, hcl: options.hcl }).synth();
  const stackFile = (name: string) => join(outdir, 'stacks', name, options.hcl ? 'cdk.tf' : 'cdk.tf.json');
  return {
    plan,
    outdir,
    stackNames: plan.stacks.map((s) => s.name),
    stackFile,
    stackJson: (name) => JSON.parse(readFileSync(stackFile(name), 'utf8')) as TerraformJson,
    stackByRole: (role) => {
      const found = plan.stacks.find((s) => s.role === role);
      if (!found) throw new Error(`no ${role} stack in ${plan.stacks.map((s) => s.name).join(', ')}`);
      return found;
    },
  };
}

export function synthSpec(spec: ValidSpec, options: CompileOptions = {}): Synthesized {
  return synthPlan(compile(spec, options));
}

const exampleCache = new Map<string, Synthesized>();

/** Synthesizes a bundled example once per test file (per layout/only), shared by the tests in it. */
export function synthExample(name: string, options: CompileOptions = {}): Synthesized {
  const key = `${name}|${options.layout ?? 'single'}|${(options.only ?? []).join(',')}`;
  let result = exampleCache.get(key);
  if (!result) {
    result = synthSpec(loadExample(name), options);
    exampleCache.set(key, result);
  }
  return result;
}

/**
 * One stack of a plan as the JSON string cdktf's `Testing` matchers take
 * (`expect(json).toHaveResourceWithProperties(Vpc, {...})` after `Testing.setupJest()`).
 */
export function synthStackJson(plan: Plan, stackName: string): string {
  const outdir = mkdtempSync(join(tmpdir(), 'dropship-stack-'));
  tempDirs.push(outdir);
  const app = renderApp(plan, { outdir });
  const stack = app.node.tryFindChild(stackName);
  if (!(stack instanceof TerraformStack)) {
    throw new Error(`no stack ${stackName}; stacks: ${plan.stacks.map((s) => s.name).join(', ')}`);
  }
  return Testing.synth(stack);
}

/** The stack of `role` (first match) of a plan, as a `Testing` JSON string. */
export function synthRoleJson(plan: Plan, role: StackPlan['role']): string {
  const stack = plan.stacks.find((s) => s.role === role);
  if (!stack) throw new Error(`no ${role} stack in ${plan.stacks.map((s) => s.name).join(', ')}`);
  return synthStackJson(plan, stack.name);
}

/** Every resource of a synthesized stack as `[type, logicalId, config]`, for generic assertions. */
export function resourcesOf(json: TerraformJson | string): [string, string, Record<string, unknown>][] {
  const parsed: TerraformJson = typeof json === 'string' ? (JSON.parse(json) as TerraformJson) : json;
  const out: [string, string, Record<string, unknown>][] = [];
  for (const [type, byId] of Object.entries(parsed.resource ?? {}))
    for (const [id, config] of Object.entries(byId)) out.push([type, id, config]);
  return out;
}

/** The resources of one type, keyed by logical id. */
export function resourcesOfType(
  json: TerraformJson | string,
  type: string,
): Record<string, Record<string, unknown>> {
  const parsed: TerraformJson = typeof json === 'string' ? (JSON.parse(json) as TerraformJson) : json;
  return parsed.resource?.[type] ?? {};
}
