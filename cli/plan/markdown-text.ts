/**
 * Escaping for the markdown plan, a GitHub pull-request comment (CommonMark + GFM), and for the labels of its
 * Mermaid diagram: one function per place free text can land. Free text is every string the report carries
 * (names, hostnames, descriptions, reasons, messages, commands): whatever it holds, it shows as itself and
 * never becomes markup — no heading, list, quote, table cell, link, image, HTML, comment, code fence, mention
 * or issue reference that dropship did not write. `markdown-builder.ts` is the only caller; the renderer goes
 * through it.
 *
 * Escapes are applied where a character can start or end markup, judged from the characters that actually
 * surround it in the output, so plain text comes out byte for byte as it was written.
 */

/**
 * What dropship inserts after `@` and `#` so GitHub sees no mention and no issue reference (U+200B, zero
 * width): GitHub finds those in the rendered text, where no markdown escape is left. Links are not written
 * either: GFM's autolink literals (www., http://, e-mail) are broken with a backslash escape, so a value
 * cannot put a clickable link to anywhere into the comment.
 */
const NO_REFERENCE = '&#8203;';

/**
 * Characters that show as nothing or reorder the text around them (bidi controls, zero-width characters,
 * C0/C1 controls but tab and line endings, line/paragraph separators): a command can read differently from
 * what it runs. They are shown as ‹U+XXXX›, in every context.
 */
const INVISIBLE = /(?![\t\n\r])[\p{Cc}\p{Bidi_Control}\u200B-\u200D\u2060\uFEFF\u2028\u2029]/gu;

export function visibleControls(s: string): string {
  return s.replace(INVISIBLE, (c) => `‹U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}›`);
}

const LINE_ENDING = /\r\n|\r|\n/g;

/** A piece of inline markdown: dropship's own markup, emitted as is, or free text to escape. */
export type InlinePart =
  /** dropship's own markdown (a literal in the renderer) */
  | { readonly markup: string }
  /** free text: every character shows as itself */
  | { readonly text: string }
  /** free text whose `backtick quotes` show as code, the convention of dropship's messages and rules */
  | { readonly prose: string }
  /** free text shown as one code span */
  | { readonly code: string }
  /** dropship's line break inside one paragraph, then the next line's prefix (`> ` in a quote) */
  | { readonly newline: string };

/**
 * Where inline markdown lands: `block` at the start of a block (a paragraph line, a list item, a quote line),
 * where a first `#`, `-`, `1.`, `>`, `=`... would start a block; `inline` further into a line (a heading's
 * text); `cell` in a GFM table cell, where `|` ends the cell.
 */
export type InlineContext = 'block' | 'inline' | 'cell';

/** One piece of output; `free` when it comes from free text, `pending` when its escape waits for neighbours. */
interface Unit {
  out: string;
  readonly free: boolean;
  pending?: string;
  /** dropship's markup character escaped by a backslash */
  readonly inert?: boolean;
  /** dropship's line break: what follows starts a line of the same paragraph */
  readonly lineStart?: boolean;
}

/** Characters whose escape depends on what surrounds them (emphasis, strikethrough, math, links, HTML...). */
const DELIMITERS = '*_~$';
const PENDING = new Set([...DELIMITERS, '<', '&', ']', '@', '#']);

/**
 * Free text that no rule below changes: none of the characters they look at, no link or reference pattern,
 * no invisible character. A part like that (and not starting a line nor starting or ending with whitespace)
 * is written as it is; most of a plan is such text, and the rules below cost ~10× the plain rendering.
 */
