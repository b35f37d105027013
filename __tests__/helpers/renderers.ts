/**
 * Real renderers for the markdown plan, in a child process (render-service.mjs: the packages are ES
 * modules only): micromark + GFM and markdown-it render the markdown, jsdom reads the HTML back, Mermaid's
 * own parser reads the diagram. Start one per test file (it takes ~3 s to load Mermaid), stop it afterwards.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** One element of the rendered HTML, as a reader sees it. */
export interface RenderedBlock {
  tag: string;
  /** the text a reader sees (`<br>` and block boundaries as line breaks) */
  text: string;
  href?: string;
  src?: string;
  type?: string;
  /** a `<pre>`: its code's language and text */
  lang?: string;
  code?: string;
  /** a table: every row's cells (the header row first) */
  rows?: string[][];
  /** a list: how many items it has, nested lists included */
  items?: number;
  /** a `<details>`: its child elements */
  children?: RenderedBlock[];
}

export interface Rendered {
  html: string;
  /** every piece of raw HTML the markdown holds, as the renderer read it */
  rawHtml: string[];
  /** the top-level elements, in order */
  blocks: RenderedBlock[];
  /** every element, in document order */
  elements: { tag: string; text: string; href?: string }[];
  text: string;
  /** text nodes outside code and links: where GitHub looks for @mentions and #references */
  proseTexts: string[];
}

export interface MermaidLabelled {
  labelType: string;
  /** the label as drawn: entity codes decoded, `<br>` a line break */
  text: string;
  /** HTML elements in the drawn label */
  elements: string[];
}
export type MermaidParse =
  | {
      ok: true;
      nodes: (MermaidLabelled & { id: string })[];
      edges: (MermaidLabelled & { from: string; to: string })[];
      subgraphs: (MermaidLabelled & { id: string })[];
    }
  | { ok: false; error: string };

export interface Renderers {
  /** The markdown rendered by micromark (GFM) and by markdown-it. */
  markdown(markdown: string): Promise<{ micromark: Rendered; markdownIt: Rendered }>;
  mermaid(diagram: string): Promise<MermaidParse>;
  stop(): void;
}

/** One request renders in well under a second; a minute leaves room for a loaded machine. */
const REQUEST_TIMEOUT_MS = 60_000;

export function startRenderers(): Renderers {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [join(__dirname, 'render-service.mjs')],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const waiting = new Map<
    number,
    { resolve: (a: Record<string, unknown>) => void; reject: (e: Error) => void }
  >();
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  child.on('exit', () => {
    for (const w of waiting.values()) w.reject(new Error(`render service exited: ${stderr}`));
    waiting.clear();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const answer = JSON.parse(line) as Record<string, unknown> & { id: number };
    const w = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (answer.error) w?.reject(new Error(`render service: ${String(answer.error)}`));
    else w?.resolve(answer);
  });
  let next = 0;
  // A renderer that never answers (a pathological input, a stuck child) fails this request with its input
  // saved, instead of hanging until jest's test timeout hides which input it was.
  const ask = (request: Record<string, string>) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        const saved = join(mkdtempSync(join(tmpdir(), 'dropship-render-')), 'request.json');
        writeFileSync(saved, JSON.stringify(request));
        reject(
          new Error(`render service gave no answer in ${REQUEST_TIMEOUT_MS} ms; the input is in ${saved}`),
        );
      }, REQUEST_TIMEOUT_MS);
      waiting.set(id, {
        resolve: (a) => (clearTimeout(timer), resolve(a)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      child.stdin.write(`${JSON.stringify({ id, ...request })}\n`);
    });
  return {
    markdown: async (markdown) => {
      const answer = await ask({ markdown });
      return { micromark: answer.micromark as Rendered, markdownIt: answer.markdownIt as Rendered };
    },
    mermaid: async (diagram) => (await ask({ mermaid: diagram })).mermaid as MermaidParse,
    stop: () => {
      child.stdin.end();
      child.kill();
    },
  };
}
