/**
 * Every command the plan prints, of specs whose strings carry shell payloads, EXECUTED: each manual step and
 * each runbook entry runs as one script (the way it is pasted) under bash and dash, in a scratch folder,
 * with PATH holding only stubs. A stub records its argv and exits 0 (aws, jq and terraform print a
 * plausible value); the text tools the checks pipe through (tr, awk, sed, grep, …) run for real after
 * recording. A payload that ran writes a marker file with shell builtins only, so it needs no tool to leave
 * its trace. Asserted: no marker; no stub got a hostile value split, mangled, globbed or as an option; every
 * value that a command names reaches some tool's argv intact; no password on a command line, in a stub's
 * environment or in a file others can read.
 */
import type { Plan } from '../../compiler/model';
import { spawn, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { importInventory } from '../../cli/import';
import { compileSpec, planManualSteps } from '../../compiler';
import { loadSpecText } from '../../schema/load';
import { exampleText } from '../helpers/examples';
import { doctl } from '../import/helpers';

// ---------------------------------------------------------------------------------------------------------
// The sandbox: stubs, real text tools, a scratch folder and a marker folder per run
// ---------------------------------------------------------------------------------------------------------

/** Tools the commands call that must not run: each records its argv and exits 0. */
const STUBS = [
  'aws',
  'cdktf',
  'createdb',
  'curl',
  'dig',
  'docker',
  'doctl',
  'dropship',
  'jq',
  'mount',
  'mysql',
  'mysqldump',
  'pg_dump',
  'pg_restore',
  'psql',
  'rm',
  'rsync',
  'ssh',
  'sudo',
  'terraform',
];
/** Tools the commands pipe through: recorded, then run for real (mktemp writes into the run's TMPDIR). */
const PASS_THROUGH = ['cat', 'grep', 'mktemp', 'sed', 'tail'];
/** Text tools no value reaches (they read the AWS CLI's output): the real ones, unrecorded. */
const REAL = ['awk', 'cut', 'date', 'sort', 'tr', 'uniq', 'wc'];

/** What the AWS CLI stub answers for a generated and for a stored password: neither may reach an argv. */
const RANDOM_PASSWORD = 'RandomStubPassword0';
const STORED_PASSWORD = 'StoredStubPassword1';

const SHELLS = ['bash', 'dash'].filter(
  (s) => spawnSync('sh', ['-c', `command -v ${s}`], { encoding: 'utf8' }).status === 0,
);
const paths = new Map<string, string>();
const realPath = (tool: string) => {
  if (!paths.has(tool)) {
    const out = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`${tool} is needed on this machine for the test`);
    paths.set(tool, out.stdout.trim());
  }
  return paths.get(tool)!;
};

const ROOT = mkdtempSync(join(tmpdir(), 'dropship-hostile-'));
const BIN = join(ROOT, 'bin');
/** Lowercase and free of spaces: an email payload (lowercased by the schema) still names it. */
const MARKS = join(tmpdir(), `dropship-marks-${process.pid}`);

/** Records `count\0name\0args…\0` into a file of its own process (pipeline stages run at once). */
const RECORD = `printf '%s\\0' "$#" "\${0##*/}" "$@" >> "$STUB_LOG/$$"
if [ -n "\${PGPASSWORD+x}\${MYSQL_PWD+x}" ]; then printf '%s\\n' "\${0##*/}" >> "$STUB_LOG/env-password"; fi`;

function stubScript(name: string): string {
  const answer: Record<string, string> = {
    aws: `case " $* " in
  *" get-random-password "*) printf '%s\\n' ${RANDOM_PASSWORD} ;;
  *" get-secret-value "*) printf '%s\\n' '{"username":"app","password":"${STORED_PASSWORD}"}' ;;
  *) printf '%s\\n' stub-output ;;
esac`,
    // Passes its input on, so a password jq would turn into a file reaches that file.
    jq: `while IFS= read -r line || [ -n "$line" ]; do printf '%s\\n' "$line"; done`,
    terraform: `printf '%s\\n' stub-output`,
  };
  return `#!/bin/sh\n${RECORD}\n${answer[name] ?? ''}\nexit 0\n`;
}

