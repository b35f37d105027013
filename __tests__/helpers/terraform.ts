/**
 * The offline terraform harness: `terraform init`, `validate` and `plan` of one synthesized stack, with no
 * credentials and no network.
 *
 * The generated config is never edited. The stack dir is copied into a temp dir and a `zz_override.tf.json`
 * beside it gives the AWS provider dummy keys and the skip_* flags, swaps the backend for a local one in the
 * temp dir, and points every `terraform_remote_state` (cdktf's cross-stack references) at a fake upstream
 * state file whose outputs carry plausible values (vpc-…, arn:aws:…), so dependent stacks plan offline too.
 * Providers come from a filesystem mirror (/opt/tf-plugins, or DROPSHIP_TF_PLUGIN_MIRROR); the unpacked
 * layout is symlinked by `init`, so the 700 MB AWS plugin is never copied.
 *
 * Without terraform (or the mirror) the suite is skipped with a visible warning, except in CI (CI=true),
 * where that is a failure.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TerraformJson } from './synth';

export const DUMMY_ACCOUNT_ID = '123456789012';

export interface TerraformToolchain {
  available: boolean;
  /** Why the terraform tests cannot run (when not available). */
  reason?: string;
  binary: string;
  version?: string;
  pluginMirror?: string;
}

const KNOWN_MIRRORS = [
  '/opt/tf-plugins',
  join(homedir(), '.terraform.d', 'plugins'),
  join(homedir(), '.local', 'share', 'terraform', 'plugins'),
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
];

let toolchain: TerraformToolchain | undefined;

/** Finds terraform and an AWS provider mirror once per process. */
export function terraformToolchain(): TerraformToolchain {
  toolchain ??= detectToolchain(process.env);
  return toolchain;
}

/** Looks for terraform (`DROPSHIP_TERRAFORM` or PATH) and the mirror, as `env` configures them. */
export function detectToolchain(env: NodeJS.ProcessEnv): TerraformToolchain {
  const binary = env.DROPSHIP_TERRAFORM ?? 'terraform';
  const version = spawnSync(binary, ['version', '-json'], { encoding: 'utf8', env: cleanEnv() });
  if (version.error || version.status !== 0) {
    return {
      available: false,
      binary,
      reason: `terraform is not on PATH (${version.error?.message ?? version.stderr.trim()}); install terraform ≥ 1.10`,
    };
  }
  const mirror = findPluginMirror(env.DROPSHIP_TF_PLUGIN_MIRROR);
  if (!mirror) {
    return {
      available: false,
      binary,
      reason:
        'no filesystem mirror with hashicorp/aws found (looked at DROPSHIP_TF_PLUGIN_MIRROR, ' +
        `${KNOWN_MIRRORS.join(', ')}); set DROPSHIP_TF_PLUGIN_MIRROR to a directory laid out as ` +
        'registry.terraform.io/hashicorp/aws/<version>/<os_arch>/',
    };
  }
  let parsedVersion: string | undefined;
  try {
    parsedVersion = (JSON.parse(version.stdout) as { terraform_version?: string }).terraform_version;
  } catch {
    parsedVersion = undefined;
  }
  return { available: true, binary, version: parsedVersion, pluginMirror: mirror };
}