const CHANGED =
  /[\\`>|*_~$<&\]@#\r\n]|www\.|(?:https?|ftp|mailto|xmpp):|gh-\d|[\p{Cc}\p{Bidi_Control}\u200B-\u200D\u2060\uFEFF\u2028\u2029]/iu;

function unchanged(parts: readonly InlinePart[], context: InlineContext): boolean {
  let lineStart = context === 'block';
  for (const part of parts) {
    if ('newline' in part) lineStart = context === 'block';
    else if ('markup' in part) lineStart &&= part.markup === '';
    else {
      const v = 'code' in part ? part.code : 'text' in part ? part.text : part.prose;
      if (CHANGED.test(v)) return false;
      if ('code' in part) continue;
      if (/^\s|\s$/u.test(v) || (lineStart && /^[\d\p{P}\p{S}]/u.test(v))) return false;
      lineStart &&= v === '';
    }
  }
  return true;
}

/** Inline markdown for `parts`, escaped for `context`. `fast: false` skips the shortcut (for its test). */
export function escapeInline(
  parts: readonly InlinePart[],
  context: InlineContext,
  { fast = true }: { fast?: boolean } = {},
): string {
  if (fast && unchanged(parts, context)) {
    const out = parts
      .map((p) =>
        'markup' in p
          ? p.markup
          : 'code' in p
            ? codeSpan(p.code)
            : 'text' in p
              ? p.text
              : 'prose' in p
                ? p.prose
                : `\n${p.newline}`,
      )
      .join('');
    return context === 'block' ? unbreak(out) : out;
  }
  const units: Unit[] = [];
  for (const part of parts) {
    if ('markup' in part) {
      // Dropship's delimiters one by one (one after a backslash is text, not a delimiter), the rest in runs.
      let escaped = false;
      let run: Unit | undefined;
      for (const c of part.markup) {
        if (!escaped && c !== '\\' && !DELIMITERS.includes(c) && run) run.out += c;
        else units.push((run = { out: c, free: false, ...(escaped ? { inert: true } : {}) }));
        if (escaped || DELIMITERS.includes(c) || c === '\\') run = undefined;
        escaped = !escaped && c === '\\';
      }
    } else if ('text' in part) units.push(...textUnits(part.text, context));
    else if ('prose' in part) units.push(...proseUnits(part.prose, context));
    else if ('code' in part) units.push(...codeUnits(part.code, context));
    else units.push({ out: `\n${part.newline}`, free: false, lineStart: true });
  }
  // The guards come first: they change what surrounds a delimiter run, which decides whether it can pair.
  if (context === 'block') for (const start of lineStarts(units)) guardLineStart(units, start);
  guardWhitespace(units, context);
  resolveDelimiters(units);
  resolveNeighbours(units);
  const out = units.map((u) => u.out).join('');
  return context === 'block' ? unbreak(out) : out;
}

/** dropship's own `**` around empty text is a line of `*` alone: a thematic break (a quote's lines too). */
const unbreak = (out: string) => out.replace(/^((?:> )?[ \t]*)([-*_=])(?=[-*_= \t]*$)/gm, '$1\\$2');

function textUnits(s: string, context: InlineContext): Unit[] {
  const units: Unit[] = [];
  const chars = [...visibleControls(s).replace(LINE_ENDING, '\n')];
  // The start (through an ordered-list marker) and the last character stay units of their own: at a line's
  // start they could open a block; whitespace there could meet dropship's markup or end the line. Any other
  // run of characters no rule changes is one unit (it is much faster).
  let lead = 0;
  while (lead < chars.length && chars[lead] >= '0' && chars[lead] <= '9') lead++;
  let plain: Unit | undefined;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (PENDING.has(c)) {
      units.push({ out: c, free: true, pending: c });
      plain = undefined;
      continue;
    }
    const out = escapedChar(chars, i, context);
    const mergeable = out === undefined && i > lead && i < chars.length - 1;
    if (mergeable && plain) plain.out += c;
    else {
      const unit: Unit = { out: out ?? c, free: true };
      units.push(unit);
      plain = mergeable ? unit : undefined;
    }
  }
  return units;
}

/** How free text writes `chars[i]` when a rule always changes it there, or undefined. */
function escapedChar(chars: readonly string[], i: number, context: InlineContext): string | undefined {
  const before = (n: number) => chars.slice(Math.max(0, i - n), i).join('');
  switch (chars[i]) {
    case '\n':
      return '<br>';
    case '\\':
      return '\\\\';
    case '`':
      return '\\`';
    case '>':
      return '&gt;';
    case '|':
      return context === 'cell' ? '\\|' : undefined;
    case '-': // GH-123 is an issue reference on GitHub, as #123 is
      return /\d/.test(chars[i + 1] ?? '') && /^gh$/i.test(before(2)) ? `-${NO_REFERENCE}` : undefined;
    case '.': // a www. autolink literal
      return /^www$/i.test(before(3)) ? '\\.' : undefined;
    case ':': // an http://… (ftp:, mailto:, xmpp:) autolink literal
      return /(https?|ftp|mailto|xmpp)$/i.test(before(6)) ? '\\:' : undefined;
    default:
      return undefined;
  }
}

