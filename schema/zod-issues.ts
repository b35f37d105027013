/**
 * Turns zod issues into findings a person can act on: missing keys point at the enclosing mapping, unknown
 * keys at themselves with the nearest known key, union failures name the shapes that are accepted (or, when
 * the document clearly meant one of them, report that shape's own problems).
 */
import type { z } from 'zod';
import type { Finding } from './diagnostics';
import { describeSchema, describeShape, kindOf, objectKeys, schemaAt, unionOptions } from './zod-walk';
import { didYouMean } from './suggest';
import { misplacedKeyHint } from './misplaced-key';
import { hostnameHint } from './hostname-hint';

type Issue = z.core.$ZodIssue;

/** How to write a union correctly, for the unions in migration.yaml (keyed by the field name). */
const UNION_HINTS: Record<string, string> = {
  image:
    'write { repository: <a name under ecr.repositories>, tag: "1.2.3" } for your own image, or { uri: "public.ecr.aws/nginx/nginx:1.27" } for an external one',
  network:
    'write { vpc: { cidr, publicSubnets, privateSubnets } } to create a VPC, or { existing: { vpcId, publicSubnetIds, privateSubnetIds } } to use one you have',
  expose:
    'write { public: { hostnames, container, port } } to serve through the load balancer, or { internal: { container, port } } for service discovery; leave `expose` out for workers',
  backend: 'write { type: local } (the default) or { type: s3, bucket, region }',
  to: 'write to: { cidrs: [203.0.113.0/24, 2001:db8::/32] } for address ranges, or to: { prefixList: pl-0123456789abcdef0 } for a managed prefix list',
};

/** The whole document and its schema, for hints that look beyond the mapping an issue is about. */
interface Document {
  schema: z.ZodType;
  data: unknown;
}

/**
 * Findings for `issues`, whose paths are relative to `schema` and `data`; reported paths get `base` in front
 * (`document` is where `base` starts from: the top-level call's own schema and data).
 */
export function findingsFromZod(
  issues: readonly Issue[],
  schema: z.ZodType,
  data: unknown,
  base: readonly PropertyKey[] = [],
  document: Document = { schema, data },
): Finding[] {
  const findings: Finding[] = [];
  for (const issue of issues) findings.push(...findingsFor(issue, schema, data, base, document));
  return withoutTypoEchoes(findings);
}

/**
 * One typo, one error: a key missing from a mapping that also holds an unknown key suggesting it
 * (`contianers` → did you mean `containers`?) is reported once, at the typo.
 */
function withoutTypoEchoes(findings: Finding[]): Finding[] {
  const suggested = new Set<string>();
  for (const f of findings) {
    const match = f.code === 'unknown-key' ? /^did you mean `(.+)`\?$/.exec(f.hint ?? '') : null;
    if (match) suggested.add(JSON.stringify([...f.path.slice(0, -1), match[1]]));
  }
  if (suggested.size === 0) return findings;
  return findings.filter((f) => f.code !== 'missing-key' || !suggested.has(JSON.stringify(f.path)));
}

function findingsFor(
  issue: Issue,
  schema: z.ZodType,
  data: unknown,
  base: readonly PropertyKey[],
  document: Document,
): Finding[] {
  const rel = issue.path as PropertyKey[];
  const path = [...base, ...rel];
  const value = valueAt(data, rel);
  const field = schemaAt(schema, rel);
  const expected = field ? describeSchema(field) : undefined;
  const last = rel.length > 0 ? rel[rel.length - 1] : undefined;

  switch (issue.code) {
    case 'unrecognized_keys': {
      const { required, optional } = field ? objectKeys(field) : { required: [], optional: [] };
      const known = [...required, ...optional];
      return issue.keys.map((key) => ({
        code: 'unknown-key',
        path: [...path, key],
        anchor: 'key' as const,
        message: `unknown key \`${key}\``,
        expected: known.length ? `one of: ${known.join(', ')}` : undefined,
        // A typo of a key here first; else the key as written, one level up or down.
        hint:
          didYouMean(key, known) ??
          misplacedKeyHint(document.schema, document.data, path, key) ??
          (known.length ? undefined : 'remove it'),
      }));
    }
    case 'invalid_union':
      return unionFindings(issue, schema, data, base, document);
    case 'invalid_type':
      if (value === undefined && rel.length > 0 && isRecord(valueAt(data, rel.slice(0, -1)))) {
        return [missingKey(path, String(last), expected)];
      }
      return [
        {
          code: 'invalid-type',
          path,
          message: `expected ${typeNoun(issue.expected)}, got ${describeValue(value)}`,
          expected,
          hint: typeHint(issue.expected, value),
        },
      ];
    case 'too_small':
    case 'too_big':
      return [
        {
          code: issue.code === 'too_small' ? 'too-small' : 'too-big',
          path,
          message: boundMessage(issue, value),
          expected,
        },
      ];
    case 'invalid_format':
      return [
        {
          code: 'invalid-format',
          path,
          message: formatMessage(quote(value), formatNoun(issue)),
          expected,
          hint: formatHint(issue, value, field),
        },
      ];
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v));
      const strings = issue.values.filter((v): v is string => typeof v === 'string');
      if (value === undefined && rel.length > 0) return [missingKey(path, String(last), expected)];
      return [
        {
          code: 'invalid-value',
          path,
          message:
            allowed.length === 1
              ? `must be ${allowed[0]}, got ${quote(value)}`
              : `${quote(value)} is not one of: ${issue.values.join(', ')}`,
          expected,
          hint:
            typeof value === 'string'
              ? issue.values.find((v) => String(v) === value) !== undefined
                ? `remove the quotes: write ${value}`
                : didYouMean(value, strings)
              : undefined,
        },
      ];
    }
    default:
      return [{ code: issue.code.replace(/_/g, '-'), path, message: issue.message, expected }];
  }
}

