/**
 * A cursor over parsed JSON that knows its file and JSON path, so every shape error reads like
 * `droplets.json: $.droplets[2].size_slug: expected a string (found null)`.
 */
import { ImportError } from './errors';

export class Json {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly value: unknown,
  ) {}

  fail(problem: string): never {
    throw new ImportError(`${this.file}: ${this.path}: ${problem}`);
  }

  /** True when the value is neither missing nor null. */
  get present(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  isObject(): boolean {
    return typeof this.value === 'object' && this.value !== null && !Array.isArray(this.value);
  }

  has(key: string): boolean {
    return this.isObject() && key in (this.value as Record<string, unknown>);
  }

  keys(): string[] {
    return this.isObject() ? Object.keys(this.value as object) : [];
  }

  /** The child at `key`; the object itself must be an object. */
  get(key: string): Json {
    const object = this.object();
    const segment = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    return new Json(this.file, `${this.path}${segment}`, object[key]);
  }

  object(): Record<string, unknown> {
    if (!this.isObject()) this.fail(`expected an object (found ${describe(this.value)})`);
    return this.value as Record<string, unknown>;
  }

  string(): string {
    if (typeof this.value !== 'string' || this.value === '')
      this.fail(`expected a string (found ${describe(this.value)})`);
    return this.value;
  }

  /** A string, or undefined for missing, null and "" (godo's omitempty and the API's nulls). */
  optString(): string | undefined {
    if (!this.present || this.value === '') return undefined;
    return this.string();
  }

  int(): number {
    if (typeof this.value !== 'number' || !Number.isInteger(this.value))
      this.fail(`expected an integer (found ${describe(this.value)})`);
    return this.value;
  }

  optInt(): number | undefined {
    return this.present ? this.int() : undefined;
  }

  optBool(): boolean | undefined {
    if (!this.present) return undefined;
    if (typeof this.value !== 'boolean') this.fail(`expected true or false (found ${describe(this.value)})`);
    return this.value;
  }

  array(): Json[] {
    if (!Array.isArray(this.value)) this.fail(`expected an array (found ${describe(this.value)})`);
    return this.value.map((item, i) => new Json(this.file, `${this.path}[${i}]`, item));
  }

  /** An array, or [] for missing and null (doctl prints nil slices as null). */
  optArray(): Json[] {
    return this.present ? this.array() : [];
  }

  strings(): string[] {
    return this.optArray().map((item) => item.string());
  }

  ints(): number[] {
    return this.optArray().map((item) => item.int());
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    if (value === '') return 'an empty string';
    // Quote only short, plain values: a misplaced connection URI or password must not reach the terminal.
    return /^[\w. -]{1,32}$/.test(value) ? `string ${JSON.stringify(value)}` : 'a string';
  }
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