beforeAll(() => {
  mkdirSync(BIN);
  mkdirSync(MARKS);
  for (const name of STUBS) writeFileSync(join(BIN, name), stubScript(name), { mode: 0o755 });
  for (const name of PASS_THROUGH)
    writeFileSync(join(BIN, name), `#!/bin/sh\n${RECORD}\nexec ${realPath(name)} "$@"\n`, { mode: 0o755 });
  for (const name of REAL) symlinkSync(realPath(name), join(BIN, name));
});
afterAll(() => {
  rmSync(ROOT, { recursive: true, force: true });
  rmSync(MARKS, { recursive: true, force: true });
});

interface Call {
  tool: string;
  argv: string[];
}

function readCalls(logDir: string): Call[] {
  const calls: Call[] = [];
  for (const file of readdirSync(logDir).filter((f) => /^\d+$/.test(f))) {
    const fields = readFileSync(join(logDir, file), 'latin1').split('\0');
    fields.pop(); // after the last \0
    for (let i = 0; i < fields.length;) {
      const count = Number(fields[i]);
      calls.push({
        tool: fields[i + 1],
        argv: fields.slice(i + 2, i + 2 + count).map((a) => Buffer.from(a, 'latin1').toString('utf8')),
      });
      i += 2 + count;
    }
  }
  return calls;
}

interface RunResult {
  calls: Call[];
  /** stderr lines that say a command was not found: a tool the stubs lack. */
  notFound: string[];
  envPasswords: string;
  /** Files the scripts left (scratch folder and TMPDIR) holding a password, with their modes. */
  secretFiles: { path: string; mode: number }[];
}

let runs = 0;

