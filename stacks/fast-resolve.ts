/**
 * A fast path for plain data in cdktf's token resolver. For each string, number and object key, cdktf 0.21
 * builds a fresh resolution context (closures, a copied key path) and runs three regular expressions, even
 * when the value holds no token at all. On the 100-app benchmark fleet that was ~60 % of synth's CPU
 * (docs/performance.md, item 9).
 *
 * This wrapper walks plain data itself and hands anything that is, or might be, a token to cdktf's own
 * resolver with the same options, key path and inherited context flags, so tokens, list and map tokens,
 * number tokens, escapes and cdktf's errors behave exactly as before. A value is plain when it is:
 * - a string without a token marker (`TfToken[`) that cdktf's number-token pattern does not match, and is
 *   not one of the map-token placeholder strings;
 * - a number too small in magnitude to be an encoded token (cdktf encodes tokens as doubles near ±1e289);
 * - a boolean, null or undefined;
 * - an array of plain values, or an object with Object.prototype (or null) whose keys are plain strings,
 *   with no `resolve` function (a token) and not a construct.
 *
 * Same output, byte for byte: `__tests__/stacks/fast-resolve.test.ts` synthesizes the examples and a
 * benchmark fleet with and without it. DROPSHIP_CDKTF_RESOLVE=1 turns it off.
 */
import { cdktfAsShipped, evaluatePatchedModule } from './patch-module';

/** cdktf's own pattern for concatenated number tokens (cdktf/lib/tokens/private/encoding.js). */
const NUMBER_TOKEN_PATTERN = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;
const TOKEN_MARKER = 'TfToken[';
// Token.STRING_MAP_TOKEN_VALUE, Token.ANY_MAP_TOKEN_VALUE, Token.NUMBER_MAP_TOKEN_VALUE: cdktf throws on these.
const MAP_TOKEN_STRINGS = new Set(['String Map Token Value', 'Any Map Token Value']);
const NUMBER_MAP_TOKEN_VALUE = -123456789;
/** Every encoded token double has a magnitude above 2^900; no real attribute value comes near it. */
const TOKEN_DOUBLE_FLOOR = 1e200;
/** cdktf refuses paths deeper than this (circular references); past it the original resolver decides. */
const MAX_DEPTH = 200;

interface ResolveOptions {
  prefix?: string[];
  [option: string]: unknown;
}
type Resolve = (obj: unknown, options: ResolveOptions) => unknown;

function isPlainString(s: string): boolean {
  return !s.includes(TOKEN_MARKER) && !MAP_TOKEN_STRINGS.has(s) && !NUMBER_TOKEN_PATTERN.test(s);
}

function isPlainNumber(n: number): boolean {
  return n !== NUMBER_MAP_TOKEN_VALUE && Math.abs(n) < TOKEN_DOUBLE_FLOOR;
}

function isPlainObject(obj: object): obj is Record<string, unknown> {
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) return false;
  const record = obj as Record<string, unknown>;
  if (typeof record.resolve === 'function') return false;
  // cdktf's construct guard (isConstruct in resolve.js): it throws there, so let it.
  if (record._children !== undefined && record._metadata !== undefined) return false;
  return true;
}

/** Values already resolved (stacks/planned-stack.ts): resolving them again is the identity. */
const resolvedValues = new WeakSet<object>();

/** Marks a resolved value so a later resolve hands it back without walking it. */
export function markResolved(value: unknown): void {
  if (value !== null && typeof value === 'object') resolvedValues.add(value);
}

/** Wraps cdktf's resolver; `original` handles everything that is not plain data. */
export function makeFastResolve(original: Resolve): Resolve {
  return (obj, options) => {
    const base = options.prefix ?? [];
    // The keys from `base` down to the current value; built into a prefix only when cdktf gets a value.
    const keys: string[] = [];

    const walk = (value: unknown): unknown => {
      switch (typeof value) {
        case 'undefined':
        case 'boolean':
          return value;
        case 'string':
          if (isPlainString(value)) return value;
          break;
        case 'number':
          if (isPlainNumber(value)) return value;
          break;
        case 'object': {
          if (value === null) return null;
          if (resolvedValues.has(value)) return value;
          if (base.length + keys.length >= MAX_DEPTH) break;
          if (Array.isArray(value)) {
            if (!value.every(isPlainElement)) break;
            const out: unknown[] = [];
            for (let i = 0; i < value.length; i++) {
              keys.push(String(i));
              const resolved = walk(value[i]);
              keys.pop();
              if (resolved !== undefined) out.push(resolved);
            }
            return out;
          }
          if (!isPlainObject(value)) break;
          const own = Object.keys(value);
          if (!own.every(isPlainKey)) break;
          const out: Record<string, unknown> = {};
          for (const key of own) {
            keys.push(key);
            const resolved = walk(value[key]);
            keys.pop();
            if (resolved !== undefined) out[key] = resolved;
          }
          return out;
        }
        default:
          break;
      }
      return original(value, { ...options, prefix: keys.length === 0 ? base : base.concat(keys) });
    };

    return walk(obj);
  };
}

/** Object keys repeat (`name`, `tags`, …): remember which are plain. */
const plainKeys = new Map<string, boolean>();
function isPlainKey(key: string): boolean {
  let plain = plainKeys.get(key);
  if (plain === undefined) {
    plain = isPlainString(key);
    if (plainKeys.size < 100_000) plainKeys.set(key, plain);
  }
  return plain;
}

/** An array element that cannot make cdktf treat the whole array as a list token. */
function isPlainElement(x: unknown): boolean {
  if (typeof x === 'string') return !x.includes(TOKEN_MARKER);
  if (typeof x === 'number') return isPlainNumber(x);
  return true;
}

let installed = false;

const RESOLVE_DECLARATION = 'function resolve(obj, options) {';

/**
 * Installs the fast path into cdktf's resolver module (once per process). The module's own `resolve` is
 * renamed and the fast path takes its name, so cdktf's recursion (nested values, values a token resolves
 * to, such as the arguments of `jsonencode`) comes back through the fast path at every level.
 * Returns whether the fast path is in place: not when switched off, nor in a cdktf whose resolver
 * changed shape (that one keeps its own: slower, same output).
 */
export function installFastResolve(): boolean {
  if (installed) return true;
  if (cdktfAsShipped()) return false;
  let applied = false;
  const { original, patched } = evaluatePatchedModule(
    'cdktf/lib/tokens/private/resolve',
    (source) => {
      applied = source.split(RESOLVE_DECLARATION).length === 2;
      return source.replace(
        RESOLVE_DECLARATION,
        () =>
          'function resolve(obj, options) { return fastResolve(obj, options); }\n' +
          'const fastResolve = makeFastResolve((obj, options) => cdktfResolve(obj, options));\n' +
          'function cdktfResolve(obj, options) {',
      );
    },
    { makeFastResolve },
  );
  if (!applied) return false;
  // token.js (Tokenization.resolve) and findTokens' callers go through these exports.
  original.resolve = patched.resolve;
  original.findTokens = patched.findTokens;
  installed = true;
  return true;
}
