/**
 * Finds literal secrets in one value (or one list of values read as a command line) by the shapes in
 * rules.ts, and says where each secret lies so it can be reported and masked.
 */
import { SECRET_RULES, type SecretRule } from './rules';

export interface SecretMatch {
  rule: SecretRule;
  /** The secret's span in the scanned text: what masking hides (from `start + keep`). */
  start: number;
  end: number;
  /** Leading characters that only name the kind of secret (`sk_live_`), safe to show. */
  keep: number;
}

interface Compiled {
  rule: SecretRule;
  /** Finds a match fast (no indices)... */
  search: RegExp;
  /** ...then this one, sticky at the match, says where the secret lies in it (made on first use). */
  locate?: RegExp;
}

const COMPILED: readonly Compiled[] = SECRET_RULES.map((rule) => ({
  rule,
  search: new RegExp(rule.pattern.source, `${rule.pattern.flags.replace(/[gdy]/g, '')}g`),
}));

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Longest first, so that where two keywords start at one place the longer one is seen. */
const KEYWORD_LIST = [...new Set(SECRET_RULES.flatMap((r) => r.keywords))].sort(
  (a, b) => b.length - a.length,
);
/** One pass finds the keywords in a value, hence the rules worth trying; most values have none. */
const KEYWORDS = new RegExp(KEYWORD_LIST.map(escape).join('|'), 'gi');
const ANY_KEYWORD = new RegExp(KEYWORDS.source, 'i');

/** False when no rule can match: one regular expression test, for the great majority of values. */
export const mayHoldSecret = (value: string): boolean => ANY_KEYWORD.test(value);

/**
 * Whether keyword `other` may start inside a found keyword `hit` and so go unreported: one left-to-right
 * pass reports no keyword that starts inside another it reported (`--password` hides `pass`).
 */
function startsInside(hit: string, other: string): boolean {
  for (let i = 0; i < hit.length; i++) if (other.startsWith(hit.slice(i, i + other.length))) return true;
  return false;
}

/** The rules a keyword found stands for: its own and those of every keyword it may hide (built on first use). */
const RULES_BY_KEYWORD = new Map<string, readonly Compiled[]>();
function rulesFor(hit: string): readonly Compiled[] {
  let rules = RULES_BY_KEYWORD.get(hit);
  if (rules === undefined) {
    rules = COMPILED.filter((c) => c.rule.keywords.some((own) => startsInside(hit, own)));
    RULES_BY_KEYWORD.set(hit, rules);
  }
  return rules;
}

/**
 * A reference to a secret, not the secret: `$DB_PASSWORD`, `${TOKEN}`, `$(cat /run/secrets/x)`,
 * `{{ .Password }}`, `%s`, `<password>` or an already masked `****`.
 */
export function isReference(text: string): boolean {
  return /^(\$\{?[A-Za-z_]\w*\}?|\$\(.*\)|\{\{.*\}\}|%\(?\w*\)?[sd]|<[^<>]+>|\*+|\.\.\.|…)$/.test(text);
}

/**
 * A shell command substitution, `$(...)` or a backquoted command, where a secret would start: the shell
 * reads the value when the command runs (`--password=$(cat /run/secrets/db)`, `-p"$(printenv DB_PASS)"`),
 * so nothing secret is written here. A literal inside it still has its own shape to be found by.
 */
function startsSubstitution(value: string, start: number): boolean {
  return value.startsWith('$(', start) || value.charCodeAt(start) === 96; // `
}

export function scanValue(value: string): SecretMatch[] {
  const hits = value.match(KEYWORDS);
  if (hits === null) return [];
  const candidates = new Set<Compiled>();
  for (const hit of hits) for (const c of rulesFor(hit.toLowerCase())) candidates.add(c);
  const found: SecretMatch[] = [];
  // In rule order, so that among equal spans the more specific rule (listed first) names the finding.
  for (const c of COMPILED) if (candidates.has(c)) matchRule(c, value, found);
  return found.length > 1 ? dropContained(found) : found;
}

function matchRule(c: Compiled, value: string, found: SecretMatch[]): void {
  const { rule, search } = c;
  search.lastIndex = 0;
  for (let m = search.exec(value); m !== null; m = search.exec(value)) {
    if (m[0].length === 0) search.lastIndex++;
    const locate = (c.locate ??= new RegExp(search.source, `${search.flags.replace('g', '')}dy`));
    locate.lastIndex = m.index;
    const at = locate.exec(value);
    const [start, end] = at?.indices?.groups?.secret ?? at?.indices?.[0] ?? [m.index, m.index + m[0].length];
    const secret = value.slice(start, end);
    const name = m.groups?.name;
    if (
      isReference(secret) ||
      startsSubstitution(value, start) ||
      (rule.accept && !rule.accept(name === undefined ? { secret } : { secret, name }))
    ) {
      // A match turned down may hide one inside it (`URL: "DB_PASSWORD=x"`): look again one character on.
      search.lastIndex = m.index + 1;
      continue;
    }
    const stop = rule.id === 'private-key' ? privateKeyEnd(value, end) : end;
    found.push({ rule, start, end: stop, keep: Math.min(rule.keep ?? 0, end - start) });
  }
}

/**
 * A string list read as one command line (`[mysql, --password, hunter2]`): each match belongs to the item
 * where its secret starts, with the span inside that item.
 */
export function scanList(items: readonly string[]): { index: number; match: SecretMatch }[] {
  const offsets: number[] = [];
  let text = '';
  for (const item of items) {
    offsets.push(text.length);
    text += `${item} `;
  }
  return scanValue(text).map((match) => {
    let index = offsets.length - 1;
    while (index > 0 && offsets[index] > match.start) index--;
    const base = offsets[index];
    const end = Math.min(match.end - base, items[index].length);
    return { index, match: { ...match, start: match.start - base, end } };
  });
}

/**
 * Where a private key ends: its END line, else (a truncated paste) the last line of its base64 body, lines
 * being split by real or escaped (`\\n`) line breaks.
 */
export function privateKeyEnd(text: string, from: number): number {
  const end = /-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/.exec(text.slice(from, from + 65536));
  if (end) return from + end.index + end[0].length;
  let stop = from;
  let pos = from;
  while (pos < text.length) {
    const escaped = text.indexOf('\\n', pos);
    const real = text.indexOf('\n', pos);
    const br = escaped === -1 ? real : real === -1 ? escaped : Math.min(escaped, real);
    const lineEnd = br === -1 ? text.length : br;
    if (!/^[\s"']*[A-Za-z0-9+/=:,\t -]*["']?\s*$/.test(text.slice(pos, lineEnd))) break;
    stop = lineEnd;
    if (br === -1) break;
    pos = br + (br === escaped ? 2 : 1);
  }
  return stop;
}

/** Drops a match whose span lies inside an earlier, wider one (a key id inside its key-and-secret pair). */
function dropContained(found: SecretMatch[]): SecretMatch[] {
  const sorted = [...found].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: SecretMatch[] = [];
  for (const m of sorted) {
    if (kept.some((k) => k.start <= m.start && m.end <= k.end)) continue;
    kept.push(m);
  }
  return kept;
}
