/** Assertions on a rendered markdown plan that hold whatever free text it carries. */
import { hasInvisible } from './markdown-hostile';
import type { Rendered, RenderedBlock } from './renderers';

/** Every element dropship's markdown can render to: anything else was forged by a value. */
export const DROPSHIP_TAGS = new Set([
  ...['h2', 'h3', 'p', 'strong', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'br'],
  ...['table', 'thead', 'tbody', 'tr', 'th', 'td', 'details', 'summary'],
]);

/**
 * No element but dropship's (no link, image, emphasis, checkbox, script...), no raw HTML but the tags dropship
 * writes, no bidi or zero-width character left, and nothing GitHub would turn into a mention or a reference
 * in the text a reader sees (outside code).
 */
export function expectNothingForged(r: Rendered): void {
  for (const e of r.elements)
    if (!DROPSHIP_TAGS.has(e.tag)) {
      const at = r.html.indexOf(`<${e.tag}`);
      throw new Error(
        `a <${e.tag}> dropship did not write, in: ${r.html.slice(Math.max(0, at - 300), at + 300)}`,
      );
    }
  for (const html of r.rawHtml)
    expect(html.replace(/<\/?(br|code|details|summary)>/g, '').replace(/\s/g, '')).not.toContain('<');
  expect(hasInvisible(r.text)).toBe(false);
  for (const t of r.proseTexts) {
    expect(t).not.toMatch(/(^|[^A-Za-z0-9_])@[A-Za-z0-9]/);
    expect(t).not.toMatch(/#\d|GH-\d/i);
  }
}

/** Every block, the children of `<details>` included, in document order. */
export function flatBlocks(blocks: readonly RenderedBlock[]): RenderedBlock[] {
  return blocks.flatMap((b) => [b, ...flatBlocks(b.children ?? [])]);
}