/** The first directory holding `registry.terraform.io/hashicorp/aws`: the override, then the known places. */
export function findPluginMirror(
  override: string | undefined,
  known: readonly string[] = KNOWN_MIRRORS,
): string | undefined {
  const candidates = [override, ...known].filter((p): p is string => typeof p === 'string' && p.length > 0);
  return candidates.find((dir) => existsSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws')));
}

/**
 * `describe` when terraform can run; otherwise `describe.skip` with a warning that says why — or, in CI,
 * a failing test, so a CI image without terraform can never pass silently.
 */
export function describeTerraform(name: string, body: () => void): void {
  const tc = terraformToolchain();
  const gate = terraformGate(tc, process.env);
  if (gate === 'run') {
    describe(name, body);
  } else if (gate === 'fail') {
    describe(name, () => {
      it('has terraform and the provider mirror (required in CI)', () => {
        throw new Error(`CI=true but the terraform checks cannot run: ${tc.reason}`);
      });
    });
  } else {
    console.warn(`SKIPPED terraform checks "${name}": ${tc.reason}`);
    describe.skip(name, body);
  }
}

/** Run when terraform is there; otherwise fail in CI (`CI=true`) and skip elsewhere. */
export function terraformGate(tc: TerraformToolchain, env: NodeJS.ProcessEnv): 'run' | 'skip' | 'fail' {
  if (tc.available) return 'run';
  return env.CI === 'true' ? 'fail' : 'skip';
}

export interface ResourceChange {
  address: string;
  type: string;
  name: string;
  mode: 'managed' | 'data';
  actions: string[];
  /** Planned attribute values (unknown-after-apply attributes are absent). */
  after: Record<string, unknown> | null;
  afterUnknown: Record<string, unknown>;
}

export interface ValidateResult {
  valid: boolean;
  errorCount: number;
  warningCount: number;
  diagnostics: { severity: string; summary: string; detail?: string; address?: string }[];
}

export interface StackPlanResult {
  stack: string;
  workDir: string;
  /** True when the result came from the plan cache (see `cacheScope`); `timingsMs` are the original run's. */
  cached: boolean;
  /** `terraform validate -json` with `validateOnly`; otherwise the diagnostics of the plan, which validates first. */
  validate: ValidateResult;
  /**
   * Managed resources to create/update/delete (data sources excluded), with planned values. Reading it (or
   * `raw`) runs `terraform show -json` once; counts and outputs come from the plan itself.
   */
  readonly resourceChanges: ResourceChange[];
  /** Count per resource type of the resources to create. */
  createdByType: Record<string, number>;
  /**
   * The planned action per managed resource address (`create`, `update`, `replace`, ...), from the plan
   * stream: reading it costs no `terraform show`.
   */
  plannedActions: Record<string, string>;
  outputs: string[];
  /** The fake upstream outputs written for cross-stack references: state name → output → value. */
  fakeUpstream: Record<string, Record<string, unknown>>;
  /**
   * `validate` is 0 unless `validateOnly` (plan validates); `init` is a copy of the provider set's template
   * except for the first stack of a set.
   */
  timingsMs: { init: number; validate: number; plan: number; show: number };
  /** What terraform printed: stdout and stderr of init, validate and plan (and show, once it ran). */
  readonly logs: string;
  /** Raw `terraform show -json` of the saved plan (runs `show` on first read). */
  readonly raw: Record<string, unknown>;
}

export interface PlanStackOptions {
  /** Skip `terraform plan` (validate only). */
  validateOnly?: boolean;
  /** Keep the temp dir for debugging (its path is in the result). */
  keep?: boolean;
  /** Override fake upstream output values: `{ '<output name>': value }`. */
  upstreamValues?: Record<string, unknown>;
  /**
   * Plan the HCL (`cdk.tf`) of `synth --hcl` in `outdir`: the overrides and fake upstream values come from
   * the same stack synthesized as JSON in this out dir.
   */
  jsonTwin?: string;
}

/**
 * Runs init, validate and plan for `<outdir>/stacks/<stack>` (and `show`, lazily); throws with terraform's
 * diagnostics on failure.
 */
export function planStack(outdir: string, stack: string, options: PlanStackOptions = {}): StackPlanResult {
  const tc = terraformToolchain();
  if (!tc.available) throw new Error(`terraform unavailable: ${tc.reason}`);
  const jsonDir = options.jsonTwin ?? outdir;
  const configFile = join(jsonDir, 'stacks', stack, 'cdk.tf.json');
  if (!existsSync(configFile)) throw new Error(`no synthesized stack at ${configFile}`);
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as TerraformJson;
  const hclFile = join(outdir, 'stacks', stack, 'cdk.tf');
  if (options.jsonTwin && !existsSync(hclFile)) throw new Error(`no synthesized HCL at ${hclFile}`);
  const configText = readFileSync(options.jsonTwin ? hclFile : configFile, 'utf8');
  const upstream = fakeUpstreamValues(jsonDir, config, options.upstreamValues ?? {});

  const cacheDir =
    options.keep || cacheScope() === 'off' ? undefined : cacheDirFor(tc, configText, upstream, options);
  const hit = cacheDir
    ? readCached(cacheDir, stack, () => runPlan(tc, outdir, stack, config, upstream, options, cacheDir))
    : undefined;
  if (hit) return hit;
  const result = runPlan(tc, outdir, stack, config, upstream, options, cacheDir);
  if (cacheDir) writeCached(cacheDir, result);
  return result;
}

/**
 * A stack's variables without a default (the DMS CA certificates, which the reader passes with -var-file) get
 * a placeholder PEM in `zz_test.auto.tfvars.json`, as a reader's var file would give them: plan reads no file.
 */
export const DUMMY_PEM = '-----BEGIN CERTIFICATE-----\nMIIBdummy\n-----END CERTIFICATE-----\n';
function writeDummyVariables(config: TerraformJson, workDir: string): void {
  const variables = (config as { variable?: Record<string, { default?: unknown }> }).variable ?? {};
  const missing = Object.entries(variables).filter(([, v]) => v.default === undefined);
  if (missing.length === 0) return;
  writeFileSync(
    join(workDir, 'zz_test.auto.tfvars.json'),
    JSON.stringify(Object.fromEntries(missing.map(([name]) => [name, DUMMY_PEM]))),
  );
}

/**
 * A terraform runner for a config `planStack` does not take (the HCL `cdk.tf` of `synth --hcl`): commands run
 * in `workDir`, a copy the caller made, with the provider mirror, the shared CLI config and the caller's
 * credentials stripped, as `planStack` runs them. Failures are returned, not thrown, for the caller to assert.
 */
export function offlineTerraform(
  workDir: string,
): (args: string[]) => { stdout: string; stderr: string; status: number } {
  const tc = terraformToolchain();
  if (!tc.available) throw new Error(`terraform unavailable: ${tc.reason}`);
  const cliConfig = join(workDir, 'dropship-test.tfrc');
  writeFileSync(cliConfig, cliConfigFor(tc.pluginMirror!));
  const env = terraformEnv(cliConfig, tc.pluginMirror!);
  return (args) => runTerraform(tc.binary, args, workDir, env, { allowFailure: true });
}

function runPlan(
  tc: TerraformToolchain,
  outdir: string,
  stack: string,
  config: TerraformJson,
  upstream: Record<string, Record<string, unknown>>,
  options: PlanStackOptions,
  cacheDir?: string,
): StackPlanResult {
  const stackDir = join(outdir, 'stacks', stack);
  const workDir = mkdtempSync(join(tmpdir(), `dropship-tf-${stack}-`));
  try {
    cpSync(stackDir, workDir, {
      recursive: true,
      filter: (src) => !src.includes(`${join(stackDir, '.terraform')}`) && !src.endsWith('.tfstate'),
    });
    const fakeUpstream = writeFakeUpstreamStates(upstream, workDir);
    writeFileSync(
      join(workDir, 'zz_override.tf.json'),
      `${JSON.stringify(overrideFor(config, workDir, fakeUpstream), null, 2)}\n`,
    );
    writeDummyVariables(config, workDir);
    const cliConfig = join(workDir, 'dropship-test.tfrc');
    writeFileSync(cliConfig, cliConfigFor(tc.pluginMirror!));
    const env = terraformEnv(cliConfig, tc.pluginMirror!);
    let logs = '';
    const run = (args: string[], opts: { allowFailure?: boolean } = {}) => {
      try {
        const out = runTerraform(tc.binary, args, workDir, env, opts);
        logs += `${out.stdout}\n${out.stderr}\n`;
        return out;
      } catch (err) {
        logs += `${(err as Error).message}\n`;
        throw err;
      }
    };

    const t0 = Date.now();
    initFromTemplate(tc, config, workDir, run);
    const t1 = Date.now();
    const timingsMs = { init: t1 - t0, validate: 0, plan: 0, show: 0 };
    if (options.validateOnly) {
      const validateOut = run(['validate', '-json', '-no-color'], { allowFailure: true });
      timingsMs.validate = Date.now() - t1;
      const validate = parseValidate(validateOut.stdout);
      if (!validate.valid) {
        throw new TerraformFailure(
          `terraform validate failed for ${stack}:\n${formatValidate(validate)}`,
          logs,
        );
      }
      if (!options.keep) removeNow(workDir);
      return {
        stack,
        workDir,
        cached: false,
        validate,
        resourceChanges: [],
        createdByType: {},
        plannedActions: {},
        outputs: [],
        fakeUpstream,
        timingsMs,
        logs,
        raw: {},
      };
    }
    // No separate `terraform validate`: plan validates the configuration first (the local backend runs the
    // same validation walk before planning) and streams its diagnostics, which give `validate` below. A
    // validate run would load the 700 MB provider's schema once more for nothing (a third of a stack's time).
    const planOut = run(
      ['plan', '-refresh=false', '-input=false', '-lock=false', '-no-color', '-json', '-out=plan.tfplan'],
      { allowFailure: true },
    );
    timingsMs.plan = Date.now() - t1;
    const stream = parsePlanStream(planOut.stdout);
    const validate = stream.validate;
    if (planOut.status !== 0) {
      throw new TerraformFailure(
        `terraform plan failed for ${stack}:\n${stream.errors.join('\n') || planOut.stderr}`,
        logs,
      );
    }
    // `terraform show -json` costs as much as the plan itself: run it only when a test reads values.
    keepUntilExit(workDir);
    let shown: { raw: Record<string, unknown>; changes: ResourceChange[] } | undefined;
    const show = () => {
      if (!shown) {
        const t4 = Date.now();
        const raw = JSON.parse(run(['show', '-json', '-no-color', 'plan.tfplan']).stdout) as Record<
          string,
          unknown
        >;
        timingsMs.show = Date.now() - t4;
        shown = { raw, changes: parseResourceChanges(raw) };
        if (cacheDir) writeAtomically(join(cacheDir, 'show.json'), JSON.stringify(raw));
        if (!options.keep) removeNow(workDir);
      }
      return shown;
    };
    return {
      stack,
      workDir,
      cached: false,
      validate,
      createdByType: stream.createdByType,
      plannedActions: stream.plannedActions,
      outputs: stream.outputs,
      fakeUpstream,
      timingsMs,
      get logs() {
        return logs;
      },
      get resourceChanges() {
        return show().changes;
      },
      get raw() {
        return show().raw;
      },
    };
  } catch (err) {
    if (!options.keep) removeNow(workDir);
    throw err;
  }
}

const LOCAL_STATE = join('state', 'terraform.tfstate');

/**
 * `terraform init` once per provider set. The first stack that needs a set runs init in its work dir and
 * publishes the result (`.terraform`: the provider links and the backend's configuration hash; the
 * dependency lock file) as a template; later stacks with the same set copy it (a few small files and a
 * symlink) instead of running init. The key holds everything init reads: required providers, the providers
 * and resource types used (implicit providers), terraform, the mirror and its versions; the backend is the
 * same relative local one in every work dir. A template that does not fit fails plan loudly (lock file or
 * backend mismatch), never silently.
 */
function initFromTemplate(
  tc: TerraformToolchain,
  config: TerraformJson,
  workDir: string,
  run: (args: string[]) => unknown,
): void {
  const template = join(initRoot(), initKey(tc, config));
  if (existsSync(template)) {
    cpSync(join(template, '.terraform'), join(workDir, '.terraform'), { recursive: true });
    cpSync(join(template, LOCK_FILE), join(workDir, LOCK_FILE));
    return;
  }
  run(['init', '-input=false', '-no-color']);
  mkdirSync(initRoot(), { recursive: true });
  const staging = mkdtempSync(join(initRoot(), 'staging-'));
  cpSync(join(workDir, '.terraform'), join(staging, '.terraform'), { recursive: true });
  cpSync(join(workDir, LOCK_FILE), join(staging, LOCK_FILE));
  try {
    renameSync(staging, template);
  } catch {
    // Another jest worker published the same template first: theirs is as good.
    rmSync(staging, { recursive: true, force: true });
  }
}

const LOCK_FILE = '.terraform.lock.hcl';

/** Templates live as long as the plan cache: across runs on workstations, for one run in CI. */
function initRoot(): string {
  return cacheScope() === 'persistent'
    ? join(tmpdir(), 'dropship-tf-init-v1')
    : join(tmpdir(), `dropship-tf-init-run-${process.ppid}`);
}

function initKey(tc: TerraformToolchain, config: TerraformJson): string {
  const typePrefixes = (blocks: Record<string, unknown> | undefined) =>
    Object.keys(blocks ?? {}).map((type) => type.split('_')[0]);
  const used = [
    ...Object.keys(config.provider ?? {}),
    ...typePrefixes(config.resource),
    ...typePrefixes(config.data),
  ];
  return toolchainKey(tc, [
    JSON.stringify(config.terraform?.required_providers ?? {}),
    [...new Set(used)].sort().join(','),
  ]);
}

/**
 * A key over this harness's source, terraform, the mirror and its provider versions, and `parts`: a new
 * harness, terraform or provider invalidates every cached plan and init template.
 */
function toolchainKey(tc: TerraformToolchain, parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of [
    readFileSync(__filename, 'utf8'),
    tc.version ?? '',
    tc.pluginMirror ?? '',
    providerVersions(tc.pluginMirror),
    ...parts,
  ])
    hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 32);
}

