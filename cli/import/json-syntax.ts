/**
 * Locates the first JSON syntax error. V8's messages sometimes carry no position and quote the
 * surrounding source (which, in a `doctl databases list` capture, may be a password), so the importer
 * reports its own position and reason instead.
 */
export interface SyntaxProblem {
  offset: number;
  reason: string;
}

export function findJsonSyntaxError(text: string): SyntaxProblem {
  let i = 0;
  const fail = (reason: string): never => {
    throw { offset: i, reason } satisfies SyntaxProblem;
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  // Positions are those V8 gives when it gives one: the first character that cannot continue the token.
  const expect = (word: string) => {
    for (let k = 0; k < word.length; k++) {
      if (text[i + k] !== word[k]) {
        i += k;
        fail(`unexpected ${found()}`);
      }
    }
    i += word.length;
  };
  const found = () => (i >= text.length ? 'end of input' : `character ${JSON.stringify(text[i])}`);
  const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text[i];
      if (c === '"') return void i++;
      if (c === '\\') {
        i++;
        if (i >= text.length) fail('unterminated string');
        if (text[i] === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (!isHex(text[i + k])) {
              i += k;
              fail(`invalid \\u escape in a string (four hex digits expected), found ${found()}`);
            }
          }
          i += 5;
        } else if ('"\\/bfnrt'.includes(text[i])) i++;
        else fail(`invalid escape in a string: ${JSON.stringify(text[i])} after a backslash`);
      } else if (text.charCodeAt(i) < 0x20) fail('unescaped control character in a string');
      else i++;
    }
  };
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  const digits = (what: string) => {
    if (!isDigit(text[i])) fail(`expected a digit ${what}, found ${found()}`);
    while (isDigit(text[i])) i++;
  };
  const number = () => {
    if (text[i] === '-') {
      i++;
      if (!isDigit(text[i])) fail(`expected a digit after "-", found ${found()}`);
    }
    if (text[i] === '0') i++;
    else digits('');
    if (text[i] === '.') {
      i++;
      digits('after the decimal point');
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits('in the exponent');
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a double-quoted property name, found ${found()}`);
        string();
        ws();
        if (text[i] !== ':') fail(`expected ':' after a property name, found ${found()}`);
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail(`expected ',' or '}' in an object, found ${found()}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail(`expected ',' or ']' in an array, found ${found()}`);
      }
    }
    if (c === '"') return string();
    if (c === 't') return expect('true');
    if (c === 'f') return expect('false');
    if (c === 'n') return expect('null');
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    fail(`expected a value, found ${found()}`);
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${found()} after the JSON value`);
  } catch (problem) {
    if (typeof problem === 'object' && problem !== null && 'offset' in problem)
      return problem as SyntaxProblem;
    throw problem;
  }
  return { offset: i, reason: 'invalid JSON' };
}
