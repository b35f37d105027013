/**
 * Masking: no diagnostic, code frame, JSON report or plan shows a secret it found. Every message goes
 * through `redactText` (schema/diagnostics.ts's `locateFinding`, the CLI's printer, the plan's warnings), and
 * every code frame is cut from `redactSource`'s copy of the file, so the frame of another diagnostic on the
 * same line shows the secret masked too.
 *
 * A masked secret keeps only what names its kind (`sk_live_`, `ghp_`) and its length; every other character
 * becomes `*`, line breaks and spaces excepted, so a frame keeps its layout and its caret.
 */
import { isCredentialName } from '../credentials';
import { isReference, privateKeyEnd, scanValue } from './scan';

interface Span {
  start: number;
  end: number;
  keep: number;
}

/** `sk_live_**** (32 characters)`: what a message may say about a secret. */
export function describeMasked(secret: string, keep: number): string {
  return `${secret.slice(0, keep)}**** (${secret.length} characters)`;
}

export function maskSpans(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  const chars = [...text.split('')];
  for (const { start, end, keep } of spans)
    for (let i = start + keep; i < end && i < chars.length; i++) if (!/\s/.test(chars[i])) chars[i] = '*';
  return chars.join('');
}

/**
 * A message, hint or `expected` line with every secret masked: the shapes of rules.ts, and `known`
 * secrets (those `redactSource` found in the spec, e.g. a password under DB_PASSWORD, which has no shape).
 */
export function redactText(text: string, known: readonly string[] = []): string {
  const spans: Span[] = scanValue(text).map(({ start, end, keep }) => ({ start, end, keep }));
  for (const secret of known) spans.push(...occurrences(text, secret));
  return maskSpans(text, spans);
}

/**
 * A spec path (`apps[0].environment["x y"]`) with every secret masked: a key quoted in it is masked as it
 * was written (its JSON escapes decoded, then encoded again), the rest as text.
 */
export function redactPath(path: string, known: readonly string[] = []): string {
  const keys = path.replace(/\["((?:[^"\\]|\\.)*)"\]/g, (segment, quoted: string) => {
    let key: string;
    try {
      key = JSON.parse(`"${quoted}"`) as string;
    } catch {
      return segment; // not formatPath's quoting: masked as text below
    }
    return `[${JSON.stringify(redactText(key, known))}]`;
  });
  return redactText(keys, known);
}

export interface RedactedSource {
  /** The file with every secret masked, line for line and column for column. */
  text: string;
  /** The secrets found (4 characters or more), to mask wherever else they appear. */
  secrets: string[];
}

/**
 * The spec file with its secrets masked, read as text (it may not even parse): the value shapes on every
 * line, private keys to their END line, values of credential-named keys (`DB_PASSWORD: hunter2`, flow
 * mappings and block scalars too, but not under `secrets:`, whose values are references), and then every
 * other occurrence of a secret found (an alias, a comment).
 */