function missingKey(path: PropertyKey[], key: string, expected: string | undefined): Finding {
  return {
    code: 'missing-key',
    path,
    anchor: 'parent',
    message: `missing required key \`${key}\``,
    expected,
  };
}

function unionFindings(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  schema: z.ZodType,
  data: unknown,
  base: readonly PropertyKey[],
  document: Document,
): Finding[] {
  const rel = issue.path as PropertyKey[];
  const path = [...base, ...rel];
  const value = valueAt(data, rel);
  const field = schemaAt(schema, rel);
  const last = rel.length > 0 ? String(rel[rel.length - 1]) : 'document';

  // Discriminated union with an unknown tag: zod's path already ends at the tag (e.g. backend.type).
  const tagged = issue as unknown as { discriminator?: string; options?: unknown[] };
  if (tagged.discriminator) {
    const options = (tagged.options ?? []).map(String);
    if (value === undefined) return [missingKey(path, last, `one of: ${options.join(', ')}`)];
    return [
      {
        code: 'invalid-value',
        path,
        message: `${quote(value)} is not one of: ${options.join(', ')}`,
        expected: `one of: ${options.join(', ')}`,
        hint: typeof value === 'string' ? didYouMean(value, options) : undefined,
      },
    ];
  }

  const options = field ? unionOptions(field) : undefined;
  const expected = field ? describeSchema(field) : undefined;
  if (value === undefined && rel.length > 0) return [missingKey(path, last, expected)];

  // A mapping that shares keys with exactly one object option: report that option's own problems.
  if (options && isRecord(value) && options.length === issue.errors.length) {
    const keys = Object.keys(value);
    const overlap = options.map((option) => {
      if (kindOf(option) !== 'object') return -1;
      const { required, optional } = objectKeys(option);
      const known = new Set([...required, ...optional]);
      return keys.filter((k) => known.has(k)).length;
    });
    const best = Math.max(...overlap);
    if (best > 0 && overlap.filter((o) => o === best).length === 1) {
      const chosen = overlap.indexOf(best);
      return findingsFromZod(issue.errors[chosen], options[chosen], value, path, document);
    }
  }

  const allObjects = options?.every((o) => kindOf(o) === 'object') ?? false;
  const shapes = allObjects && options ? options.map((o) => describeShape(o)).join(' or ') : expected;
  return [
    {
      code: allObjects ? 'invalid-union' : 'invalid-type',
      path,
      message: allObjects
        ? `\`${last}\` must be one of these shapes: ${shapes}; got ${describeValue(value)}${isRecord(value) ? ` with keys ${Object.keys(value).join(', ') || '(none)'}` : ''}`
        : `expected ${shapes}, got ${describeValue(value)}`,
      expected: shapes,
      hint:
        last === 'image' && typeof value === 'string'
          ? `write image: { uri: "${value}" } for an external image, or { repository: <a name under ecr.repositories>, tag: "..." }`
          : value === null && options?.some((o) => kindOf(o) === 'string')
            ? NULL_AS_TEXT_HINT
            : UNION_HINTS[last],
    },
  ];
}

function boundMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, value: unknown): string {
  const small = issue.code === 'too_small';
  const bound = small
    ? (issue as { minimum: number | bigint }).minimum
    : (issue as { maximum: number | bigint }).maximum;
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'array':
    case 'set': {
      const count = Array.isArray(value) ? value.length : 0;
      return small
        ? `needs at least ${bound} ${plural(Number(bound), 'item')}, has ${count}`
        : `allows at most ${bound} ${plural(Number(bound), 'item')}, has ${count}`;
    }
    case 'string': {
      const length = typeof value === 'string' ? value.length : 0;
      return small
        ? `must be at least ${bound} ${plural(Number(bound), 'character')} long (is ${length})`
        : `must be at most ${bound} ${plural(Number(bound), 'character')} long (is ${length})`;
    }
    default:
      if (small) return `${String(value)} is below the minimum ${bound}${inclusive ? '' : ' (exclusive)'}`;
      return `${String(value)} is above the maximum ${bound}${inclusive ? '' : ' (exclusive)'}`;
  }
}

