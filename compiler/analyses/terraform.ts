/** Small readers over synthesized Terraform JSON, shared by the checks, the plan report and `dropship diff`. */
import { parseJsonencode } from './hcl-expression';
import type { StackJson, TfBlock, TfResource } from './types';

/** Every resource of the given types across all stacks, in stack order then logical-id order. */
export function resourcesOf(stacks: StackJson[], ...types: string[]): TfResource[] {
  const out: TfResource[] = [];
  for (const stack of stacks) {
    for (const type of types) {
      const byName = stack.json.resource?.[type] ?? {};
      for (const name of Object.keys(byName).sort()) {
        out.push({ stack: stack.name, type, name, address: `${type}.${name}`, body: byName[name] });
      }
    }
  }
  return out;
}

/** Every data source of the given types across all stacks. */
export function dataSourcesOf(stacks: StackJson[], ...types: string[]): TfResource[] {
  const out: TfResource[] = [];
  for (const stack of stacks) {
    for (const type of types) {
      const byName = stack.json.data?.[type] ?? {};
      for (const name of Object.keys(byName).sort()) {
        out.push({ stack: stack.name, type, name, address: `data.${type}.${name}`, body: byName[name] });
      }
    }
  }
  return out;
}

/** A nested block: Terraform JSON writes single blocks as an object or as a one-element array. */
export function blocks(value: unknown): TfBlock[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

export function firstBlock(value: unknown): TfBlock | undefined {
  return blocks(value)[0];
}

export function isObject(value: unknown): value is TfBlock {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string list attribute (a single string counts as one element). */
export function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** True for `true` and `"true"` (cdktf writes booleans as booleans, but tokens may be strings). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A number or numeric string, else undefined. */
export function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** Set and not empty: a literal or a `${...}` reference. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** A Terraform interpolation such as `${aws_kms_key.main.arn}`. */
export function isReference(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/**
 * Parse a JSON document attribute (IAM policies, ECS container definitions), written either as JSON text or
 * as a `${jsonencode(...)}` expression; anything else returns undefined.
 */
export function parseJsonAttribute(value: unknown): unknown {
  if (typeof value !== 'string') return isObject(value) || Array.isArray(value) ? value : undefined;
  const text = value.trim();
  if (text.startsWith('${jsonencode(')) return parseJsonencode(text);
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Letters and digits only, lowercased: lets a logical id be found inside a cross-stack output name. */
export function squash(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}
