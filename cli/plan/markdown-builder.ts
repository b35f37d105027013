/**
 * A small typed builder for the markdown plan, so free text cannot reach the output unescaped: markup comes
 * only from the literal parts of the `inline` template tag (dropship's own source), every interpolated string is
 * free text, and the document is made of `Block`s that only the functions here can make. A new field
 * written as `inline\`… ${report.newField} …\`` is escaped for wherever the block puts it (see markdown-text.ts).
 */
import {
  codeBlock,
  escapeInline,
  htmlText,
  linkDestination,
  type InlineContext,
  type InlinePart,
} from './markdown-text';

let makeInline!: (parts: readonly InlinePart[]) => Inline;
let partsOf!: (item: Inline) => readonly InlinePart[];

/** Inline markdown: dropship's markup and free text, kept apart until a block decides how to escape them. */
export class Inline {
  readonly #parts: readonly InlinePart[];
  private constructor(parts: readonly InlinePart[]) {
    this.#parts = parts;
  }
  static {
    makeInline = (parts) => new Inline(parts);
    partsOf = (item) => item.#parts;
  }
}

/** What a template may interpolate: free text (a string or a number), or inline markdown built here. */
export type Interpolation = string | number | Inline;

/** Inline markdown from a template: its literal parts are markup, every interpolated string is free text. */
export function inline(strings: TemplateStringsArray, ...values: Interpolation[]): Inline {
  const parts: InlinePart[] = [];
  strings.forEach((markup, i) => {
    if (markup) parts.push({ markup });
    if (i < values.length) parts.push(...partsFrom(values[i]));
  });
  return makeInline(parts);
}

const partsFrom = (v: Interpolation): readonly InlinePart[] =>
  v instanceof Inline ? partsOf(v) : [{ text: String(v) }];

/** Free text shown as a code span. */
export const code = (value: string): Inline => makeInline([{ code: value }]);

/** Free text whose `backtick quotes` show as code: the messages, rules and notes dropship writes. */
export const prose = (value: string): Inline => makeInline([{ prose: value }]);

/** The items with `separator` (markup) between them. */
export function joinInline(items: readonly Inline[], separator: Inline): Inline {
  return makeInline(items.flatMap((item, i) => [...(i > 0 ? partsOf(separator) : []), ...partsOf(item)]));
}

const render = (content: Inline, context: InlineContext) => escapeInline(partsOf(content), context);

let makeBlock!: (lines: readonly string[]) => Block;

/** Lines of the document; only the functions below make them. */
export class Block {
  readonly #lines: readonly string[];
  private constructor(lines: readonly string[]) {
    this.#lines = lines;
  }
  static {
    makeBlock = (lines) => new Block(lines);
  }
  /** The document: every block's lines, newline-terminated. */
  static document(blocks: readonly Block[]): string {
    return `${blocks.flatMap((b) => b.#lines).join('\n')}\n`;
  }
}

export const BLANK: Block = makeBlock(['']);

export const heading = (level: 2 | 3, content: Inline): Block =>
  makeBlock([`${'#'.repeat(level)} ${render(content, 'inline')}`]);

export const paragraph = (content: Inline): Block => makeBlock([render(content, 'block')]);

/**
 * A paragraph ending in a link: `text` and `url` are free text. The text is escaped like any free text; the
 * URL becomes the destination only when it is http(s) (markdown-text.ts's linkDestination), else it shows as
 * code and is not clickable.
 */
export function linkedParagraph(content: Inline, link: { text: string; url: string }): Block {
  const destination = linkDestination(link.url);
  if (destination === undefined) return paragraph(inline`${content}${code(link.url)}`);
  const before = render(content, 'block');
  // An unescaped `!` right before the link would make it an image.
  const bang = /(\\*)!$/.exec(before);
  const lead = bang && bang[1].length % 2 === 0 ? `${before.slice(0, -1)}\\!` : before;
  // Free text leaves a bracket bare where nothing follows that could make a link; here `](` follows.
  const text = render(inline`${link.text}`, 'inline').replace(/(?<!\\)((?:\\\\)*)([[\]])/g, '$1\\$2');
  return makeBlock([`${lead}[${text}](${destination})`]);
}

/** A bullet list item; `indent` nests it under the item before. */
export const bullet = (content: Inline, indent: '' | '  ' = ''): Block =>
  makeBlock([`${indent}- ${render(content, 'block')}`]);

export const numbered = (n: number, content: Inline): Block =>
  makeBlock([`${Math.trunc(n)}. ${render(content, 'block')}`]);

/**
 * A block quote whose lines form one paragraph: escaped together, since emphasis can pair across its lines
 * and each line's start could open a block (a setext underline, a list...).
 */
export const quote = (lines: readonly Inline[]): Block =>
  makeBlock([
    `> ${render(
      makeInline(lines.flatMap((line, i) => [...(i > 0 ? [{ newline: '> ' }] : []), ...partsOf(line)])),
      'block',
    )}`,
  ]);

/**
 * A GFM table. A row longer than the header widens the header with empty columns, since GFM drops the cells
 * past the header's.
 */
export function table(columns: readonly Inline[], rows: readonly (readonly Inline[])[]): Block {
  const width = Math.max(columns.length, ...rows.map((r) => r.length));
  const header = [...columns, ...Array.from({ length: width - columns.length }, () => inline``)];
  const row = (cells: readonly Inline[]) => `| ${cells.map((c) => render(c, 'cell')).join(' | ')} |`;
  return makeBlock([row(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(row)]);
}

/**
 * A fenced code block holding `lines` exactly (commands, a diagram); `indent` (spaces: the width of a list
 * item's marker) places it in that item.
 */
export const fencedCode = (info: 'sh' | 'mermaid', lines: readonly string[], indent = ''): Block => {
  if (!/^ *$/.test(indent)) throw new Error('a code block is indented with spaces only');
  return makeBlock(codeBlock(info, lines, indent));
};

/** `<details>` with its `<summary>` (raw HTML: the summary's free text is HTML-escaped). */
export function detailsStart(summary: Inline): Block {
  const html = (p: InlinePart) => {
    if ('markup' in p) return p.markup;
    if ('code' in p) return `<code>${htmlText(p.code)}</code>`;
    if ('newline' in p) return '<br>';
    return htmlText('text' in p ? p.text : p.prose);
  };
  return makeBlock([`<details><summary>${partsOf(summary).map(html).join('')}</summary>`]);
}

export const DETAILS_END: Block = makeBlock(['</details>']);
