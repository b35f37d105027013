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
  const expect = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${found()}`);
  };
  const found = () => (i >= text.length ? 'end of input' : `character ${JSON.stringify(text[i])}`);
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail('unescaped control character in a string');
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail(`unexpected ${found()}`);
    i += match![0].length;
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