/** A failed validate or plan, with everything terraform printed up to the failure. */
export class TerraformFailure extends Error {
  constructor(
    message: string,
    readonly logs: string,
  ) {
    super(message);
  }
}

const pendingDirs = new Set<string>();

let removingAtExit = false;

/** Work dirs whose plan file may still be shown are removed when the test process exits. */
function keepUntilExit(dir: string): void {
  if (!removingAtExit)
    process.once('exit', () => pendingDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  removingAtExit = true;
  pendingDirs.add(dir);
}

function removeNow(dir: string): void {
  pendingDirs.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The machine-readable plan stream: what is created (per type), each resource's planned action, the
 * outputs, and the diagnostics (validation's and the plan's), as `terraform validate -json` would count them.
 */
function parsePlanStream(stdout: string): {
  createdByType: Record<string, number>;
  plannedActions: Record<string, string>;
  outputs: string[];
  errors: string[];
  validate: ValidateResult;
} {
  const createdByType: Record<string, number> = {};
  const plannedActions: Record<string, string> = {};
  const outputs = new Set<string>();
  const diagnostics: ValidateResult['diagnostics'] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const msg = JSON.parse(line) as {
      type: string;
      change?: { action: string; resource: { resource_type: string; addr: string } };
      outputs?: Record<string, unknown>;
      diagnostic?: { severity: string; summary: string; detail?: string; address?: string };
    };
    if (msg.type === 'planned_change' && msg.change && !msg.change.resource.addr.startsWith('data.')) {
      plannedActions[msg.change.resource.addr] = msg.change.action;
      if (msg.change.action === 'create' || msg.change.action === 'replace') {
        const type = msg.change.resource.resource_type;
        createdByType[type] = (createdByType[type] ?? 0) + 1;
      }
    } else if (msg.type === 'outputs' && msg.outputs) {
      for (const name of Object.keys(msg.outputs)) outputs.add(name);
    } else if (msg.type === 'diagnostic' && msg.diagnostic) {
      const { severity, summary, detail, address } = msg.diagnostic;
      // A check block's result is the plan's, not the configuration's (`terraform validate` never evaluates
      // one): "known after apply" or a failed assertion stays out of `validate`; `raw.checks` holds them all.
      if (severity === 'warning' && summary.startsWith('Check block assertion')) continue;
      diagnostics.push({ severity, summary, detail, address });
    }
  }
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const errorCount = errors.length;
  return {
    createdByType,
    plannedActions,
    outputs: [...outputs].sort(),
    errors: errors.map(
      (d) => `error: ${d.summary}${d.address ? ` (${d.address})` : ''}${d.detail ? `\n  ${d.detail}` : ''}`,
    ),
    validate: {
      valid: errorCount === 0,
      errorCount,
      warningCount: diagnostics.filter((d) => d.severity === 'warning').length,
      diagnostics,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Plan cache: the same stack JSON with the same fake upstream values plans the same way
// ---------------------------------------------------------------------------------------------------------

/**
 * Results are cached under the system temp dir, keyed by the stack's JSON, the fake upstream values, the
 * terraform version, the provider mirror and this file's source. Failures are never cached.
 * - `persistent` (workstations): a re-run of unchanged stacks costs nothing;
 * - `run` (CI=true): shared only by the jest workers of one run (same parent process), so test files that
 *   plan the same stack run terraform once, and every CI run still exercises terraform;
 * - `off` with DROPSHIP_TF_CACHE=0.
 */
export function cacheScope(env: NodeJS.ProcessEnv = process.env): 'persistent' | 'run' | 'off' {
  if (env.DROPSHIP_TF_CACHE === '0') return 'off';
  return env.CI === 'true' ? 'run' : 'persistent';
}

function cacheRoot(): string {
  return cacheScope() === 'run'
    ? join(tmpdir(), `dropship-tf-cache-run-${process.ppid}`)
    : join(tmpdir(), 'dropship-tf-cache-v1');
}

function cacheDirFor(
  tc: TerraformToolchain,
  configText: string,
  upstream: Record<string, Record<string, unknown>>,
  options: PlanStackOptions,
): string {
  return join(
    cacheRoot(),
    toolchainKey(tc, [
      options.validateOnly ? 'validate-only' : 'plan',
      options.jsonTwin ? 'hcl' : 'json',
      JSON.stringify(upstream),
      configText,
    ]),
  );
}

/** The AWS provider versions in the mirror: a new provider invalidates every cached plan. */
function providerVersions(mirror: string | undefined): string {
  if (!mirror) return '';
  try {
    return readdirSync(join(mirror, 'registry.terraform.io', 'hashicorp', 'aws'))
      .sort()
      .join(',');
  } catch {
    return '';
  }
}

interface CachedResult {
  validate: ValidateResult;
  createdByType: Record<string, number>;
  plannedActions: Record<string, string>;
  outputs: string[];
  fakeUpstream: Record<string, Record<string, unknown>>;
  timingsMs: StackPlanResult['timingsMs'];
  logs: string;
}

function readCached(dir: string, stack: string, rerun: () => StackPlanResult): StackPlanResult | undefined {
  const file = join(dir, 'result.json');
  if (!existsSync(file)) return undefined;
  const cached = JSON.parse(readFileSync(file, 'utf8')) as CachedResult;
  let shown: { raw: Record<string, unknown>; changes: ResourceChange[] } | undefined;
  const show = () => {
    if (!shown) {
      const showFile = join(dir, 'show.json');
      // Values were never read before: plan again for real (and fill the cache's show.json).
      const raw = existsSync(showFile)
        ? (JSON.parse(readFileSync(showFile, 'utf8')) as Record<string, unknown>)
        : rerun().raw;
      shown = { raw, changes: parseResourceChanges(raw) };
    }
    return shown;
  };
  return {
    stack,
    workDir: dir,
    cached: true,
    ...cached,
    get resourceChanges() {
      return show().changes;
    },
    get raw() {
      return show().raw;
    },
  };
}

function writeCached(dir: string, result: StackPlanResult): void {
  mkdirSync(dir, { recursive: true });
  const { validate, createdByType, plannedActions, outputs, fakeUpstream, timingsMs, logs } = result;
  const entry: CachedResult = {
    validate,
    createdByType,
    plannedActions,
    outputs,
    fakeUpstream,
    timingsMs,
    logs,
  };
  writeAtomically(join(dir, 'result.json'), JSON.stringify(entry));
}

/** Parallel jest workers may write the same entry: write a temp file and rename it into place. */
function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

// ---------------------------------------------------------------------------------------------------------
// Override file, CLI config, environment
// ---------------------------------------------------------------------------------------------------------

/** Dummy credentials: AWS's documented example keys, never real ones. */
const OFFLINE_PROVIDER = {
  access_key: 'AKIAIOSFODNN7EXAMPLE',
  secret_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: 'true',
  skip_region_validation: true,
  // The account guard needs the caller's account id, which offline runs never learn.
  allowed_account_ids: null,
};

function overrideFor(
  config: TerraformJson,
  workDir: string,
  fakeUpstream: Record<string, Record<string, unknown>>,
): Record<string, unknown> {
  const override: Record<string, unknown> = {
    // Relative to the work dir (terraform's cwd): every work dir then has the same backend configuration,
    // so one `terraform init` serves them all (see initFromTemplate).
    terraform: { backend: { local: { path: LOCAL_STATE } } },
  };
  const awsProviders = config.provider?.aws ?? [];
  if (awsProviders.length > 0) {
    // Override blocks merge by provider name + alias: one entry per configured AWS provider.
    override.provider = {
      aws: awsProviders.map((p) =>
        p.alias ? { alias: p.alias, ...OFFLINE_PROVIDER } : { ...OFFLINE_PROVIDER },
      ),
    };
  }
  const remoteStates = Object.keys(fakeUpstream);
  if (remoteStates.length > 0) {
    override.data = {
      terraform_remote_state: Object.fromEntries(
        remoteStates.map((name) => [
          name,
          { backend: 'local', config: { path: upstreamStatePath(workDir, name) } },
        ]),
      ),
    };
  }
  return override;
}

function cliConfigFor(mirror: string): string {
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path = ${JSON.stringify(mirror)}`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** A packed (zip) mirror is unpacked by every init; a shared plugin cache makes that happen once. */
function terraformEnv(cliConfig: string, mirror: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
  if (isPackedMirror(mirror)) {
    const cache = join(tmpdir(), 'dropship-tf-plugin-cache');
    mkdirSync(cache, { recursive: true });
    env.TF_PLUGIN_CACHE_DIR = cache;
  }
  return env;
}

function isPackedMirror(mirror: string): boolean {
  const dir = join(mirror, 'registry.terraform.io', 'hashicorp', 'aws');
  try {
    return readdirSync(dir).some((f) => f.endsWith('.zip'));
  } catch {
    return false;
  }
}

/** The caller's environment minus anything that could reach a real account or a real backend. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(AWS_|TF_|DIGITALOCEAN_|DO_)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

function runTerraform(
  binary: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  options: { allowFailure?: boolean } = {},
): { stdout: string; stderr: string; status: number } {
  const result = spawnSync(binary, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  const status = result.status ?? 1;
  if (status !== 0 && !options.allowFailure) {
    throw new Error(
      `terraform ${args[0]} failed in ${cwd} (exit ${status}):\n${result.stderr}\n${result.stdout}`,
    );
  }
  return { stdout: result.stdout, stderr: result.stderr, status };
}

function parseValidate(stdout: string): ValidateResult {
  const parsed = JSON.parse(stdout) as {
    valid: boolean;
    error_count: number;
    warning_count: number;
    diagnostics?: { severity: string; summary: string; detail?: string; address?: string }[];
  };
  return {
    valid: parsed.valid,
    errorCount: parsed.error_count,
    warningCount: parsed.warning_count,
    diagnostics: parsed.diagnostics ?? [],
  };
}

function formatValidate(v: ValidateResult): string {
  return v.diagnostics
    .map(
      (d) =>
        `${d.severity}: ${d.summary}${d.address ? ` (${d.address})` : ''}${d.detail ? `\n  ${d.detail}` : ''}`,
    )
    .join('\n');
}

function parseResourceChanges(raw: Record<string, unknown>): ResourceChange[] {
  const changes =
    (raw.resource_changes as
      | {
          address: string;
          type: string;
          name: string;
          mode: 'managed' | 'data';
          change: {
            actions: string[];
            after: Record<string, unknown> | null;
            after_unknown?: Record<string, unknown>;
          };
        }[]
      | undefined) ?? [];
  return changes
    .filter(
      (c) => c.mode === 'managed' && !(c.change.actions.length === 1 && c.change.actions[0] === 'no-op'),
    )
    .map((c) => ({
      address: c.address,
      type: c.type,
      name: c.name,
      mode: c.mode,
      actions: c.change.actions,
      after: c.change.after,
      afterUnknown: c.change.after_unknown ?? {},
    }));
}

// ---------------------------------------------------------------------------------------------------------
// Fake upstream state for cross-stack references
// ---------------------------------------------------------------------------------------------------------

const REMOTE_STATE_REF = /data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g;

function upstreamStatePath(workDir: string, name: string): string {
  return join(workDir, 'upstream', `${name}.tfstate`);
}

/**
 * The outputs each `terraform_remote_state` of the stack must provide, with plausible values derived from
 * the producer's output expression (`${aws_vpc.vpc.id}` → `vpc-…`), read from the producer stack in the
 * same out dir when it is there, else from the output's name.
 */
function fakeUpstreamValues(
  outdir: string,
  config: TerraformJson,
  overrides: Record<string, unknown>,
): Record<string, Record<string, unknown>> {
  const remoteStates = Object.keys(config.data?.terraform_remote_state ?? {});
  if (remoteStates.length === 0) return {};
  const text = JSON.stringify(config);
  const wanted = new Map<string, Set<string>>(remoteStates.map((n) => [n, new Set<string>()]));
  for (const m of text.matchAll(REMOTE_STATE_REF)) wanted.get(m[1])?.add(m[2]);
  const result: Record<string, Record<string, unknown>> = {};
  for (const [name, outputs] of wanted) {
    const producer = producerOutputs(outdir, name);
    const values: Record<string, unknown> = {};
    for (const output of [...outputs].sort()) {
      values[output] =
        output in overrides ? overrides[output] : fakeValue(producer[output] ?? output, output);
    }
    result[name] = values;
  }
  return result;
}

/**
 * For every `terraform_remote_state` the stack declares, writes a state file with each output the stack
 * reads (values from `fakeUpstreamValues`).
 */
function writeFakeUpstreamStates(
  upstream: Record<string, Record<string, unknown>>,
  workDir: string,
): Record<string, Record<string, unknown>> {
  if (Object.keys(upstream).length === 0) return upstream;
  mkdirSync(join(workDir, 'upstream'), { recursive: true });
  for (const [name, values] of Object.entries(upstream)) {
    writeFileSync(upstreamStatePath(workDir, name), `${JSON.stringify(fakeState(name, values), null, 2)}\n`);
  }
  return upstream;
}

/** cdktf names the data source `cross-stack-reference-input-<producer stack>`. */
function producerOutputs(outdir: string, remoteStateName: string): Record<string, string> {
  const producer = remoteStateName.replace(/^cross-stack-reference-input-/, '');
  const file = join(outdir, 'stacks', producer, 'cdk.tf.json');
  if (!existsSync(file)) return {};
  const json = JSON.parse(readFileSync(file, 'utf8')) as TerraformJson;
  const out: Record<string, string> = {};
  for (const [name, o] of Object.entries(json.output ?? {})) {
    if (typeof o.value === 'string') out[name] = o.value;
  }
  return out;
}

function fakeState(name: string, outputs: Record<string, unknown>): Record<string, unknown> {
  return {
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: `00000000-0000-4000-8000-${hexOf(name, 12)}`,
    outputs: Object.fromEntries(
      Object.entries(outputs).map(([k, value]) => [k, { value, type: stateType(value), sensitive: false }]),
    ),
    resources: [],
    check_results: null,
  };
}

function stateType(value: unknown): unknown {
  if (Array.isArray(value)) return ['list', value.length > 0 ? stateType(value[0]) : 'string'];
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return 'string';
}

/** Deterministic hex from a string (no crypto needed: values only have to look right and differ). */
function hexOf(seed: string, length: number): string {
  let h = 0x811c9dc5;
  let out = '';
  while (out.length < length) {
    for (const ch of `${seed}#${out.length}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

const REGION = 'us-east-1';
const ACCOUNT = DUMMY_ACCOUNT_ID;

/** `aws_vpc` `id` → `vpc-…`: the resource id prefixes AWS uses. */
const ID_PREFIX: Record<string, string> = {
  aws_vpc: 'vpc',
  aws_subnet: 'subnet',
  aws_security_group: 'sg',
  aws_internet_gateway: 'igw',
  aws_nat_gateway: 'nat',
  aws_eip: 'eipalloc',
  aws_route_table: 'rtb',
  aws_flow_log: 'fl',
  aws_efs_file_system: 'fs',
  aws_efs_access_point: 'fsap',
  aws_vpc_endpoint: 'vpce',
  aws_db_subnet_group: 'dbsubnet',
};

/** Resource types whose `id` is their ARN. */
const ID_IS_ARN = new Set([
  'aws_lb',
  'aws_lb_listener',
  'aws_lb_target_group',
  'aws_ecs_cluster',
  'aws_secretsmanager_secret',
  'aws_acm_certificate',
  'aws_iam_policy',
]);

const ARN_SHAPE: Record<string, (name: string, hex: string) => string> = {
  aws_kms_key: (_n, hex) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${uuidOf(hex)}`,
  aws_kms_alias: (n) => `arn:aws:kms:${REGION}:${ACCOUNT}:alias/${n}`,
  aws_ecr_repository: (n) => `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${n}`,
  aws_lb: (n, hex) => `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/${n}/${hex}`,
  aws_lb_listener: (n, hex) =>
    `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/${n}/${hex}/${hex.slice(0, 16)}`,
  aws_lb_target_group: (n, hex) =>
    `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${n}/${hex}`,
  aws_ecs_cluster: (n) => `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${n}`,
  aws_ecs_service: (n) => `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${n}/${n}`,
  aws_ecs_task_definition: (n) => `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${n}:1`,
  aws_secretsmanager_secret: (n, hex) =>
    `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${n}-${hex.slice(0, 6)}`,
  aws_iam_role: (n) => `arn:aws:iam::${ACCOUNT}:role/${n}`,
  aws_iam_policy: (n) => `arn:aws:iam::${ACCOUNT}:policy/${n}`,
  aws_acm_certificate: (_n, hex) => `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/${uuidOf(hex)}`,
  aws_cloudwatch_log_group: (n) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${n}`,
  aws_db_instance: (n) => `arn:aws:rds:${REGION}:${ACCOUNT}:db:${n}`,
  aws_rds_cluster: (n) => `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:${n}`,
  aws_elasticache_replication_group: (n) => `arn:aws:elasticache:${REGION}:${ACCOUNT}:replicationgroup:${n}`,
  aws_route53_zone: (_n, hex) => `arn:aws:route53:::hostedzone/Z${hex.toUpperCase().slice(0, 20)}`,
  aws_route53_health_check: (_n, hex) => `arn:aws:route53:::healthcheck/${uuidOf(hex)}`,
  aws_s3_bucket: (n) => `arn:aws:s3:::${n}`,
  aws_sns_topic: (n) => `arn:aws:sns:${REGION}:${ACCOUNT}:${n}`,
  aws_efs_file_system: (_n, hex) =>
    `arn:aws:elasticfilesystem:${REGION}:${ACCOUNT}:file-system/fs-${hex.slice(0, 17)}`,
  aws_dms_replication_instance: (n) => `arn:aws:dms:${REGION}:${ACCOUNT}:rep:${n.toUpperCase()}`,
};

function uuidOf(hex: string): string {
  const h = hex.padEnd(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A plausible value for an output. `expression` is the producer's output value (`${aws_vpc.vpc.id}`), or
 * the output name when the producer is not in the out dir.
 */
export function fakeValue(expression: string, outputName: string): unknown {
  const m = /\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}/.exec(expression);
  const hex = hexOf(outputName, 32);
  if (!m) return fallbackByName(outputName, hex);
  const [, type, logicalId, path] = m;
  const attribute =
    path
      .split('.')
      .filter(Boolean)
      .pop()
      ?.replace(/\[\d+\]$/, '') ?? '';
  const name =
    logicalId
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .slice(0, 32) || 'fake';
  const arnOf = (t: string) =>
    (
      ARN_SHAPE[t] ??
      ((n: string) => `arn:aws:${t.replace(/^aws_/, '').split('_')[0]}:${REGION}:${ACCOUNT}:${n}`)
    )(name, hex);
  switch (attribute) {
    case 'id':
      if (ID_IS_ARN.has(type)) return arnOf(type);
      if (type === 'aws_kms_key') return uuidOf(hex);
      if (type === 'aws_route53_health_check') return uuidOf(hex); // Route 53's ids are UUIDs
      if (type === 'aws_route53_zone') return `Z${hex.toUpperCase().slice(0, 20)}`;
      if (type === 'aws_iam_role' || type === 'aws_cloudwatch_log_group') return name;
      return `${ID_PREFIX[type] ?? type.replace(/^aws_/, '').replace(/_/g, '')}-${hex.slice(0, 17)}`;
    case 'secret_arn':
      return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:rds!db-${uuidOf(hex)}-${hex.slice(0, 6)}`;
    case 'arn':
    case 'key_arn':
    case 'target_key_arn':
      return arnOf(type);
    case 'arn_suffix':
      return `app/${name}/${hex.slice(0, 16)}`;
    case 'key_id':
      return uuidOf(hex);
    case 'name':
    case 'family':
    case 'cluster_name':
      return name;
    case 'repository_url':
      return `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}`;
    case 'registry_id':
    case 'owner_id':
      return ACCOUNT;
    case 'dns_name':
      return `${name}-1234567890.${REGION}.elb.amazonaws.com`;
    case 'zone_id':
      return type === 'aws_route53_zone' ? `Z${hex.toUpperCase().slice(0, 20)}` : 'Z35SXDOTRQ7X7K';
    case 'name_servers':
      return ['ns-1.awsdns-01.org', 'ns-2.awsdns-02.co.uk', 'ns-3.awsdns-03.com', 'ns-4.awsdns-04.net'];
    case 'cidr_block':
      return '10.0.0.0/16';
    case 'ipv6_cidr_block':
      return '2600:1f18:1234:5600::/56';
    case 'public_ip':
      return `198.51.100.${(parseInt(hex.slice(0, 2), 16) % 250) + 1}`;
    case 'private_ip':
      return `10.0.${parseInt(hex.slice(0, 2), 16) % 250}.${(parseInt(hex.slice(2, 4), 16) % 250) + 1}`;
    case 'port':
      return 5432;
    case 'address':
    case 'endpoint':
    case 'primary_endpoint_address':
    case 'reader_endpoint_address':
    case 'configuration_endpoint_address':
    case 'reader_endpoint':
      return `${name}.${hex.slice(0, 12)}.${REGION}.rds.amazonaws.com`;
    default:
      if (/_ids$/.test(attribute)) return [`${attribute.replace(/_ids$/, '')}-${hex.slice(0, 17)}`];
      if (/_arn$/.test(attribute)) return arnOf(type);
      return `${name}-${attribute || 'value'}`;
  }
}

/** Without the producer's expression, guess from the output name (cdktf embeds the expression in it). */
function fallbackByName(outputName: string, hex: string): unknown {
  const n = outputName.toLowerCase();
  if (/arn$/.test(n)) return `arn:aws:iam::${ACCOUNT}:role/fake-${hex.slice(0, 8)}`;
  if (/vpc.*id$/.test(n)) return `vpc-${hex.slice(0, 17)}`;
  if (/subnet.*id$/.test(n)) return `subnet-${hex.slice(0, 17)}`;
  if (/security_group.*id$|sg.*id$/.test(n)) return `sg-${hex.slice(0, 17)}`;
  if (/name_servers$/.test(n)) return ['ns-1.awsdns-01.org', 'ns-2.awsdns-02.co.uk'];
  if (/port$/.test(n)) return 5432;
  return `fake-${hex.slice(0, 12)}`;
}
