/**
 * Hostile free text for the markdown plan: payloads that would end a comment, forge a heading, image, link,
 * HTML, table cell or code fence, mention someone, or hide what a command runs, glued together with random
 * punctuation and unicode. Also the oracle of what a reader must see for such a value.
 */
import fc from 'fast-check';

const PAYLOADS = [
  '<!--',
  '-->',
  '</details>',
  '<details><summary>x</summary>',
  '</summary>',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<br>',
  '<b>bold</b>',
  '![x](http://evil.example/x.png)',
  '[click](javascript:alert(1))',
  '[ref]: http://evil.example',
  '[^1]',
  '<http://evil.example>',
  '<a@evil.example>',
  'https://evil.example/x',
  'www.evil.example',
  'a@evil.example',
  'q!$@x.example',
  '# heading',
  '## heading ##',
  '###### h',
  '---',
  '===',
  '***',
  '___',
  '- item',
  '+ item',
  '* item',
  '1. item',
  '1) item',
  '> quote',
  '> [!WARNING]',
  '[ ] task',
  '[x] done',
  '```',
  '````sh',
  '~~~',
  '    indented',
  '\t',
  '|',
  '| a | b |',
  ':---|---:',
  '\n',
  '\r\n',
  '\r',
  '\n\n',
  '`',
  '``',
  '```x```',
  '\\',
  '\\|',
  '*',
  '**',
  '*em*',
  '**strong**',
  '_',
  '_em_',
  '😀_em_',
  '🀉*em*',
  '→_x_',
  '__',
  '~',
  '~~del~~',
  '$',
  '$$',
  '$x$',
  '$`x`$',
  '@someone',
  '@org/team',
  '#1',
  'owner/repo#42',
  'GH-7',
  '&lt;',
  '&amp;',
  '&#35;',
  '&#x27;',
  '&copy;',
  '\u202E',
  '\u202Dabc\u202C',
  '\u2066',
  '\u200B',
  '\u200F',
  '\u0000',
  '\u001B[31m',
  '\u2028',
  '\u00A0',
  '#quot;',
  '#35;',
  '"',
  "'",
  '%%{init: {"theme":"dark"}}%%',
  '%%',
  'style x fill:#f00;',
  'fa:fa-bug',
  'end',
  '-->|x|',
  '[(x)]',
  '{{x}}',
  ':',
  ';',
  '%',
  ' ',
  '  ',
];

/** Characters that mean something in markdown, HTML or Mermaid. */
const PUNCTUATION = [...'`*_~$<>&[]()!#@|\\-+=:;.,"\'{}%^/ \t\n\r'];

const piece = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...PAYLOADS) },
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...PUNCTUATION), maxLength: 4 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 5 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }).filter((s) => !/\p{Cs}/u.test(s)) },
);

/** A hostile string: a few pieces, glued. */
export const hostileText: fc.Arbitrary<string> = fc
  .array(piece, { minLength: 1, maxLength: 6 })
  .map((pieces) => pieces.join(''));

/** Characters dropship shows as ‹U+XXXX› (bidi controls, zero-width characters, controls but tab and line endings). */
const INVISIBLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF\u2028\u2029]/g;

export const visible = (s: string): string =>
  s.replace(INVISIBLE, (c) => `‹U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}›`);

/** Any character of that set left in rendered output is a defect, but dropship's U+200B after `@`, `#`, `GH-`. */
export const hasInvisible = (s: string): boolean =>
  new RegExp(INVISIBLE.source).test(s.replace(/(?<=@|#|GH-)\u200B/gi, ''));

/**
 * Text as a reader compares it: the zero-width spaces dropship puts after `@` and `#` removed (a value's own
 * are shown as ‹U+200B›), runs of whitespace (line breaks included) as one space, trimmed.
 */
export const normalize = (s: string): string =>
  s
    .replace(/\u200B/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** What a reader sees of a value in text: visible controls, line endings as breaks, then normalized. */
export const seen = (value: string): string => normalize(visible(value));
