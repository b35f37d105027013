/**
 * Renders markdown and parses Mermaid the way a reader's browser would, for __tests__/helpers/renderers.ts:
 * micromark with GFM (the GFM spec's behaviour, as on GitHub) and markdown-it (CommonMark with GFM tables),
 * Mermaid's own flowchart parser (it needs a DOM: jsdom provides one; Mermaid sanitizes labels with DOMPurify, which happy-dom misreads). These packages are ES modules
 * only, so they run here, in a child process, one JSON request per line on stdin, one answer per line out.
 */
import { createInterface } from 'node:readline';
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('');
globalThis.window = window;
globalThis.document = window.document;

const { micromark } = await import('micromark');
const { gfm, gfmHtml } = await import('micromark-extension-gfm');
const { default: MarkdownIt } = await import('markdown-it');
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

const markdownIt = new MarkdownIt({ html: true, linkify: true });
const BLOCKS = new Set([
  'P',
  'LI',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'TR',
  'TD',
  'TH',
  'PRE',
  'BLOCKQUOTE',
]);
BLOCKS.add('UL').add('OL').add('TABLE').add('DETAILS').add('SUMMARY').add('DIV');

/** The text a reader sees: `<br>` a line break, block elements on lines of their own. */
function textOf(node) {
  if (node.nodeType === 3) return node.textContent;
  if (node.nodeType !== 1) return '';
  if (node.tagName === 'BR') return '\n';
  const inner = [...node.childNodes].map(textOf).join('');
  return BLOCKS.has(node.tagName) ? `\n${inner}\n` : inner;
}

/** Text nodes a reader sees outside code and links (where GitHub looks for mentions and references). */
function proseTexts(node, out = []) {
  if (node.nodeType === 3) out.push(node.textContent);
  else if (node.nodeType === 1 && !['CODE', 'PRE', 'A'].includes(node.tagName))
    for (const child of node.childNodes) proseTexts(child, out);
  return out;
}

function describe(element) {
  const tag = element.tagName.toLowerCase();
  const out = { tag, text: textOf(element) };
  if (tag === 'a') out.href = element.getAttribute('href');
  if (tag === 'img') out.src = element.getAttribute('src');
  if (tag === 'input') out.type = element.getAttribute('type');
  if (tag === 'pre') out.lang = (element.querySelector('code')?.className ?? '').replace(/^language-/, '');
  if (tag === 'pre') out.code = element.textContent;
  if (tag === 'table')
    out.rows = [...element.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => textOf(c)));
  if (tag === 'ul' || tag === 'ol') out.items = element.querySelectorAll('li').length;
  if (tag === 'details') out.children = [...element.children].map(describe);
  return out;
}

function analyse(html, rawHtml) {
  const root = window.document.createElement('div');
  root.innerHTML = html;
  return {
    html,
    rawHtml,
    blocks: [...root.children].map(describe),
    elements: [...root.querySelectorAll('*')].map((e) => ({
      tag: e.tagName.toLowerCase(),
      text: textOf(e),
      ...(e.tagName === 'A' ? { href: e.getAttribute('href') } : {}),
    })),
    text: textOf(root),
    proseTexts: proseTexts(root),
  };
}

function markdownItRawHtml(tokens) {
  return tokens.flatMap((t) =>
    t.type === 'html_block' || t.type === 'html_inline'
      ? [t.content]
      : (t.children ?? []).filter((c) => c.type === 'html_inline').map((c) => c.content),
  );
}

const decodeMermaidEntities = (s) => s.replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';');

/** A label as drawn: Mermaid's entity codes decoded, `<br>` a line break, and any HTML element it holds. */
function mermaidLabel(text) {
  const root = window.document.createElement('div');
  root.innerHTML = decodeMermaidEntities(text ?? '').replace(/<br\s*\/?>/gi, '\n');
  return {
    text: root.textContent,
    elements: [...root.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()),
  };
}

async function mermaidAnalysis(text) {
  try {
    await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    return {
      ok: true,
      nodes: [...db.getVertices().values()].map((v) => ({
        id: v.id,
        labelType: v.labelType,
        ...mermaidLabel(v.text),
      })),
      edges: db
        .getEdges()
        .map((e) => ({ from: e.start, to: e.end, labelType: e.labelType, ...mermaidLabel(e.text) })),
      subgraphs: db
        .getSubGraphs()
        .map((s) => ({ id: s.id, labelType: s.labelType, ...mermaidLabel(s.title) })),
    };
  } catch (error) {
    return { ok: false, error: String(error?.message ?? error) };
  }
}

async function answer(request) {
  const out = { id: request.id };
  if (typeof request.markdown === 'string') {
    const md = request.markdown;
    // Raw HTML is read from markdown-it's tokens: CommonMark's raw HTML rules are the same in both, and
    // micromark's GFM tag filter would write some raw tags as text.
    const tokens = markdownIt.parse(md, {});
    out.micromark = analyse(
      micromark(md, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] }),
      markdownItRawHtml(tokens),
    );
    out.markdownIt = analyse(
      markdownIt.renderer.render(tokens, markdownIt.options, {}),
      markdownItRawHtml(tokens),
    );
  }
  if (typeof request.mermaid === 'string') out.mermaid = await mermaidAnalysis(request.mermaid);
  return out;
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  let request;
  try {
    request = JSON.parse(line);
    process.stdout.write(`${JSON.stringify(await answer(request))}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ id: request?.id, error: String(error?.stack ?? error) })}\n`);
  }
}
