/**
 * Hostile specs for the escaping tests: a payload in every string field of a spec (and a payload key in
 * every map) that validation lets through.
 *
 * `hostileSpec(doc, payloads)` walks the parsed document's string leaves and objects and, site by site,
 * tries each payload appended to the value, then as the whole value, then prepended (for a map, as a new
 * key); it keeps the first form the spec still validates with, next to
 * everything kept before, so the result is one valid spec carrying as many payloads as validation allows.
 * Each try runs zod and the cross-field rules on the document (what a file's load runs after parsing the
 * YAML, without placing diagnostics: ~1 ms instead of ~30 ms); the caller loads the result as a file.
 * Sites whose every form is refused are listed as refused: validation refusing first is a fine outcome.
 */
import { stringify } from 'yaml';
import { loadSpecText } from '../../schema/load';
import { MigrationSpec } from '../../schema/spec';
import { checkRules } from '../../schema/rules';
import { formatPath } from '../../schema/diagnostics';

export type Json = unknown;
type Path = (string | number)[];

export interface HostileSpec {
  /** The YAML of the spec with every accepted payload. */
  text: string;
  /** Spec paths (`apps[0].expose.public.healthCheckPath`, `aws.tags.<key>`) that took a payload. */
  accepted: string[];
  refused: string[];
}

/** Payloads for an injection site (its path, whether it is a map key), tried in order. */
export type PayloadFor = (site: { path: string; key: boolean; index: number }) => string[];

export function hostileSpec(doc: Json, payloadFor: PayloadFor): HostileSpec {
  let current = structuredClone(doc);
  const accepted: string[] = [];
  const refused: string[] = [];
  let index = 0;
  for (const path of stringLeaves(doc)) {
    const original = valueAt(doc, path) as string;
    const forms = payloadFor({ path: formatPath(path), key: false, index: index++ }).flatMap((payload) => [
      original + payload,
      payload,
      payload + original,
    ]);
    const kept = forms.map((form) => withValue(current, path, form)).find(valid);
    if (kept) {
      current = kept;
      accepted.push(formatPath(path));
    } else refused.push(formatPath(path));
  }
  for (const path of objects(doc)) {
    const node = valueAt(current, path) as Record<string, Json>;
    const sample = Object.values(node).find((v) => typeof v === 'string') ?? 'x';
    const next = payloadFor({ path: formatPath(path), key: true, index: index++ })
      .map((payload) => withValue(current, path, { ...node, [payload]: sample }))
      .find(valid);
    if (next) {
      current = next;
      accepted.push(`${formatPath(path)}.<key>`);
    } else refused.push(`${formatPath(path)}.<key>`);
  }
  return { text: stringify(current), accepted, refused };
}

/**
 * Documents to inject into: each source's validated spec with its defaults written out (so fields the
 * file leaves to a default, such as ALB paths and healthyCodes, are string fields too), plus the optional
 * fields no example sets whose strings reach Terraform: an existing secret's ARN (a literal where
 * references go), alarm e-mails and a database firewall id.
 */
export function hostileSources(sources: [string, string][]): [string, Json][] {
  return sources.map(([name, text]) => {
    const loaded = loadSpecText(text, `${name}.yaml`);
    if (!loaded.ok) throw new Error(`${name} must validate`);
    const doc = structuredClone(loaded.spec) as Record<string, unknown> & {
      aws: { alarms?: Record<string, unknown> };
      secrets?: Record<string, unknown>[];
      digitalocean?: { databases?: Record<string, unknown>[] };
      apps?: Record<string, unknown>[];
    };
    doc.aws.alarms = { ...doc.aws.alarms, notify: { emails: ['ops@example.com'] } };
    const secret = doc.secrets?.[0];
    if (secret)
      secret.arn = `arn:aws:secretsmanager:${loaded.spec.aws.region}:123456789012:secret:existing-AbCdEf`;
    const database = doc.digitalocean?.databases?.[0];
    if (database) database.firewallId = '9cc10173-e9ea-4176-9dbc-a4cee4c4ff30';
    // A declared egress: its description reaches a rule description and the plan's reasons.
    const app = doc.apps?.[0];
    if (app)
      app.egress = [
        { description: 'SMTP submission', protocol: 'tcp', port: 587, to: { cidrs: ['0.0.0.0/0'] } },
      ];
    if (!valid(doc)) throw new Error(`${name}: the enriched spec must validate`);
    return [name, doc];
  });
}

function valid(doc: Json): boolean {
  const parsed = MigrationSpec.safeParse(doc);
  return parsed.success && checkRules(parsed.data).every((f) => f.severity !== 'error');
}

/** Paths of every string in the document (not keys). */
export function stringLeaves(value: Json, path: Path = [], out: Path[] = []): Path[] {
  if (typeof value === 'string') out.push(path);
  else if (Array.isArray(value)) value.forEach((v, i) => stringLeaves(v, [...path, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) stringLeaves(v, [...path, k], out);
  return out;
}

/** Paths of every object (a map may take a new key; a record of fields will refuse one). */
function objects(value: Json, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((v, i) => objects(v, [...path, i], out));
  else if (value !== null && typeof value === 'object') {
    if (path.length > 0) out.push(path);
    for (const [k, v] of Object.entries(value)) objects(v, [...path, k], out);
  }
  return out;
}

function valueAt(doc: Json, path: Path): Json {
  let node = doc;
  for (const key of path) node = (node as Record<string | number, Json>)[key];
  return node;
}

/** A copy of `doc` with `value` at `path`. */
function withValue(doc: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(doc)) {
    const copy = doc.slice();
    copy[head as number] = withValue(doc[head as number], rest, value);
    return copy;
  }
  const record = doc as Record<string, Json>;
  return { ...record, [head]: withValue(record[head as string], rest, value) };
}