/** Prose: a backtick run opens a code span closed by the next run of the same length (as CommonMark reads it). */
function proseUnits(s: string, context: InlineContext): Unit[] {
  const units: Unit[] = [];
  const runs = [...s.matchAll(/`+/g)];
  let done = 0;
  for (let k = 0; k < runs.length; k++) {
    const open = runs[k];
    if (open.index < done) continue;
    const close = runs.slice(k + 1).find((r) => r[0].length === open[0].length);
    if (!close) continue;
    units.push(...textUnits(s.slice(done, open.index), context));
    const content = s.slice(open.index + open[0].length, close.index);
    units.push(...codeUnits(content, context));
    done = close.index + close[0].length;
  }
  units.push(...textUnits(s.slice(done), context));
  return units;
}

const isWhitespace = (c: string) => /^[\t\n\f\r\p{Zs}]$/u.test(c);
/** CommonMark 0.31 counts symbols as punctuation, earlier versions (and GitHub's cmark-gfm) do not: both. */
const PUNCTUATION = [/^\p{P}$/u, /^[\p{P}\p{S}]$/u];

/** The last and first character (code point: a symbol outside the BMP is punctuation to CommonMark). */
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
const lastOf = (s: string) => (isLowSurrogate(s.charCodeAt(s.length - 1)) ? s.slice(-2) : s[s.length - 1]);
const firstOf = (s: string) => (isLowSurrogate(s.charCodeAt(1)) ? s.slice(0, 2) : s[0]);

/** The character before unit `i` in the output; a line's start and end read as a newline (whitespace). */
function before(units: readonly Unit[], i: number): string {
  for (let j = i - 1; j >= 0; j--) if (units[j].out) return lastOf(units[j].out);
  return '\n';
}
function after(units: readonly Unit[], i: number): string {
  for (let j = i + 1; j < units.length; j++) if (units[j].out) return firstOf(units[j].out);
  return '\n';
}

interface Run {
  readonly char: string;
  readonly units: Unit[];
  readonly start: number;
  readonly canOpen: boolean;
  readonly canClose: boolean;
}

/** Whether a delimiter run between `prev` and `next` can open or close, under any punctuation definition. */
function flanking(char: string, prev: string, next: string): { canOpen: boolean; canClose: boolean } {
  if (char === '$') return { canOpen: !isWhitespace(next), canClose: !isWhitespace(prev) };
  let canOpen = false;
  let canClose = false;
  for (const punct of PUNCTUATION) {
    const p = (c: string) => punct.test(c);
    const left = !isWhitespace(next) && (!p(next) || isWhitespace(prev) || p(prev));
    const right = !isWhitespace(prev) && (!p(prev) || isWhitespace(next) || p(next));
    canOpen ||= char === '_' ? left && (!right || p(prev)) : left;
    canClose ||= char === '_' ? right && (!left || p(next)) : right;
  }
  return { canOpen, canClose };
}

/**
 * Emphasis (`*`, `_`), strikethrough (`~`) and math (`$`): a run from free text stays as written only when
 * nothing can pair with it, and it touches none of dropship's own runs; otherwise each character is
 * escaped. What can pair with it: any other free run of the same character that could close it after it or
 * open it before it, and dropship's runs — except a pair of dropship's runs that match each other (`**…**`)
 * when the free run lies outside that pair: CommonMark matches such a closer with the nearest opener, and
 * every free run inside that could get in between is escaped.
 */
function resolveDelimiters(units: Unit[]): void {
  // A free delimiter touching dropship's run of the same character would merge with it: escaped first, so
  // that dropship's run is then judged with what really surrounds it.
  const isLiteral = (u: Unit | undefined, char: string) =>
    u !== undefined && !u.free && !u.inert && u.out === char;
  units.forEach((u, i) => {
    const char = u.pending;
    if (
      char &&
      DELIMITERS.includes(char) &&
      (isLiteral(units[i - 1], char) || isLiteral(units[i + 1], char))
    ) {
      u.out = `\\${char}`;
      delete u.pending;
    }
  });
  const runs: Run[] = [];
  for (let i = 0; i < units.length;) {
    const char = units[i].out;
    const isDelimiter = (u: Unit) => u.out === char && !u.inert && (u.pending === char || !u.free);
    if (char.length !== 1 || !DELIMITERS.includes(char) || !isDelimiter(units[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < units.length && isDelimiter(units[j])) j++;
    runs.push({
      char,
      units: units.slice(i, j),
      start: i,
      ...flanking(char, before(units, i), after(units, j - 1)),
    });
    i = j;
  }
  const literal = (r: Run) => r.units.every((u) => !u.free);
  // dropship's own runs that match each other, as spans [opener, closer]
  const spans: [Run, Run][] = [];
  for (const char of DELIMITERS) {
    const openers: Run[] = [];
    for (const r of runs.filter((x) => x.char === char && literal(x))) {
      const opener = r.canClose ? openers.pop() : undefined;
      if (opener) spans.push([opener, r]);
      else if (r.canOpen) openers.push(r);
    }
  }
  const matched = new Set(spans.flat());
  for (const run of runs) {
    if (literal(run)) continue;
    const canPair = (o: Run) =>
      o !== run &&
      o.char === run.char &&
      (!matched.has(o) ||
        spans.some(([a, b]) => (a === o || b === o) && a.start < run.start && run.start < b.start)) &&
      ((run.canOpen && o.start > run.start && o.canClose) ||
        (run.canClose && o.start < run.start && o.canOpen));
    const escape = run.units.some((u) => !u.free) || runs.some(canPair);
    for (const u of run.units) {
      if (u.free && escape) u.out = `\\${run.char}`;
      delete u.pending;
    }
  }
}

/** The other pending characters, each judged by the characters next to it. */
function resolveNeighbours(units: Unit[]): void {
  units.forEach((u, i) => {
    if (!u.pending) return;
    const prev = before(units, i);
    const next = after(units, i);
    switch (u.pending) {
      case '<': // a tag, comment, autolink or e-mail autolink needs a character other than a space after `<`
        u.out = /[ \t\n]/.test(next) ? '<' : '&lt;';
        break;
      case '&': // a character reference: &name; &#123; &#x7b;
        u.out = /[#A-Za-z0-9]/.test(next) ? '&amp;' : '&';
        break;
      case ']': // an inline link or image: [text](target) ![alt](src)
        u.out = next === '(' ? '\\]' : ']';
        break;
      case '@': // an e-mail autolink literal (a@b.example), a GitHub mention (@user, @org/team)
        // (micromark takes any of RFC 5322's atext before the @, GFM only letters, digits, `._+-`)
        if (!/[A-Za-z0-9_]/.test(prev) && /[A-Za-z0-9]/.test(next)) u.out = `@${NO_REFERENCE}`;
        else u.out = isWhitespace(prev) ? '@' : '\\@';
        break;
      case '#': // an issue reference (#123, owner/repo#123), an ATX heading or its closing sequence
        u.out = /\d/.test(next) ? `#${NO_REFERENCE}` : isWhitespace(prev) ? '\\#' : '#';
        break;
    }
    delete u.pending;
  });
}

