/**
 * Every escaping context of the markdown plan, rendered by real renderers (micromark + GFM, markdown-it;
 * Mermaid's parser): whatever a value holds, the document keeps exactly the structure dropship wrote and the
 * reader sees the value itself.
 */
import fc from 'fast-check';
import {
  BLANK,
  Block,
  bullet,
  code,
  DETAILS_END,
  detailsStart,
  fencedCode,
  heading,
  inline,
  joinInline,
  numbered,
  paragraph,
  prose,
  quote,
  table,
} from '../../cli/plan/markdown-builder';
import { codeSpan, escapeInline, mermaidText, type InlinePart } from '../../cli/plan/markdown-text';
import { expectNothingForged } from '../helpers/markdown-expect';
import { hostileText, normalize, visible } from '../helpers/markdown-hostile';
import { startRenderers, type Rendered, type RenderedBlock, type Renderers } from '../helpers/renderers';

let renderers: Renderers;
beforeAll(() => {
  renderers = startRenderers();
});
afterAll(() => renderers.stop());

const lineEndings = /\r\n|\r|\n/g;
const seenText = (s: string) => normalize(visible(s));
const codeText = (s: string) => visible(s).replace(lineEndings, ' ');
const codeLines = (lines: string[]) => `${lines.flatMap((l) => visible(l).split(lineEndings)).join('\n')}\n`;

/** The document probing every context with `s`, and the top-level elements a reader must get. */
function probe(s: string): string {
  return Block.document([
    heading(2, inline`Title ${s} end`),
    BLANK,
    paragraph(inline`${s} end`),
    BLANK,
    paragraph(inline`before **${s}** after`),
    BLANK,
    paragraph(inline`${code(s)} end`),
    BLANK,
    bullet(inline`${s}`),
    bullet(prose(s)),
    BLANK,
    numbered(1, inline`**${s}** — ${prose(s)}`),
    fencedCode('sh', [s, s], '   '),
    BLANK,
    quote([inline`${s}`, prose(s)]),
    BLANK,
    table(
      [inline`a`, inline`b`],
      [
        [inline`${s}`, code(s)],
        [prose(s), inline`x ${s} y`],
        [joinInline([code(s), code(s)], inline`, `), inline`**${s}** \\*`],
      ],
    ),
    BLANK,
    detailsStart(inline`${s}: 3`),
    BLANK,
    paragraph(inline`inside`),
    BLANK,
    DETAILS_END,
    BLANK,
    fencedCode('sh', [s]),
    BLANK,
    paragraph(inline`last`),
  ]);
}