const FORMAT_NOUNS: Record<string, string> = {
  cidrv4: 'an IPv4 CIDR block (such as 10.0.0.0/16)',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
};

function formatNoun(issue: Extract<Issue, { code: 'invalid_format' }>): string {
  if (issue.format === 'regex') return issue.message; // the schema's own words: "a zone name such as us-east-1a"
  if (issue.format === 'starts_with')
    return `a value starting with "${(issue as { prefix?: string }).prefix}"`;
  return FORMAT_NOUNS[issue.format] ?? `a valid ${issue.format}`;
}

/** `"Worker" is not a zone name ...` reads well; bare descriptions get "is not valid (...)". */
function formatMessage(quoted: string, noun: string): string {
  return /^(a|an) /.test(noun) ? `${quoted} is not ${noun}` : `${quoted} is not valid: expected ${noun}`;
}

function formatHint(
  issue: Extract<Issue, { code: 'invalid_format' }>,
  value: unknown,
  field: z.ZodType | undefined,
): string | undefined {
  if (typeof value !== 'string') return undefined;
  const named = issue.format === 'regex' ? /host name|domain name/.exec(issue.message) : null;
  if (field && named) {
    const noun = named[0] as 'host name' | 'domain name';
    const hint = hostnameHint(value, noun, (name) => field.safeParse(name).success);
    if (hint) return hint;
  }
  if (
    issue.format === 'regex' &&
    value !== value.toLowerCase() &&
    /lowercase/.test(issue.message) &&
    // Only a name the field takes: "Z" in lowercase is still no host name.
    (!field || field.safeParse(value.toLowerCase()).success)
  ) {
    return `write it in lowercase: ${value.toLowerCase()}`;
  }
  if (issue.format === 'cidrv4' && !value.includes('/')) return `add a prefix length, e.g. ${value}/24`;
  if (/EventBridge/.test(issue.message)) return crontabHint(value);
  return undefined;
}

/**
 * A crontab line ("0 3 * * *") in EventBridge form: six fields, a year, and `?` in day-of-month or
 * day-of-week (EventBridge refuses `*` in both).
 */
function crontabHint(value: string): string | undefined {
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [minute, hour, dom, month, dow] = fields;
  // crontab counts weekdays 0–7 from Sunday (0 and 7); EventBridge 1–7 from Sunday.
  const weekday = dow.replace(/\d+/g, (n) => String((Number(n) % 7) + 1));
  const eventBridge =
    dow === '*' ? [minute, hour, dom, month, '?', '*'] : [minute, hour, '?', month, weekday, '*'];
  return `EventBridge cron has six fields (day-of-week 1 = Sunday) and runs in UTC: write cron(${eventBridge.join(' ')})`;
}

function typeNoun(expected: string): string {
  switch (expected) {
    case 'object':
    case 'record':
    case 'map':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'boolean':
      return 'true or false';
    case 'int':
      return 'an integer';
    default:
      return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
  }
}

/** YAML reads these as null; a text field does not guess which text was meant. */
const NULL_AS_TEXT_HINT =
  'YAML reads an empty value, `~` and `null` as "no value": write "" for empty text, quote the text ("null", "~"), or remove the key';

function typeHint(expected: string, value: unknown): string | undefined {
  if (value === null && expected === 'string') return NULL_AS_TEXT_HINT;
  if (value === null) return 'the value is empty: write a value after the colon, or remove the key';
  if (
    expected === 'number' &&
    typeof value === 'string' &&
    value.trim() !== '' &&
    !Number.isNaN(Number(value))
  ) {
    return `remove the quotes: write ${value.trim()}, not "${value}"`;
  }
  if (expected === 'number' && typeof value === 'number') return 'use a finite number';
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `quote it: "${String(value)}"`;
  }
  if ((expected === 'object' || expected === 'record') && Array.isArray(value)) {
    return 'write a mapping (one "key: value" per line), not a list of "- " items';
  }
  if (expected === 'array' && value !== undefined && !Array.isArray(value)) {
    return 'write a list: [a, b] or one "- item" per line';
  }
  return undefined;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${quote(value)}`;
  if (typeof value === 'number') return Number.isFinite(value) ? `the number ${value}` : `${value}`;
  if (typeof value === 'boolean') return `\`${value}\``;
  if (isRecord(value)) return 'a mapping';
  return typeof value;
}

function quote(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value === null) return 'an empty value';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return describeValue(value);
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === 'number') current = current[key];
    else if (isRecord(current) && Object.prototype.hasOwnProperty.call(current, key as string)) {
      current = current[key as string];
    } else return undefined;
  }
  return current;
}