/** Characters that open a block at a line's start: headings, quotes, lists, breaks, fences, HTML, tables... */
const BLOCK_START = /^[#>+\-*=_~`<[|:$]$/;
const entity = (c: string) => `&#${c.codePointAt(0)};`;

/** The first unit of every line: the container's start and each unit after dropship's line breaks. */
function lineStarts(units: readonly Unit[]): number[] {
  const starts = [0];
  units.forEach((u, i) => u.lineStart && starts.push(i + 1));
  return starts;
}

/**
 * At a line's start free text must not open a block (ATX heading, list item, quote, thematic break, setext
 * underline, code fence, table delimiter row, HTML block, link reference definition, indented code): its
 * first character is escaped. Done before delimiters are paired, so a run split by it is judged as split.
 * `#`, `<` are left to `resolveNeighbours`, which escapes them there (and keeps `#1` from being a reference).
 */
function guardLineStart(units: Unit[], start: number): void {
  let first = start;
  while (first < units.length && units[first].out === '') first++;
  const u = units[first];
  if (!u?.free) return;
  if (isWhitespace(u.out)) u.out = entity(u.out);
  else if (BLOCK_START.test(u.out) && (!u.pending || DELIMITERS.includes(u.pending))) {
    u.out = `\\${u.out}`;
    delete u.pending;
  } else if (/^\d$/.test(u.out)) {
    let j = first;
    while (j < units.length && units[j].free && /^\d$/.test(units[j].out)) j++;
    const marker = units[j];
    if (marker?.free && (marker.out === '.' || marker.out === ')') && isWhitespace(after(units, j)))
      marker.out = `\\${marker.out}`;
  }
}

/** Whitespace next to dropship's own emphasis would unpair it; two trailing spaces would break the line. */
function guardWhitespace(units: Unit[], context: InlineContext): void {
  units.forEach((u, i) => {
    if (!u.free || !isWhitespace(u.out)) return;
    const isMarkupDelimiter = (n: Unit | undefined) =>
      n !== undefined && !n.free && n.out.length === 1 && DELIMITERS.includes(n.out);
    const touchesMarkup = isMarkupDelimiter(units[i - 1]) || isMarkupDelimiter(units[i + 1]);
    const trailing = context !== 'cell' && after(units, i) === '\n' && isWhitespace(before(units, i));
    if (touchesMarkup || trailing) u.out = entity(u.out);
  });
}

/**
 * Free text as code. A code span in general; in a table cell a value with `|` is written as `<code>` with
 * escaped text instead — GFM renderers read a backslash before `\|` inside backticks differently — and that
 * text is escaped with the rest of the cell, since emphasis can pair across inline HTML.
 */
function codeUnits(value: string, context: InlineContext): Unit[] {
  const v = visibleControls(value).replace(LINE_ENDING, ' ');
  if (context !== 'cell' || !v.includes('|')) return [{ out: codeSpan(v), free: true }];
  const tag = (markup: string) => [...markup].map((out): Unit => ({ out, free: false }));
  return [...tag('<code>'), ...textUnits(v, context), ...tag('</code>')];
}

/**
 * A code span showing `value` exactly: a backtick fence of a length no run in the value has, padded with a
 * space where CommonMark would otherwise strip one or merge the fence with the value. Line endings become
 * spaces (as CommonMark renders them).
 */
/**
 * An http(s) URL as a link destination in angle brackets, holding the URL exactly (or undefined for any
 * other URL, which is then not made a link). The URL is first normalized as browsers read it (WHATWG: spaces,
 * quotes, `<` and `>` percent-encoded); then what could still end the destination or change it is encoded:
 * a backslash (an escape), a backtick (a code span), whitespace and angle brackets, and `&` as `&amp;` (a
 * destination decodes entities).
 */
export function linkDestination(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  const href = parsed.href
    .replace(/[\\`<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
    .replace(/&/g, '&amp;');
  return `<${href}>`;
}

export function codeSpan(value: string): string {
  const v = visibleControls(value).replace(LINE_ENDING, ' ');
  if (v === '') return '';
  const runs = new Set((v.match(/`+/g) ?? []).map((r) => r.length));
  let length = 1;
  while (runs.has(length)) length++;
  const fence = '`'.repeat(length);
  const pad = /^`|`$/.test(v) || (v.startsWith(' ') && v.endsWith(' ') && /[^ ]/.test(v));
  return pad ? `${fence} ${v} ${fence}` : `${fence}${v}${fence}`;
}

