/**
 * Literal secrets in a spec, as a hostile or careless user writes them: every generated disguise in every
 * kind of field (environment by value and by name, command, entryPoint, health-check command, image URI,
 * a sidecar, descriptions, DNS records, tags, waiver reasons, ... and every other string of a spec, found by
 * walking it) is refused with a located `literal-secret` and a hint, and its text appears nowhere in what
 * `validate` (text and JSON), `plan` and `check` print. Waivers let a look-alike through and show in the plan.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { runValidate } from '../cli/commands/validate';
import { runPlan } from '../cli/commands/plan';
import { runCheck } from '../cli/commands/check';
import { loadSpecText } from '../schema/load';
import { formatPath } from '../schema/diagnostics';
import { BASE } from './schema/base-spec';
import { captureOutput } from './helpers/output';
import { redactDiagnostics } from '../cli/report';
import { CREDENTIAL_NAMES, DISGUISES, LOOK_ALIKES, type Disguised } from './helpers/secret-corpus';

const dir = mkdtempSync(join(tmpdir(), 'dropship-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

type Data = Record<string, unknown>;
const base = (): Data => parse(BASE) as Data;

/** BASE with every free-text field set, so that walking it reaches each kind of field. */
function fullSpec(): Data {
  const d = base();
  const app = (d.apps as Data[])[0];
  app.description = 'the shop front';
  const [nginx, php] = app.containers as Data[];
  php.command = ['php-fpm', '-F'];
  php.entryPoint = ['docker-php-entrypoint'];
  php.workingDirectory = '/var/www';
  php.user = 'www-data';
  nginx.healthCheck = { command: ['CMD-SHELL', 'curl -fsS http://127.0.0.1/healthz || exit 1'] };
  (app.containers as Data[]).push({
    name: 'sidecar',
    image: { uri: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0' },
    essential: false,
    environment: { OTEL_RESOURCE: 'service=shop' },
    command: ['--config', '/etc/otel.yaml'],
  });
  (d.secrets as Data[])[0].description = 'Stripe keys of the shop';
  const domain = ((d.digitalocean as Data).domains as Data[])[0];
  domain.records = [{ type: 'TXT', name: '@', data: 'v=spf1 include:_spf.example.net ~all' }];
  ((d.digitalocean as Data).droplets as Data[])[0].tags = ['web'];
  (d.aws as Data).tags = { team: 'shop' };
  d.waivers = [{ check: 'DS021', reason: 'a staging copy: no deletion protection' }];
  return d;
}

/** Paths of every string in the spec (list items and mapping values; not the keys). */
function stringPaths(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  if (typeof value === 'string') out.push(path);
  else if (Array.isArray(value)) value.forEach((v, i) => stringPaths(v, [...path, i], out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) stringPaths(v, [...path, k], out);
  return out;
}

function setAt(data: Data, path: readonly (string | number)[], value: unknown): Data {
  let node = data as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return data;
}

function writeSpec(data: Data | string): string {
  const file = join(dir, `spec-${files++}.yaml`);
  writeFileSync(file, typeof data === 'string' ? data : stringify(data));
  return file;
}

/** Everything `validate` (text and JSON) and a failing `plan` print for a file. */
function printed(file: string): {
  text: string;
  json: { diagnostics: Record<string, string>[] };
  code: number;
} {
  const text = captureOutput(() => runValidate({ file, format: 'text' }));
  const json = captureOutput(() => runValidate({ file, format: 'json' }));
  return {
    text: text.stdout + text.stderr + json.stderr,
    json: JSON.parse(json.stdout) as { diagnostics: Record<string, string>[] },
    code: text.code,
  };
}

/** A sample of every disguise, deterministic per test run. */
const samples = (n: number, seed = 7): [string, Disguised][] =>
  Object.entries(DISGUISES).flatMap(([name, arb]) =>
    fc.sample(arb, { numRuns: n, seed }).map((d) => [name, d] as [string, Disguised]),
  );

/** The field kinds named in issue 15, each as (path in fullSpec, how a disguise is put there). */
const FIELDS: [string, (string | number)[], (d: Disguised) => unknown][] = [
  ['an environment value', ['apps', 0, 'containers', 1, 'environment', 'UPSTREAM'], (d) => d.value],
  ['command', ['apps', 0, 'containers', 1, 'command'], (d) => ['sh', '-c', `exec app ${d.value}`]],
  ['entryPoint', ['apps', 0, 'containers', 1, 'entryPoint'], (d) => ['/entry.sh', d.value]],
  [
    'the health-check command',
    ['apps', 0, 'containers', 0, 'healthCheck', 'command'],
    (d) => ['CMD-SHELL', d.value],
  ],
  ['the image URI', ['apps', 0, 'containers', 1, 'image'], (d) => ({ uri: d.value })],
  [
    'a sidecar environment value',
    ['apps', 0, 'containers', 2, 'environment', 'OTEL_HEADERS'],
    (d) => d.value,
  ],
  ['a sidecar command', ['apps', 0, 'containers', 2, 'command'], (d) => ['--config', d.value]],
  ['a secret description', ['secrets', 0, 'description'], (d) => d.value],
  ['an app description', ['apps', 0, 'description'], (d) => `the shop; ${d.value}`],
  ['a working directory', ['apps', 0, 'containers', 1, 'workingDirectory'], (d) => d.value],
  ['a DNS record', ['digitalocean', 'domains', 0, 'records', 0, 'data'], (d) => d.value],
  ['a waiver reason', ['waivers', 0, 'reason'], (d) => `because ${d.value}`],
];

/** The path where the finding must point: the list item that holds the secret, or the field. */
function expectedPath(path: (string | number)[], put: unknown): string {
  if (Array.isArray(put)) return formatPath([...path, put.length - 1]);
  if (put && typeof put === 'object') return formatPath([...path, 'uri']);
  return formatPath(path);
}

describe('a disguised secret in any field is refused, located, and never printed', () => {
  it.each(FIELDS.map(([name, ...rest], i) => [name, ...rest, i] as const))('in %s', (_name, path, put, i) => {
    for (const [shape, disguise] of samples(1, 100 + i)) {
      const value = put(disguise);
      const file = writeSpec(setAt(fullSpec(), path, value));
      const out = printed(file);
      const where = expectedPath(path, value);
      const found = out.json.diagnostics.find((d) => d.code === 'literal-secret' && d.path === where);
      if (!found) throw new Error(`${shape}: no literal-secret at ${where}: ${JSON.stringify(out.json)}`);
      expect(out.code).toBe(1);
      expect(found.hint).toMatch(/secrets:|remove/);
      expect(found.line).toBeGreaterThan(1);
      expect(out.text).toContain(`(at ${where})`);
      if (out.text.includes(disguise.secret) || JSON.stringify(out.json).includes(disguise.secret))
        throw new Error(`${shape} printed in ${where}:\n${out.text}`);
    }
  });

  it('by name in environment (AUTH_TOKEN_2, PASSWORD1, ...), with the hint to move it and the waiver', () => {
    fc.assert(
      fc.property(CREDENTIAL_NAMES, fc.stringMatching(/^[a-z][A-Za-z0-9]{9,20}[0-9]$/), (name, secret) => {
        const file = writeSpec(setAt(fullSpec(), ['apps', 0, 'containers', 1, 'environment', name], secret));
        const out = printed(file);
        const d = out.json.diagnostics.find((x) => x.code === 'literal-secret');
        expect(d?.path).toBe(`apps[0].containers[1].environment.${name}`);
        expect(d?.hint).toContain('declare it under `secrets:`');
        expect(d?.hint).toContain(`waivers: [{ variable: ${name}`);
        expect(out.text).not.toContain(secret);
        expect(JSON.stringify(out.json)).not.toContain(secret);
      }),
      { numRuns: 25 },
    );
  });

  it('in every string of a spec, found by walking it (a new field is covered without a list)', () => {
    const spec = fullSpec();
    const all = samples(1, 11);
    stringPaths(spec).forEach((path, i) => {
      const [shape, disguise] = all[i % all.length];
      const file = writeSpec(setAt(fullSpec(), path, disguise.value));
      const out = printed(file);
      const where = formatPath(path);
      // Either the secret rule or the field's own format refuses it, at that field; nothing prints it.
      expect(out.code).toBe(1);
      const at = out.json.diagnostics.filter((d) => d.path === where || d.path.startsWith(`${where}.`));
      if (at.length === 0) throw new Error(`${shape} in ${where}: ${JSON.stringify(out.json.diagnostics)}`);
      if (out.text.includes(disguise.secret) || JSON.stringify(out.json).includes(disguise.secret))
        throw new Error(`${shape} printed in ${where}:\n${out.text}`);
    });
  });

  it('a secret on a line that has another error is masked in that error’s code frame too', () => {
    fc.assert(
      fc.property(fc.oneof(...Object.values(DISGUISES)), fc.boolean(), (disguise, inEnvironment) => {
        if (disguise.value.includes('\n')) return;
        const line = inEnvironment
          ? `        environment: { APP_ENV: production, UPSTREAM: ${JSON.stringify(disguise.value)}, PORT: [1] }`
          : `        command: [sh, -c, ${JSON.stringify(disguise.value)}, 5]`;
        const file = writeSpec(BASE.replace('        environment: { APP_ENV: production }', line));
        const out = printed(file);
        expect(out.code).toBe(1);
        expect(out.text).toContain(' | ');
        expect(out.text).not.toContain(disguise.secret);
        expect(JSON.stringify(out.json)).not.toContain(disguise.secret);
      }),
      { numRuns: 60 },
    );
  });

  it('plan of a spec with a secret prints nothing of it either', () => {
    for (const [, disguise] of samples(1, 3).slice(0, 12)) {
      const file = writeSpec(
        setAt(fullSpec(), ['apps', 0, 'containers', 1, 'command'], ['run', disguise.value]),
      );
      const out = captureOutput(() => runPlan({ file, format: 'json' }));
      expect(out.code).toBe(1);
      // --format json puts the diagnostics on stdout as JSON, so a CI job can parse them.
      const paths = (JSON.parse(out.stdout) as { diagnostics: Array<{ path: string }> }).diagnostics.map(
        (d) => d.path,
      );
      expect(paths).toContain('apps[0].containers[1].command[1]');
      expect(out.stdout + out.stderr).not.toContain(disguise.secret);
    }
  });
});

describe('no look-alike is refused', () => {
  it.each(Object.keys(LOOK_ALIKES))('%s, as an environment value and in a command', (name) => {
    fc.assert(
      fc.property(LOOK_ALIKES[name], (value) => {
        for (const text of [
          stringify(setAt(base(), ['apps', 0, 'containers', 1, 'environment', 'SETTING'], value)),
          stringify(setAt(base(), ['apps', 0, 'containers', 1, 'command'], ['app', '--flag', value])),
        ]) {
          const loaded = loadSpecText(text);
          const secrets = loaded.ok ? [] : loaded.diagnostics.filter((d) => d.code === 'literal-secret');
          expect(secrets).toEqual([]);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('waivers for variables that only look like secrets', () => {
  const waived = (): Data => {
    const d = fullSpec();
    const env = ((d.apps as Data[])[0].containers as Data[])[1].environment as Data;
    env.SORT_KEY = 'created_at';
    env.RECAPTCHA_KEY = '6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI';
    env.SUPABASE_ANON_JWT = fc.sample(DISGUISES.JWT, { numRuns: 1, seed: 5 })[0].value;
    d.waivers = [
      { variable: 'SORT_KEY', reason: 'the column lists are sorted by, not a key' },
      {
        variable: 'RECAPTCHA_KEY',
        app: 'web',
        container: 'php',
        reason: 'the public site key every page prints',
      },
      { variable: 'SUPABASE_ANON_JWT', app: 'web', reason: 'the anonymous key the browser gets by design' },
    ];
    return d;
  };

  it('without them, the look-alikes are errors', () => {
    const d = waived();
    d.waivers = [];
    const out = printed(writeSpec(d));
    expect(out.json.diagnostics.filter((x) => x.code === 'literal-secret').map((x) => x.path)).toEqual([
      'apps[0].containers[1].environment.SORT_KEY',
      'apps[0].containers[1].environment.RECAPTCHA_KEY',
      'apps[0].containers[1].environment.SUPABASE_ANON_JWT',
    ]);
  });

  it('with them, validate passes; a waiver for another app or container, or an unknown variable, is unused', () => {
    const d = waived();
    (d.waivers as Data[]).push(
      { variable: 'SORT_KEY', app: 'other', reason: 'a waiver for an app that does not exist' },
      { variable: 'NOT_THERE', reason: 'a waiver for a variable nobody sets' },
    );
    const out = printed(writeSpec(d));
    expect(out.code).toBe(0);
    const unused = out.json.diagnostics.filter((x) => x.code.includes('waiver'));
    expect(unused.map((x) => [x.code, x.path])).toEqual([
      ['unused-secret-waiver', 'waivers[3]'],
      ['unused-secret-waiver', 'waivers[4]'],
    ]);
  });

  it('a waiver needs a written reason', () => {
    const d = waived();
    (d.waivers as Data[])[0].reason = 'because';
    const out = printed(writeSpec(d));
    expect(out.code).toBe(1);
    expect(out.json.diagnostics.map((x) => x.path)).toContain('waivers[0].reason');
  });

  it('the plan (text, markdown, JSON) lists each waived variable with its reason, and check passes', () => {
    const file = writeSpec(waived());
    const jwt = fc.sample(DISGUISES.JWT, { numRuns: 1, seed: 5 })[0].value;
    const json = captureOutput(() => runPlan({ file, format: 'json' }));
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { security: { secretWaivers: Data[] } };
    expect(report.security.secretWaivers).toEqual([
      expect.objectContaining({
        variable: 'SORT_KEY',
        app: 'web',
        container: 'php',
        looksLike: ['its name'],
      }),
      expect.objectContaining({ variable: 'RECAPTCHA_KEY', reason: 'the public site key every page prints' }),
      expect.objectContaining({
        variable: 'SUPABASE_ANON_JWT',
        looksLike: ['a JSON Web Token in its value'],
        path: 'apps[0].containers[1].environment.SUPABASE_ANON_JWT',
      }),
    ]);
    for (const format of ['text', 'markdown'] as const) {
      const out = captureOutput(() => runPlan({ file, format }));
      expect(out.stdout).toContain('SORT_KEY');
      expect(out.stdout).toContain('the anonymous key the browser gets by design');
      expect(out.stdout).not.toContain(jwt);
    }
    expect(json.stdout).not.toContain(jwt);
    // DS017 does not flag again what the waiver covers (the JWT would be "a JSON Web Token" to it).
    const check = captureOutput(() => runCheck({ file, format: 'json' }));
    const checked = JSON.parse(check.stdout) as { findings: { check: string }[] };
    expect(checked.findings.filter((f) => f.check === 'DS017')).toEqual([]);
  });
});

describe('a waiver never covers the shape of a real credential', () => {
  /** Disguises whose shape only a real credential has (a vendor prefix, key material). */
  const CREDENTIAL_SHAPES = [
    'Stripe secret key',
    'GitHub token',
    'GitHub fine-grained token',
    'Slack token',
    'Slack webhook URL',
    'private key (PEM)',
    'AWS access key id with its secret',
    'AWS access key id',
    'Google API key',
    'npm token',
    'SendGrid key',
    'OpenAI key',
    'Anthropic key',
    'DigitalOcean token',
    'GitLab token',
    'Shopify token',
    'Docker Hub token',
    'Vault token',
    'Telegram bot token',
    'Hugging Face token',
  ];

  it('a waived variable holding one stays an error, with the hint to pass it by ARN', () => {
    const shape = fc
      .constantFrom(...CREDENTIAL_SHAPES)
      .chain((name) => DISGUISES[name].map((d) => [name, d] as const));
    const variable = fc.constantFrom('SORT_KEY', 'UPSTREAM', 'PUBLIC_CONFIG', 'API_KEY', 'SITE_ID');
    const narrowed = fc.record(
      { app: fc.constant('web'), container: fc.constant('php') },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(shape, variable, narrowed, fc.constantFrom('', 'prefix ', 'x='), ([name, d], v, w, pre) => {
        const spec = setAt(fullSpec(), ['apps', 0, 'containers', 1, 'environment', v], `${pre}${d.value}`);
        spec.waivers = [{ variable: v, ...w, reason: 'the reviewer said it is a public value' }];
        const out = printed(writeSpec(spec));
        const where = `apps[0].containers[1].environment.${v}`;
        const found = out.json.diagnostics.find((x) => x.code === 'literal-secret' && x.path === where);
        if (!found) throw new Error(`${name} waived: ${JSON.stringify(out.json.diagnostics)}`);
        expect(out.code).toBe(1);
        expect(found.severity).toBe('error');
        expect(found.message).toContain('a waiver cannot cover');
        expect(found.hint).toContain('by ARN');
        expect(out.json.diagnostics.filter((x) => x.code === 'unused-secret-waiver')).toEqual([]);
        if (out.text.includes(d.secret) || JSON.stringify(out.json).includes(d.secret))
          throw new Error(`${name} printed:\n${out.text}`);
      }),
      { numRuns: 60 },
    );
  });

  it('a low-confidence shape (a JWT, a password in a URL, an assignment) is still waivable', () => {
    const shape = fc.constantFrom(
      'JWT',
      'URL with user:password',
      'password query parameter',
      'credential assignment in a shell line',
    );
    fc.assert(
      fc.property(
        shape.chain((n) => DISGUISES[n]),
        (d) => {
          const spec = setAt(
            fullSpec(),
            ['apps', 0, 'containers', 1, 'environment', 'PUBLIC_VALUE'],
            d.value,
          );
          spec.waivers = [{ variable: 'PUBLIC_VALUE', reason: 'a documented public example value' }];
          expect(printed(writeSpec(spec)).code).toBe(0);
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe('a secret in an environment variable’s name', () => {
  it('is refused, located at the name, waiver or not', () => {
    for (const [shape, d] of samples(1, 21)) {
      for (const waive of [false, true]) {
        const spec = fullSpec();
        const php = ((spec.apps as Data[])[0].containers as Data[])[1];
        php.environment = { APP_ENV: 'production', [d.value]: 'on' };
        if (waive) spec.waivers = [{ variable: d.value, reason: 'the reviewer said it is a public value' }];
        const out = printed(writeSpec(spec));
        const found = out.json.diagnostics.find(
          (x) => x.code === 'literal-secret' && x.message.startsWith("this variable's name holds"),
        );
        if (!found) throw new Error(`${shape} in a name: ${JSON.stringify(out.json.diagnostics)}`);
        expect(out.code).toBe(1);
        expect(found.path.startsWith('apps[0].containers[1].environment')).toBe(true);
        expect(found.hint).toContain('rename the variable');
        expect(Number(found.line)).toBeGreaterThan(1);
      }
    }
  });
});

describe('a secret in a key never leaks through a diagnostic’s path', () => {
  /** Where a key may hold a secret: an environment variable, a tag, a container's secret variable. */
  const KEYED: [string, (spec: Data, key: string) => void][] = [
    [
      'an environment variable',
      (spec, key) => {
        ((spec.apps as Data[])[0].containers as Data[])[1].environment = {
          APP_ENV: 'production',
          [key]: 'on',
        };
      },
    ],
    ['a tag key', (spec, key) => ((spec.aws as Data).tags = { team: 'shop', [key]: 'x' })],
    [
      'a sidecar environment variable',
      (spec, key) => (((spec.apps as Data[])[0].containers as Data[])[2].environment = { [key]: 'x' }),
    ],
  ];

  it.each(KEYED)('in %s: validate (text, JSON) and plan print the path masked', (_where, put) => {
    for (const [shape, d] of samples(1, 33)) {
      if (d.value.includes('\n')) continue; // a key of one line: a multi-line key is its own error
      const spec = fullSpec();
      put(spec, d.value);
      const file = writeSpec(spec);
      const out = printed(file);
      const plan = captureOutput(() => runPlan({ file, format: 'json' }));
      expect(out.code).toBe(1);
      const paths = out.json.diagnostics.map((x) => x.path);
      expect(paths.some((p) => p.includes('****'))).toBe(true);
      for (const text of [out.text, JSON.stringify(out.json), plan.stdout + plan.stderr])
        if (text.includes(d.secret)) throw new Error(`${shape} printed through a path:\n${text}`);
    }
  });

  it('redactDiagnostics masks a path (the plan’s warnings and every printer pass through it)', () => {
    fc.assert(
      fc.property(fc.oneof(...Object.values(DISGUISES)), (d) => {
        const diagnostic = {
          severity: 'warning' as const,
          code: 'x',
          file: '-',
          line: 1,
          column: 1,
          path: `apps[0].environment[${JSON.stringify(d.value)}]`,
          message: 'm',
        };
        const [shown] = redactDiagnostics([diagnostic], new Map([['-', '']])).diagnostics;
        expect(shown.path).not.toContain(d.secret);
      }),
      { numRuns: 80 },
    );
  });
});
