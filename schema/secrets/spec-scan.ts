/**
 * Literal secrets anywhere in a spec: every string the spec holds is read, so a field added to the schema
 * is covered without being listed here. Environment variables are judged by name as well as by value, and
 * only they can be waived (`waivers: [{ variable, reason }]`); every other string reaches a command line,
 * Terraform or the plan verbatim, so a secret there (or in a variable's name) is always an error. A waiver covers only what may be
 * harmless (a credential-like name, a low-confidence shape such as a JWT): a high-confidence shape (a
 * private key, an AWS key id, a vendor token) stays an error. String lists (`command`,
 * `entryPoint`, health-check commands) are read as one command line, so `[--password, hunter2]` is seen.
 */
import type { Finding } from '../diagnostics';
import type { MigrationSpec } from '../spec';
import { isCredentialName } from '../credentials';
import { mayHoldSecret, scanList, scanValue, type SecretMatch } from './scan';
import { describeMasked } from './mask';

type Path = readonly PropertyKey[];
type Waiver = MigrationSpec['waivers'][number];
export type SecretWaiver = Extract<Waiver, { variable: string }>;

export const isSecretWaiver = (w: Waiver): w is SecretWaiver => 'variable' in w;

/** A variable that looks like a secret, kept in plain environment because a waiver says it is none. */
export interface WaivedSecret {
  app: string;
  container: string;
  variable: string;
  /** Spec path of the variable, e.g. `apps[0].containers[1].environment.SORT_KEY`. */
  path: Path;
  /** What made it look like a secret: `its name`, `a JSON Web Token in its value`. */
  looksLike: string[];
  reason: string;
}

export interface LiteralSecrets {
  findings: Finding[];
  waived: WaivedSecret[];
}

const ARN = /^arn:aws[\w-]*:/;

export function literalSecrets(spec: MigrationSpec): LiteralSecrets {
  const out: LiteralSecrets = { findings: [], waived: [] };
  const waivers = spec.waivers.map((w, index) => ({ w, index })).filter(({ w }) => isSecretWaiver(w));
  const used = new Set<number>();
  const environments = new Set<object>();
  const credentialNames = new Map<string, boolean>(); // the same few names in every app
  const credentialName = (name: string) => {
    let is = credentialNames.get(name);
    if (is === undefined) credentialNames.set(name, (is = isCredentialName(name)));
    return is;
  };
  const memo = new Map<string, SecretMatch[]>();
  spec.apps.forEach((app, a) =>
    app.containers.forEach((c, i) => {
      environments.add(c.environment);
      for (const [variable, value] of Object.entries(c.environment)) {
        const path = ['apps', a, 'containers', i, 'environment', variable];
        // A name is printed in the plan and the Terraform as it is: a credential there has no waiver.
        const inName = scanOnce(variable, memo);
        if (inName.length > 0) out.findings.push(nameFinding(path, variable, inName));
        const matches = scanValue(value);
        const trimmed = value.trim();
        const byName = trimmed !== '' && !ARN.test(trimmed) && credentialName(variable);
        if (matches.length === 0 && !byName) continue;
        const waiver = waivers.find(
          ({ w }) =>
            isSecretWaiver(w) &&
            w.variable === variable &&
            (w.app === undefined || w.app === app.name) &&
            (w.container === undefined || w.container === c.name),
        );
        if (waiver && isSecretWaiver(waiver.w)) {
          used.add(waiver.index);
          const credentials = matches.filter((m) => m.rule.confidence === 'high');
          if (credentials.length > 0) {
            out.findings.push(unwaivableFinding(path, variable, value, credentials));
            continue;
          }
          out.waived.push({
            app: app.name,
            container: c.name,
            variable,
            path,
            looksLike: [
              ...(byName ? ['its name'] : []),
              ...matches.map((m) => `${m.rule.what} in its value`),
            ],
            reason: waiver.w.reason,
          });
          continue;
        }
        out.findings.push(environmentFinding(path, variable, value, matches));
      }
    }),
  );
  walk(spec, [], { environments, memo, findings: out.findings });
  waivers.forEach(({ w, index }) => {
    if (used.has(index) || !isSecretWaiver(w)) return;
    const where = [w.app && `app ${w.app}`, w.container && `container ${w.container}`].filter(Boolean);
    out.findings.push({
      severity: 'warning',
      code: 'unused-secret-waiver',
      path: ['waivers', index],
      anchor: 'value',
      message: `the waiver for ${w.variable}${where.length ? ` (${where.join(', ')})` : ''} matches no variable that looks like a secret`,
      hint: 'remove it, or correct its variable, app or container',
    });
  });
  return out;
}