/**
 * A fenced code block holding `lines` exactly (a line with line endings is several lines): its fence is
 * longer than any backtick run in them, so no line can close it. `indent` places it inside a list item.
 */
export function codeBlock(info: string, lines: readonly string[], indent = ''): string[] {
  const content = lines.flatMap((l) => visibleControls(l).split(LINE_ENDING));
  const longest = content.reduce((m, l) => Math.max(m, ...(l.match(/`+/g) ?? []).map((r) => r.length)), 0);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [
    `${indent}${fence}${info}`,
    ...content.map((l) => (l === '' ? '' : `${indent}${l}`)),
    `${indent}${fence}`,
  ];
}

/**
 * Text inside an HTML element or attribute value (the `<summary>` of a `<details>` block, which is raw HTML to
 * CommonMark: no markdown escape works there). Line endings become `<br>` (a blank line would end the block).
 */
export function htmlText(s: string): string {
  return visibleControls(s)
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
    .replace(LINE_ENDING, '<br>')
    .replace(/#(?=\d)/g, `#${NO_REFERENCE}`)
    .replace(/(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9])/g, `$1@${NO_REFERENCE}`)
    .replace(/(GH-)(?=\d)/gi, `$1${NO_REFERENCE}`);
}

/**
 * Mermaid's entity codes (`#quot;`, `#35;`: Mermaid turns `#name;` into `&name;` before drawing) for every
 * character of a quoted label that Mermaid or the browser would read: `"` ends the label, `#…;` is an
 * entity, `<`/`>`/`&` are HTML (labels are drawn as HTML), a backtick starts a markdown string, `%%{` is a
 * directive anywhere in the text, `$$` is KaTeX, and `:` is what Mermaid's `style…:…#…;` clean-up looks for.
 */
const MERMAID_ENTITIES: Record<string, string> = {
  '#': '#35;',
  '"': '#quot;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '`': '#96;',
  '%': '#37;',
  ':': '#58;',
  $: '#36;',
};

/** Free text inside a quoted Mermaid label: shows as itself; a line ending is the label's `<br/>`. */
export function mermaidText(s: string): string {
  return visibleControls(s).replace(/\r\n|\r|\n|[#"&<>`%:$]/g, (c) => MERMAID_ENTITIES[c] ?? '<br/>');
}
