/**
 * Text for a terminal or a CI log: a value from a spec or an inventory may hold escape sequences (erase a line,
 * set the window title), a carriage return or a line break (forge a line such as `::error::` for GitHub
 * Actions, or a diagnostic), or characters that show as nothing or reorder the text (bidi controls,
 * zero-width characters). Each is shown as ‹U+XXXX›, so what is printed is what the value holds.
 */
const UNPRINTABLE = /[\p{Cc}\p{Bidi_Control}\u200B-\u200D\u2060\uFEFF\u2028\u2029]/gu;

export function printable(text: string): string {
  return text.replace(
    UNPRINTABLE,
    (c) => `‹U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}›`,
  );
}

/** A one-character stand-in, for places where the text's columns must not move (a code frame under a caret). */
export function printableInPlace(text: string): string {
  return text.replace(UNPRINTABLE, '\uFFFD');
}

/** Every string of a plain value (a report), printable; numbers, booleans and structure unchanged. */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableDeep) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [printable(k), printableDeep(v)])) as T;
  return value;
}