function expectProbe(r: Rendered, s: string) {
  expectNothingForged(r);
  const v = visible(s);
  const blocks = r.blocks;
  expect(blocks.map((b) => b.tag)).toEqual([
    'h2',
    'p',
    'p',
    'p',
    'ul',
    'ol',
    'blockquote',
    'table',
    'details',
    'pre',
    'p',
  ]);
  const [h2, p1, p2, p3, ul, ol, quoted, tbl, details, pre, last] = blocks as RenderedBlock[];
  expect(normalize(h2.text)).toBe(normalize(`Title ${v} end`));
  expect(normalize(p1.text)).toBe(normalize(`${v} end`));
  expect(normalize(p2.text)).toBe(s === '' ? 'before **** after' : normalize(`before ${v} after`));
  expect(normalize(p3.text)).toBe(normalize(`${codeText(s)} end`));
  expect(ul.items).toBe(2);
  expect(normalize(ul.text.replace(/`/g, ''))).toBe(normalize(`${v} ${v}`.replace(/`/g, '')));
  expect(ol.items).toBe(1);
  expect(normalize(quoted.text.replace(/`/g, ''))).toBe(normalize(`${v} ${v}`.replace(/`/g, '')));
  const unquoted = (x: string) => normalize(x.replace(/`/g, ''));
  expect(tbl.rows!.map((row) => row.map(unquoted))).toEqual([
    ['a', 'b'],
    [unquoted(v), unquoted(codeText(s))],
    [unquoted(v), unquoted(`x ${v} y`)],
    [unquoted(s === '' ? ',' : `${codeText(s)}, ${codeText(s)}`), unquoted(s === '' ? '**** *' : `${v} *`)],
  ]);
  expect(details.children!.map((c) => c.tag)).toEqual(['summary', 'p']);
  expect(normalize(details.children![0].text)).toBe(normalize(`${v}: 3`));
  expect(pre.lang).toBe('sh');
  expect(pre.code).toBe(codeLines([s]));
  expect(normalize(last.text)).toBe('last');

  const strong = r.elements.filter((e) => e.tag === 'strong');
  expect(strong.map((e) => normalize(e.text))).toEqual(
    s === '' ? [] : [seenText(s), seenText(s), seenText(s)],
  );
  const codes = r.elements.filter((e) => e.tag === 'code');
  if (s !== '' && !s.includes('`')) expect(codes.map((c) => c.text)).toContain(codeText(s));
  const listed = r.elements.filter((e) => e.tag === 'pre');
  expect(listed.length).toBe(2);
}

describe('markdown escaping, rendered', () => {
  it('keeps the structure and shows the value in every context, whatever the value', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (s) => {
        const md = probe(s);
        const { micromark, markdownIt } = await renderers.markdown(md);
        for (const r of [micromark, markdownIt]) expectProbe(r, s);
        // the code block inside the list item holds the value exactly too (markdown-it: micromark 4.0.3's
        // HTML compiler drops the line endings of a fenced code block inside a list item, its parser does not)
        expect(markdownIt.html).toContain(
          codeLines([s, s])
            .replace(/&/g, '&amp;')
            .replace(/</g, '&lt;')
            .replace(/>/g, '&gt;')
            .replace(/"/g, '&quot;'),
        );
      }),
      { numRuns: Number(process.env.MD_RUNS ?? 200) },
    );
  });

  it('takes its shortcut for text no rule changes, with the same output as the full escaper', () => {
    const plain = fc.string({ unit: fc.constantFrom(...'abXY09 .,-:/()[]+=#_*~$|@<>&`\u00a0\u202e\n') });
    const part = fc.oneof(
      plain.map((text): InlinePart => ({ text })),
      plain.map((prose): InlinePart => ({ prose })),
      plain.map((code): InlinePart => ({ code })),
      fc.constantFrom<InlinePart>({ markup: '**' }, { markup: ' — ' }, { markup: '' }, { newline: '> ' }),
    );
    fc.assert(
      fc.property(
        fc.array(part, { maxLength: 6 }),
        fc.constantFrom('block', 'inline', 'cell' as const),
        (parts, context) => {
          expect(escapeInline(parts, context)).toBe(escapeInline(parts, context, { fast: false }));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('writes plain text byte for byte', () => {
    const plain = 'shop-production-network: 43 resources, aws_iam_role (2 × db.t4g.medium) /* — 10 % → 50 %';
    expect(Block.document([paragraph(inline`x ${plain}`)])).toBe(`x ${plain}\n`);
    expect(Block.document([table([inline`a`], [[inline`${plain}`]])])).toBe(`| a |\n|---|\n| ${plain} |\n`);
  });

  it('fences a code span with a backtick run the value does not have, padded where CommonMark strips', () => {
    expect(codeSpan('a')).toBe('`a`');
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`a``b')).toBe('``` `a``b ```');
    expect(codeSpan(' a ')).toBe('`  a  `');
    expect(codeSpan('  ')).toBe('`  `');
    expect(codeSpan('')).toBe('');
  });
});

describe('Mermaid labels, parsed by Mermaid', () => {
  it('parse, and show the value as itself with no HTML, whatever it holds', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, async (a, b) => {
        const diagram = [
          'flowchart LR',
          `  n1["${mermaidText(a) || ' '}"]`,
          `  n2[("RDS ${mermaidText(b)}")]`,
          `  n1 -->|"${mermaidText(b) || ' '}"| n2`,
          `  subgraph g1 ["app ${mermaidText(a)}<br/>${mermaidText(b)}"]`,
          '    n3["x"]',
          '  end',
        ].join('\n');
        const parsed = await renderers.mermaid(diagram);
        expect(parsed).toMatchObject({ ok: true });
        if (!parsed.ok) return;
        // Mermaid trims a label; a label with nothing else is a space (an empty one does not parse)
        const drawn = (s: string) => visible(s).replace(lineEndings, '\n');
        const byId = new Map(parsed.nodes.map((n) => [n.id, n]));
        expect([...byId.keys()].sort()).toEqual(['n1', 'n2', 'n3']);
        const text = (x: { text: string }) => x.text.trim();
        expect(text(byId.get('n1')!)).toBe(drawn(a).trim());
        expect(text(byId.get('n2')!)).toBe(`RDS ${drawn(b)}`.trim());
        expect(parsed.edges.map((e) => [e.from, e.to, text(e)])).toEqual([['n1', 'n2', drawn(b).trim()]]);
        expect(parsed.subgraphs.map((g) => [g.id, text(g)])).toEqual([
          ['g1', `app ${drawn(a)}\n${drawn(b)}`.trim()],
        ]);
        for (const x of [...parsed.nodes, ...parsed.edges, ...parsed.subgraphs]) {
          expect(x.elements).toEqual([]);
          expect(x.labelType).not.toBe('markdown');
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('the builder', () => {
  it('takes no raw markdown: only its own blocks, and markup only from template literals', () => {
    // @ts-expect-error a string is not a Block, so the renderer cannot write raw markdown
    const raw: Block[] = ['# forged'];
    // @ts-expect-error an object shaped like inline markdown is not Inline
    const forged = () => paragraph({ parts: [{ markup: '# forged' }] });
    expect(raw).toHaveLength(1);
    expect(forged).toThrow();
    // an interpolated string is free text, whatever it holds
    expect(Block.document([paragraph(inline`${'# forged'}`)])).toBe('\\# forged\n');
  });
});