export function redactSource(source: string): RedactedSource {
  const spans: Span[] = [];
  const lines = lineStarts(source);
  let secretsDepth = -1; // indentation of a `secrets:` key whose block holds references, while inside it
  let blockOf = -1; // indentation of a credential key whose block scalar is being masked
  for (let n = 0; n < lines.length; n++) {
    const start = lines[n];
    const end = n + 1 < lines.length ? lines[n + 1] : source.length;
    const line = source.slice(start, end).replace(/\r?\n$/, '');
    const indent = /^ */.exec(line)![0].length;
    const blank = line.trim() === '' || line.trim().startsWith('#');
    if (blockOf >= 0) {
      if (blank || indent > blockOf) {
        spans.push({ start: start + indent, end: start + line.length, keep: 0 });
        continue;
      }
      blockOf = -1;
    }
    if (!blank && secretsDepth >= 0 && indent <= secretsDepth) secretsDepth = -1;
    for (const m of scanValue(line)) {
      const stop = m.rule.id === 'private-key' ? privateKeyEnd(source, start + m.end) : start + m.end;
      spans.push({ start: start + m.start, end: stop, keep: m.keep });
    }
    // Escapes (`\"`, `\\`, `\n` in double-quoted YAML) hide shapes from the line as written: read it decoded too.
    if (line.includes('\\')) {
      const { text, at } = unescaped(line);
      for (const m of scanValue(text)) {
        const stop = m.rule.id === 'private-key' ? text.length : m.end;
        spans.push({ start: start + at[m.start], end: start + at[stop], keep: 0 });
      }
    }
    const entry = /^(\s*(?:-\s+)*)(["']?)([^\s"'#:{}[\],][^"':#{}[\],]*?)\2\s*:(?:\s+|$)(.*)$/.exec(line);
    if (entry) {
      const key = entry[3];
      const rest = entry[4];
      if (key === 'secrets') {
        if (!rest.trim().startsWith('{')) secretsDepth = entry[1].length;
        continue;
      }
      if (secretsDepth < 0 && isSecretKey(key)) {
        const valueStart = start + line.length - rest.length;
        if (/^[|>][-+0-9]*\s*(#.*)?$/.test(rest)) blockOf = entry[1].length;
        else spans.push(...scalarSpan(rest, valueStart));
      }
    }
    if (secretsDepth < 0 && !/\bsecrets\s*:\s*\{/.test(line)) spans.push(...flowPairs(line, start));
  }
  // Line by line: a private key's body lines may be repeated one by one (an escaped copy, a comment).
  const secrets = [
    ...new Set(
      spans
        .flatMap((s) => source.slice(s.start + s.keep, s.end).split(/\r?\n|\\+[nr]/))
        .map((s) => s.trim())
        .filter((s) => s.length >= 4),
    ),
  ];
  for (const secret of secrets) spans.push(...occurrences(source, secret));
  return { text: maskSpans(source, spans), secrets };
}

/** Field names of the spec itself that read like credentials but hold names (a secret's name). */
export const SPEC_FIELDS_NAMED_LIKE_CREDENTIALS = new Set(['passwordSecret']);

const isSecretKey = (key: string) => !SPEC_FIELDS_NAMED_LIKE_CREDENTIALS.has(key) && isCredentialName(key);

/** The span of a plain or quoted scalar that starts `rest` (without a trailing comment). */
function scalarSpan(rest: string, at: number): Span[] {
  const text = rest.replace(/^[&!][^\s]*\s+/, '');
  const offset = at + rest.length - text.length;
  if (text === '' || text.startsWith('#') || text.startsWith('*') || /^[{[]/.test(text)) return [];
  const quoted = /^"((?:[^"\\]|\\.)*)"|^'((?:[^']|'')*)'/.exec(text);
  if (quoted) {
    const inner = quoted[1] ?? quoted[2];
    return isReference(inner) ? [] : [{ start: offset + 1, end: offset + 1 + inner.length, keep: 0 }];
  }
  const plain = text.replace(/\s+#.*$/, '').trimEnd();
  return isReference(plain) ? [] : [{ start: offset, end: offset + plain.length, keep: 0 }];
}

/** Values of credential-named keys inside flow mappings: `{ APP_ENV: x, DB_PASSWORD: hunter2 }`. */
function flowPairs(line: string, at: number): Span[] {
  const spans: Span[] = [];
  const pair =
    /[{,]\s*(["']?)([^\s"'#:{}[\],][^"':#{}[\],]*?)\1\s*:\s+("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,}\s#][^,}#]*)/g;
  for (const m of line.matchAll(pair)) {
    if (!isSecretKey(m[2])) continue;
    const value = m[3].trimEnd();
    const quoted = /^["']/.test(value);
    const inner = quoted ? value.slice(1, -1) : value;
    if (inner === '' || isReference(inner)) continue;
    const start = at + m.index + m[0].length - m[3].length + (quoted ? 1 : 0);
    spans.push({ start, end: start + inner.length, keep: 0 });
  }
  return spans;
}

/** A line with its backslash escapes decoded, and where each decoded character came from. */
function unescaped(line: string): { text: string; at: number[] } {
  let text = '';
  const at: number[] = [];
  for (let i = 0; i < line.length; i++) {
    let c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      const next = line[i + 1];
      c = next === 'n' ? '\n' : next === 't' ? '\t' : next;
      at.push(i);
      i++;
    } else at.push(i);
    text += c;
  }
  at.push(line.length);
  return { text, at };
}

function occurrences(text: string, secret: string): Span[] {
  const spans: Span[] = [];
  if (secret.trim().length < 4) return spans;
  for (let i = text.indexOf(secret); i !== -1; i = text.indexOf(secret, i + secret.length))
    spans.push({ start: i, end: i + secret.length, keep: 0 });
  return spans;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  if (starts[starts.length - 1] === text.length && text.length > 0) starts.pop();
  return starts;
}
