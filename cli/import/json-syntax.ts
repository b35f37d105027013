/**
 * Locates the first JSON syntax error. V8's messages sometimes carry no position and quote the
 * surrounding source (which, in a `doctl databases list` capture, may be a password), so the importer
 * reports its own position and reason instead.
 */
export interface SyntaxProblem {
  offset: number;
  reason: string;
}

/** How deep the scanner follows arrays and objects (a DigitalOcean API or doctl export nests about 6). */
export const MAX_JSON_DEPTH = 1000;

export function findJsonSyntaxError(text: string): SyntaxProblem {
  const scanner = new JsonScanner(text);
  try {
    scanner.document();
  } catch (problem) {
    if (typeof problem === 'object' && problem !== null && 'offset' in problem)
      return problem as SyntaxProblem;
    throw problem;
  }
  return { offset: scanner.offset, reason: 'invalid JSON' };
}

/**
 * A recursive-descent pass over JSON that throws a SyntaxProblem at the first character that cannot
 * continue the token: the position V8 gives when it gives one.
 */
class JsonScanner {
  offset = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  document(): void {
    this.value();
    this.skipWhitespace();
    if (this.offset < this.text.length) this.fail(`unexpected ${this.found()} after the JSON value`);
  }

  /**
   * Objects and arrays recurse one frame per level, up to MAX_JSON_DEPTH: deeper input (no export nests
   * beyond a dozen levels) is reported there instead of overflowing the stack.
   */
  private value(): void {
    this.skipWhitespace();
    const c = this.text[this.offset];
    if (c === '{' || c === '[') {
      if (++this.depth > MAX_JSON_DEPTH)
        this.fail(`nested deeper than ${MAX_JSON_DEPTH} levels: not a DigitalOcean export`);
      const close = c === '{' ? '}' : ']';
      this.offset++;
      this.skipWhitespace();
      if (this.text[this.offset] === close) {
        this.depth--;
        return void this.offset++;
      }
      for (;;) {
        if (close === '}') this.propertyName();
        this.value();
        if (this.closes(close)) return void this.depth--;
      }
    }
    if (c === '"') return this.string();
    if (c === 't') return this.literal('true');
    if (c === 'f') return this.literal('false');
    if (c === 'n') return this.literal('null');
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    this.fail(`expected a value, found ${this.found()}`);
  }

  /** `"name":` before an object's value. */
  private propertyName(): void {
    this.skipWhitespace();
    if (this.text[this.offset] !== '"')
      this.fail(`expected a double-quoted property name, found ${this.found()}`);
    this.string();
    this.skipWhitespace();
    if (this.text[this.offset] !== ':')
      this.fail(`expected ':' after a property name, found ${this.found()}`);
    this.offset++;
  }

  /** After a member: true at the closing bracket, false after a comma (another member follows). */
  private closes(close: '}' | ']'): boolean {
    this.skipWhitespace();
    if (this.text[this.offset] === ',') {
      this.offset++;
      return false;
    }
    if (this.text[this.offset] === close) {
      this.offset++;
      return true;
    }
    return this.fail(
      close === '}'
        ? `expected ',' or '}' in an object, found ${this.found()}`
        : `expected ',' or ']' in an array, found ${this.found()}`,
    );
  }

  private string(): void {
    this.offset++; // opening quote
    for (;;) {
      if (this.offset >= this.text.length) this.fail('unterminated string');
      const c = this.text[this.offset];
      if (c === '"') return void this.offset++;
      if (c === '\\') this.escape();
      else if (this.text.charCodeAt(this.offset) < 0x20) this.fail('unescaped control character in a string');
      else this.offset++;
    }
  }

  /** A backslash and what follows it: one of "\\/bfnrt, or u and four hex digits. */
  private escape(): void {
    this.offset++;
    if (this.offset >= this.text.length) this.fail('unterminated string');
    if (this.text[this.offset] === 'u') {
      for (let k = 1; k <= 4; k++) {
        if (!isHex(this.text[this.offset + k])) {
          this.offset += k;
          this.fail(`invalid \\u escape in a string (four hex digits expected), found ${this.found()}`);
        }
      }
      this.offset += 5;
    } else if ('"\\/bfnrt'.includes(this.text[this.offset])) this.offset++;
    else this.fail(`invalid escape in a string: ${JSON.stringify(this.text[this.offset])} after a backslash`);
  }

  private number(): void {
    if (this.text[this.offset] === '-') {
      this.offset++;
      if (!isDigit(this.text[this.offset])) this.fail(`expected a digit after "-", found ${this.found()}`);
    }
    if (this.text[this.offset] === '0') this.offset++;
    else this.digits('');
    if (this.text[this.offset] === '.') {
      this.offset++;
      this.digits('after the decimal point');
    }
    if (this.text[this.offset] === 'e' || this.text[this.offset] === 'E') {
      this.offset++;
      if (this.text[this.offset] === '+' || this.text[this.offset] === '-') this.offset++;
      this.digits('in the exponent');
    }
  }

  private digits(what: string): void {
    if (!isDigit(this.text[this.offset])) this.fail(`expected a digit ${what}, found ${this.found()}`);
    while (isDigit(this.text[this.offset])) this.offset++;
  }

  /** `true`, `false` or `null`, failing at the first character that differs. */
  private literal(word: string): void {
    for (let k = 0; k < word.length; k++) {
      if (this.text[this.offset + k] !== word[k]) {
        this.offset += k;
        this.fail(`unexpected ${this.found()}`);
      }
    }
    this.offset += word.length;
  }

  private skipWhitespace(): void {
    while (this.offset < this.text.length && ' \t\n\r'.includes(this.text[this.offset])) this.offset++;
  }

  private found(): string {
    return this.offset >= this.text.length
      ? 'end of input'
      : `character ${JSON.stringify(this.text[this.offset])}`;
  }

  private fail(reason: string): never {
    throw { offset: this.offset, reason } satisfies SyntaxProblem;
  }
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}