function environmentFinding(path: Path, variable: string, value: string, matches: SecretMatch[]): Finding {
  const waive = `if it is no secret, waive it: \`waivers: [{ variable: ${variable}, reason: ... }]\``;
  const hint = `move it to a secret: declare it under \`secrets:\` and reference it with \`secrets: { ${variable}: <secret name> }\` (ECS reads it from Secrets Manager by ARN); ${waive}`;
  if (matches.length === 0)
    return {
      code: 'literal-secret',
      path,
      message: `${variable} looks like a credential but is written as a literal value`,
      hint,
    };
  if (matches.every((m) => m.rule.id === 'url-userinfo-password'))
    return { code: 'literal-secret', path, message: `${variable} holds a URL with a password in it`, hint };
  return { code: 'literal-secret', path, message: `${variable} holds ${describe(value, matches)}`, hint };
}

function nameFinding(path: Path, variable: string, matches: SecretMatch[]): Finding {
  return {
    code: 'literal-secret',
    path,
    anchor: 'key',
    message: `this variable's name holds ${describe(variable, matches)}`,
    hint: 'rename the variable: its name is written into the plan and the Terraform as it is; the credential belongs in a secret (`secrets: { VARIABLE: <secret name> }`, read by ARN)',
  };
}

/** A waived variable whose value has the shape only a real credential has: the waiver cannot cover it. */
function unwaivableFinding(path: Path, variable: string, value: string, matches: SecretMatch[]): Finding {
  return {
    code: 'literal-secret',
    path,
    message: `${variable} holds ${describe(value, matches)}, which a waiver cannot cover: that shape is a real credential's`,
    hint: `store it in Secrets Manager and pass it by ARN: declare it under \`secrets:\` and reference it with \`secrets: { ${variable}: <secret name> }\`; then remove its waiver (and revoke the credential, which this file has exposed)`,
  };
}

/** `a Stripe secret key (sk_live_****, 32 characters)`, for each kind found. */
function describe(value: string, matches: SecretMatch[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const m of matches) {
    if (seen.has(m.rule.what)) continue;
    seen.add(m.rule.what);
    parts.push(`${m.rule.what} (${describeMasked(value.slice(m.start, m.end), m.keep)})`);
  }
  return parts.join(' and ');
}

interface Walk {
  environments: ReadonlySet<object>;
  /** Field names and many values repeat in every app: each distinct string is scanned once. */
  memo: Map<string, SecretMatch[]>;
  findings: Finding[];
}

const NONE: SecretMatch[] = [];

function scanOnce(text: string, memo: Map<string, SecretMatch[]>): SecretMatch[] {
  if (!mayHoldSecret(text)) return NONE;
  let matches = memo.get(text);
  if (matches === undefined) memo.set(text, (matches = scanValue(text)));
  return matches;
}

/**
 * Every string of the spec but environment values (judged above): record keys, values and list items.
 * `path` is one array, pushed and popped on the way down (copied only for a finding): 1,000 apps hold
 * about 100,000 strings.
 */
function walk(value: unknown, path: PropertyKey[], w: Walk): void {
  if (typeof value === 'string') {
    const matches = scanOnce(value, w.memo);
    if (matches.length > 0) w.findings.push(fieldFinding([...path], value, matches));
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > 1 && value.every((v) => typeof v === 'string')) {
      const byItem = new Map<number, SecretMatch[]>();
      for (const { index, match } of scanList(value as string[]))
        byItem.set(index, [...(byItem.get(index) ?? []), match]);
      for (const [index, matches] of byItem)
        w.findings.push(fieldFinding([...path, index], value[index] as string, matches));
      return;
    }
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(value[i], path, w);
      path.pop();
    }
    return;
  }
  if (value === null || typeof value !== 'object' || w.environments.has(value)) return;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const keyMatches = scanOnce(key, w.memo);
    if (keyMatches.length > 0)
      w.findings.push({ ...fieldFinding([...path, key], key, keyMatches), anchor: 'key' });
    path.push(key);
    walk((value as Record<string, unknown>)[key], path, w);
    path.pop();
  }
}

function fieldFinding(path: Path, value: string, matches: SecretMatch[]): Finding {
  return {
    code: 'literal-secret',
    path,
    message: `this value holds ${describe(value, matches)}`,
    hint: hintFor(path),
  };
}

function hintFor(path: Path): string {
  const keys = path.filter((k): k is string => typeof k === 'string');
  const field = keys[keys.length - 1];
  if (keys.includes('image'))
    return 'remove the credentials from the image URI: pull from an ECR repository (`image: { repository }`) or a registry that needs none in the URI';
  if (keys.includes('containers') && ['command', 'entryPoint'].some((k) => keys.includes(k)))
    return `move it to a secret: declare it under \`secrets:\`, pass it to the container with \`secrets: { VARIABLE: <secret name> }\` (ECS reads it from Secrets Manager by ARN) and refer to $VARIABLE in the ${keys.includes('healthCheck') ? 'health-check command' : field}`;
  return 'remove it: this text is written into the plan or the Terraform as it is; credentials belong under `secrets:` (referenced by ARN)';
}