/** One script under one shell in a fresh scratch folder; what it left behind. */
function runScript(shell: string, script: string, env: Record<string, string>): Promise<RunResult> {
  const dir = join(ROOT, `run-${(runs += 1)}`);
  const [work, temp, log] = ['work', 'tmp', 'log'].map((d) => join(dir, d));
  for (const d of [work, temp, log]) mkdirSync(d, { recursive: true });
  // Files a glob in a value would match, were it left unquoted.
  for (const name of GLOB_BAIT) writeFileSync(join(work, name), '');
  return new Promise((resolve, reject) => {
    const child = spawn(realPath(shell), ['-c', script], {
      cwd: work,
      env: { ...env, PATH: BIN, HOME: work, TMPDIR: temp, STUB_LOG: log, LC_ALL: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      const result: RunResult = {
        calls: readCalls(log),
        notFound: stderr.split('\n').filter((l) => /not found/.test(l)),
        envPasswords: '',
        secretFiles: [],
      };
      try {
        result.envPasswords = readFileSync(join(log, 'env-password'), 'utf8');
      } catch {
        // no stub saw a password variable
      }
      for (const folder of [work, temp])
        for (const name of readdirSync(folder)) {
          const path = join(folder, name);
          if (!statSync(path).isFile()) continue;
          const text = readFileSync(path, 'utf8');
          if (text.includes(RANDOM_PASSWORD) || text.includes(STORED_PASSWORD))
            result.secretFiles.push({ path, mode: statSync(path).mode & 0o777 });
        }
      rmSync(dir, { recursive: true, force: true });
      resolve(result);
    });
  });
}

/** Runs each script under each shell at once, with `env` (the variables a step asks the reader to set). */
async function execute(scripts: string[], env: Record<string, string>): Promise<RunResult> {
  const parts = await Promise.all(SHELLS.flatMap((shell) => scripts.map((s) => runScript(shell, s, env))));
  return {
    calls: parts.flatMap((p) => p.calls),
    notFound: parts.flatMap((p) => p.notFound),
    envPasswords: parts.map((p) => p.envPasswords).join(''),
    secretFiles: parts.flatMap((p) => p.secretFiles),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------------------

/** Payloads for the value tagged `token`: each, if it ran, writes MARKS/<token> with builtins only. */
function payloads(token: string): string[] {
  const mark = join(MARKS, token);
  return [
    `$(echo x >${mark})`,
    `\`echo x >${mark}\``,
    `;echo x >${mark};`,
    `&&echo x >${mark}`,
    `||echo x >${mark}`,
    `|echo x >${mark}`,
    `\necho x >${mark}\n`,
    `'$(echo x >${mark})'`,
    `"$(echo x >${mark})"`,
    `'\`echo x >${mark}\`'`,
    `>${mark}`,
    ` >${mark} `,
    `&echo x >${mark}`,
    `<${mark}`,
    `'`,
    `"`,
    `\\`,
    `\\'`,
    `$HOME`,
    '${IFS}',
    '~',
    ' ',
    '\t',
    '!',
    '#',
    '*',
    '?',
    '[a-z]',
    '{a,b}',
    '%',
    '=',
    ':',
    'é',
    '\r',
    ' sslmode=disable',
    "' sslmode='disable",
  ];
}
/** How a value may start: nothing, or like an option (which must never become one). */
const LEADS = ['', '', '-', '--help', '-oProxyCommand=echo x', '--result-file=x', '=', '~', '#'];

/** Each value carries its slot's token: `hx<slot>x`, letters and digits only, kept by every form. */
const tokenOf = (slot: number) => `hx${slot}x`;
/** A glob after a token matches these files in the scratch folder, were it left unquoted. */
const GLOB_BAIT = [...Array.from({ length: 12 }, (_, slot) => `${tokenOf(slot)}-bait`), '-hv3x-bait'];

const hostile = (slot: number) =>
  fc
    .tuple(
      fc.constantFrom(...LEADS),
      fc.array(fc.constantFrom(...payloads(tokenOf(slot))), { minLength: 1, maxLength: 4 }),
    )
    .map(([lead, parts]) => `${lead}${tokenOf(slot)}${parts.join('')}`);
/** A token and a glob only: the bait files match it. */
const globOnly = (slot: number) =>
  fc.constantFrom(`${tokenOf(slot)}*`, `${tokenOf(slot)}?bait`, `${tokenOf(slot)}[-]bait`);
const anyHostile = (slot: number) => fc.oneof(hostile(slot), globOnly(slot));

// ---------------------------------------------------------------------------------------------------------
// Specs: both examples, each way its data can move, with every string that reaches a command hostile
// ---------------------------------------------------------------------------------------------------------

/** The slots, by the spec field they fill. */
const SLOTS = {
  host: 0,
  user: 1,
  database: 2,
  secondDatabase: 3,
  mountPath: 4,
  email: 5,
} as const;
type Values = Record<keyof typeof SLOTS, string>;
/** The DigitalOcean database id `dropship import` writes into a secret's description (a doctl command). */
const IMPORTED_ID = 6;

/** What the reader sets by hand when a step asks for it: hostile too (a variable is expanded, never parsed). */
const VARIABLES: Record<string, string> = {
  DROPLET_IP: `hv1x $(echo x >${join(MARKS, 'hv1x')}) *`,
  COPY_ROLE_NAME: 'hv2x ; * ?',
  // A host has no space (a libpq connection string could not hold one unquoted): a glob and a dash.
  DO_HOST: '-hv3x*',
  STACK: 'hv4x *',
  SECRET_ARN: 'hv5x *',
};

interface Variant {
  example: 'php-shop' | 'django-app';
  method: 'dump' | 'dms';
  /** Leave the DigitalOcean host out: the dump runbook reads DO_HOST. */
  noHost: boolean;
}

/** The example with `values` in every field that reaches a command; the variant picks the data path. */
/** The parts of an example's input this test rewrites. */
interface ExampleInput {
  aws: { alarms?: unknown };
  digitalocean: {
    databases: {
      engine: string;
      host?: string;
      user?: string;
      databases: string[];
      passwordSecret?: string;
    }[];
    volumes: { mountPath?: string }[];
  };
  secrets: { name: string; description?: string }[];
  databases: { migration?: { method: string } }[];
}

function hostileInput(variant: Variant, v: Values): ExampleInput {
  const input = parse(exampleText(variant.example)) as ExampleInput;
  const db = input.digitalocean.databases.find((d) => d.engine === 'mysql' || d.engine === 'pg')!;
  db.host = variant.noHost && variant.method === 'dump' ? undefined : v.host;
  if (db.host === undefined) delete db.host;
  db.user = v.user;
  // The first logical database keeps a plain name (RDS's own database), the others are hostile.
  db.databases = [db.databases[0], v.database, v.secondDatabase];
  input.digitalocean.volumes[0].mountPath = `/${v.mountPath}`;
  // An address has no whitespace and one @; the schema lowercases it.
  const local = v.email.replace(/[\s@]/g, '') || 'x';
  input.aws.alarms = { notify: { emails: [`${local}@example.com`] } };
  const target = input.databases[0];
  target.migration = { method: variant.method };
  if (variant.method === 'dms' && !db.passwordSecret) {
    db.passwordSecret = 'do-source-admin';
    input.secrets.push({ name: 'do-source-admin', description: 'DMS source' });
  }
  return input;
}

/** The value each slot ends up with in the spec (an email lowercased, a path with its slash). */
function specValues(v: Values): Map<string, string> {
  const local = v.email.replace(/[\s@]/g, '') || 'x';
  return new Map([
    [tokenOf(SLOTS.host), v.host],
    [tokenOf(SLOTS.user), v.user],
    [tokenOf(SLOTS.database), v.database],
    [tokenOf(SLOTS.secondDatabase), v.secondDatabase],
    [tokenOf(SLOTS.mountPath), `/${v.mountPath}`],
    [tokenOf(SLOTS.email), `${local}@example.com`.toLowerCase()],
    ...Object.entries(VARIABLES).map(([, value]) => [value.match(/hv\dx/)![0], value] as [string, string]),
  ]);
}

/** Every script the plan prints: each manual step's commands and each runbook entry's, joined as pasted. */
function scriptsOf(plan: Plan): string[] {
  return [...planManualSteps(plan).map((s) => s.commands ?? []), ...plan.data.runbook.map((e) => e.commands)]
    .filter((c) => c.length > 0)
    .map((c) => c.join('\n'));
}

// ---------------------------------------------------------------------------------------------------------
// What an argv element may look like when it carries a hostile value
// ---------------------------------------------------------------------------------------------------------

/** The values of a libpq connection string (keyword = value, quoted with '…' and backslash escapes). */
function conninfoValues(text: string): string[] {
  const values: string[] = [];
  let i = 0;
  const space = () => {
    while (i < text.length && /\s/.test(text[i])) i += 1;
  };
  while (i < text.length) {
    space();
    const key = /^[A-Za-z_]+/.exec(text.slice(i));
    if (!key) return [];
    i += key[0].length;
    space();
    if (text[i] !== '=') return [];
    i += 1;
    space();
    let value = '';
    if (text[i] === "'") {
      i += 1;
      while (i < text.length && text[i] !== "'") {
        if (text[i] === '\\') i += 1;
        value += text[i] ?? '';
        i += 1;
      }
      if (text[i] !== "'") return [];
      i += 1;
    } else
      while (i < text.length && !/\s/.test(text[i])) {
        if (text[i] === '\\') i += 1;
        value += text[i] ?? '';
        i += 1;
      }
    values.push(value);
  }
  return values;
}

/** A dump file name decoded (`%XX` → byte); undefined when the text is no such name. */
function decodedFileName(arg: string): string | undefined {
  const m = /^(?:--file=)?([A-Za-z0-9_.%-]+)\.(dump|sql)$/.exec(arg);
  if (!m || /^[.-]/.test(m[1])) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < m[1].length; i += 1) {
    if (m[1][i] === '%') {
      bytes.push(parseInt(m[1].slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(m[1].charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Does this argv element carry `value` whole? A libpq connection string (`host=…`, alone or after --dbname= or
 * --maintenance-db=) must hold it as exactly one of its values, since text around it could add keywords
 * (`sslmode=disable`); a dump file name, decoded; anything else, verbatim.
 */
function carries(arg: string, value: string): boolean {
  const conninfo = arg.replace(/^--(dbname|maintenance-db)=/, '');
  if (/^host=/.test(conninfo)) return conninfoValues(conninfo).includes(value);
  return arg.includes(value) || decodedFileName(arg) === value || sqlQuoted(arg, value);
}

/**
 * The value whole inside an SQL quote of the runbook's own query (the write guard, the keyless-table check):
 * a string literal (MySQL doubles `'` and `\\`), a PostgreSQL identifier (`"` doubled) or a MySQL one (`` ` ``
 * doubled). Only the quote's own escaping differs from the value; nothing is cut or expanded.
 */
function sqlQuoted(arg: string, value: string): boolean {
  const mysqlLiteral = value.replace(/\\/g, '\\\\').replace(/'/g, "''");
  const literal = value.replace(/'/g, "''");
  const identifier = value.replace(/"/g, '""');
  const backticked = value.replace(/`/g, '``');
  return [`'${mysqlLiteral}'`, `'${literal}'`, `"${identifier}"`, `\`${backticked}\``].some((q) =>
    arg.includes(q),
  );
}

/** An argv element that carries a hostile value must not be an option of its own. */
function isOptionInjection(argv: string[], index: number, value: string): boolean {
  const arg = argv[index];
  if (!arg.startsWith('-')) return false;
  // `--opt=value`: the value is the option's argument.
  const eq = /^--?[A-Za-z][A-Za-z0-9-]*=/.exec(arg);
  if (eq && carries(arg.slice(eq[0].length), value)) return false;
  // After `--`, every word is an operand.
  return !argv.slice(0, index).includes('--');
}

// ---------------------------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------------------------

interface Tally {
  /** Runs per variant in which validation refused a field, by its path. */
  refused: Map<string, number>;
  /** Per token: argv elements that carried its value whole. */
  reached: Map<string, number>;
  /** Commands (non-comment lines) that name a hostile value. */
  commands: number;
  runs: number;
}
const tally: Tally = { refused: new Map(), reached: new Map(), commands: 0, runs: 0 };
const ranAll = new Set<Variant>();

async function checkVariant(variant: Variant, v: Values): Promise<void> {
  const compiled = (() => {
    const loaded = loadSpecText(stringify(hostileInput(variant, v)), 'hostile.yaml');
    if (!loaded.ok) return loaded.diagnostics;
    const outcome = compileSpec(loaded.spec);
    return outcome.ok ? outcome.plan : outcome.diagnostics;
  })();
  if (Array.isArray(compiled)) {
    // A refusal is fine (nothing is printed); it is counted so the test shows it cannot pass vacuously.
    for (const d of compiled) tally.refused.set(d.path, (tally.refused.get(d.path) ?? 0) + 1);
    return;
  }
  tally.runs += 1;
  const scripts = scriptsOf(compiled);
  const values = specValues(v);
  const named = [...values.keys()].filter((token) =>
    scripts.some((s) => s.split('\n').some((line) => !line.startsWith('#') && line.includes(token))),
  );
  tally.commands += scripts
    .flatMap((s) => s.split('\n'))
    .filter((line) => !line.startsWith('#') && [...values.keys()].some((t) => line.includes(t))).length;

  // Every script once per variant (no tool may be missing from the stubs); after that, the scripts a
  // hostile value or a variable the reader sets reaches, which are the ones a payload could break.
  const variables = Object.keys(VARIABLES);
  const touched = scripts.filter(
    (s) => named.some((t) => s.includes(t)) || variables.some((name) => s.includes(`\${${name}`)),
  );
  const result = await execute(ranAll.has(variant) ? touched : scripts, VARIABLES);
  ranAll.add(variant);

  expect(readdirSync(MARKS)).toEqual([]);
  expect(result.notFound).toEqual([]);
  expect(result.envPasswords).toBe('');
  for (const { path, mode } of result.secretFiles) expect([path, mode]).toEqual([path, 0o600]);

  const reachedNow = new Set<string>();
  for (const call of result.calls) {
    // The droplet's rsync gets the remote path through the protocol, never through its shell.
    if (call.tool === 'rsync') expect(call.argv).toContain('--protect-args');
    call.argv.forEach((arg, index) => {
      // No password ever reaches a command line.
      expect(arg).not.toContain(RANDOM_PASSWORD);
      expect(arg).not.toContain(STORED_PASSWORD);
      for (const [token, value] of values) {
        if (!arg.includes(token)) continue;
        // A token without its whole value: the value was split, expanded, globbed or cut.
        expect(carries(arg, value) ? null : { tool: call.tool, arg, value }).toBeNull();
        // A value that reads as an option of its own (not `--opt=value`, not after `--`).
        expect(
          isOptionInjection(call.argv, index, value) ? { tool: call.tool, argv: call.argv, value } : null,
        ).toBeNull();
        reachedNow.add(token);
        tally.reached.set(token, (tally.reached.get(token) ?? 0) + 1);
      }
    });
  }
  // Every value a command names reached a tool whole (an email through "$e", a dump name through its file).
  for (const token of named) expect([token, reachedNow.has(token)]).toEqual([token, true]);
}

const VARIANTS: Variant[] = [
  { example: 'php-shop', method: 'dump', noHost: false },
  { example: 'php-shop', method: 'dms', noHost: false },
  { example: 'php-shop', method: 'dump', noHost: true },
  { example: 'django-app', method: 'dump', noHost: false },
  { example: 'django-app', method: 'dms', noHost: false },
  { example: 'django-app', method: 'dump', noHost: true },
];

const valuesArb: fc.Arbitrary<Values> = fc.record({
  host: anyHostile(SLOTS.host),
  user: anyHostile(SLOTS.user),
  database: anyHostile(SLOTS.database),
  secondDatabase: anyHostile(SLOTS.secondDatabase),
  mountPath: anyHostile(SLOTS.mountPath),
  email: anyHostile(SLOTS.email),
});

/** One value per payload family, so each runs whatever the generator draws. */
const everyPayload: Values[] = payloads('PLACEHOLDER').map((p, i) => {
  const lead = LEADS[i % LEADS.length];
  const at = (slot: number) => `${lead}${tokenOf(slot)}${p.split('PLACEHOLDER').join(tokenOf(slot))}`;
  return {
    host: at(SLOTS.host),
    user: at(SLOTS.user),
    database: at(SLOTS.database),
    secondDatabase: `${tokenOf(SLOTS.secondDatabase)}*`,
    mountPath: at(SLOTS.mountPath),
    email: at(SLOTS.email),
  };
});

describe('every printed command of a hostile spec, executed with stubbed tools', () => {
  it.each(VARIANTS.map((v, i) => ({ ...v, i })))(
    '$example, $method (no host: $noHost): no payload runs, every value stays one argument',
    async (variant) => {
      // Each payload family in two variants, one per engine (php-shop: MySQL, django-app: PostgreSQL).
      for (const values of everyPayload.filter(
        (_, j) => j % VARIANTS.length === variant.i || (j + 3) % VARIANTS.length === variant.i,
      ))
        await checkVariant(variant, values);
      await fc.assert(
        fc.asyncProperty(valuesArb, (values) => checkVariant(variant, values)),
        { numRuns: 4 },
      );
    },
  );

  it('reached the tools: every field in some argv, many commands, few refusals', () => {
    // Run after the variants (jest keeps the order within a file).
    expect(tally.runs).toBeGreaterThanOrEqual(2 * everyPayload.length);
    for (const token of [
      SLOTS.host,
      SLOTS.user,
      SLOTS.database,
      SLOTS.secondDatabase,
      SLOTS.mountPath,
      SLOTS.email,
    ].map(tokenOf))
      expect([token, (tally.reached.get(token) ?? 0) > 0]).toEqual([token, true]);
    for (const token of ['hv1x', 'hv2x', 'hv3x'])
      expect([token, (tally.reached.get(token) ?? 0) > 0]).toEqual([token, true]);
    // On average a spec prints several commands that name a hostile value, and many argv elements carry one.
    expect(tally.commands / tally.runs).toBeGreaterThanOrEqual(3);
    expect([...tally.reached.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(20 * tally.runs);
    // The free-text fields (host, user, database names, mount path) are never refused.
    const freeText = /\.(host|user|databases(\[\d+\])?|mountPath)$/;
    expect([...tally.refused.keys()].filter((p) => freeText.test(p))).toEqual([]);
  });
});

describe('the command an imported source-password secret describes, executed', () => {
  it('keeps a hostile DigitalOcean database id one operand of doctl, after --', async () => {
    const fixture = JSON.parse(readFileSync(doctl('databases.json'), 'utf8')) as Record<string, unknown>[];
    const token = tokenOf(IMPORTED_ID);
    const check = async (id: string) => {
      const file = join(ROOT, 'databases.json');
      writeFileSync(file, JSON.stringify([{ ...fixture[0], id }]));
      const { text } = importInventory({ inputs: [file] });
      const { secrets } = parse(text) as { secrets: { description?: string }[] };
      const description = secrets.map((s) => s.description ?? '').find((d) => d.includes('doctl'))!;
      const command = description.slice(description.indexOf('doctl databases get'));
      const result = await execute([command], VARIABLES);
      expect(readdirSync(MARKS)).toEqual([]);
      expect(result.notFound).toEqual([]);
      const [call] = result.calls.filter((c) => c.tool === 'doctl');
      expect(call.argv.slice(0, 4)).toEqual(['databases', 'get', '-o', 'json']);
      expect(call.argv.slice(4)).toEqual(['--', id]);
      expect(result.calls.find((c) => c.tool === 'aws')!.argv).toContain(VARIABLES.SECRET_ARN);
    };
    for (const p of payloads(token)) await check(`--help${token}${p}`);
    await fc.assert(fc.asyncProperty(anyHostile(IMPORTED_ID), check), { numRuns: 10 });
  });
});
