/**
 * Structural diff of two synthesized outputs: resources (and data sources) added, removed and changed, by
 * stack and address, with the attribute paths that changed; and the stack's own settings outside them (the
 * terraform block with its backend, providers with their default_tags, outputs, locals, variables), which
 * are reported first in each stack with `scope: 'stack'`: a provider's default_tags retag every resource,
 * a backend change moves the state. JSON documents kept as strings (IAM policies,
 * container definitions; JSON text or `${jsonencode(...)}`) are compared inside, so a changed environment
 * variable shows as one path.
 */
import type { StackJson } from '../../compiler/analyses/checks';
import { parseJsonAttribute } from '../../compiler/analyses/terraform';

export interface AttributeChange {
  path: string;
  old?: string;
  new?: string;
}

export interface ResourceDiff {
  stack: string;
  /** `<type>.<name>`, `data.<type>.<name>`; for a stack setting `terraform`, `provider.<name>[.<alias>]`,
   * `output.<name>`, `local.<name>`, `variable.<name>`. */
  address: string;
  change: 'added' | 'removed' | 'changed';
  attributes: AttributeChange[];
  /** 'stack': a setting of the whole stack, not one resource (absent for resources and data sources). */
  scope?: 'stack';
}

type Json = unknown;
type Blocks = Map<string, Json>;

/** How the diff names a stack setting's change: what it means for the stack. */
export function stackSettingNote(address: string): string {
  if (address === 'terraform')
    return 'stack setting: the backend (where the state lives), required providers';
  if (address.startsWith('provider.'))
    return 'stack setting: applies to every resource in the stack, default_tags retag them all';
  return 'stack setting';
}

/** The stack's settings outside resource and data blocks, by address. */
function settingsOf(stack: StackJson | undefined): Blocks {
  const out: Blocks = new Map();
  if (!stack) return out;
  for (const [kind, value] of Object.entries(stack.json)) {
    if (kind === '//' || kind === 'resource' || kind === 'data') continue;
    if (kind === 'terraform') out.set('terraform', value);
    else if (kind === 'provider') {
      for (const [name, configs] of Object.entries((value ?? {}) as Record<string, Json>)) {
        // cdktf writes each provider as a list of configurations, told apart by alias.
        for (const config of Array.isArray(configs) ? configs : [configs]) {
          const alias = isRecord(config) && typeof config.alias === 'string' ? `.${config.alias}` : '';
          out.set(`provider.${name}${alias}`, config);
        }
      }
    } else if (isRecord(value)) {
      const prefix = kind === 'locals' ? 'local' : kind;
      for (const [name, item] of Object.entries(value)) out.set(`${prefix}.${name}`, item);
    } else out.set(kind, value);
  }
  return out;
}

/** `resource.<type>.<name>` → `<type>.<name>`; `data.<type>.<name>` → `data.<type>.<name>`. */
function blocksOf(stack: StackJson | undefined): Blocks {
  const out: Blocks = new Map();
  if (!stack) return out;
  for (const kind of ['resource', 'data'] as const) {
    const byType = (stack.json[kind] ?? {}) as Record<string, Record<string, Json>>;
    for (const type of Object.keys(byType)) {
      for (const name of Object.keys(byType[type] ?? {})) {
        out.set(`${kind === 'data' ? 'data.' : ''}${type}.${name}`, byType[type][name]);
      }
    }
  }
  return out;
}

export function diffStacks(oldStacks: StackJson[], newStacks: StackJson[]): ResourceDiff[] {
  const names = [...new Set([...oldStacks.map((s) => s.name), ...newStacks.map((s) => s.name)])].sort();
  const out: ResourceDiff[] = [];
  for (const stack of names) {
    const before = oldStacks.find((s) => s.name === stack);
    const after = newStacks.find((s) => s.name === stack);
    out.push(...diffBlocks(stack, settingsOf(before), settingsOf(after), { scope: 'stack' }));
    out.push(...diffBlocks(stack, blocksOf(before), blocksOf(after), {}));
  }
  return out;
}

function diffBlocks(stack: string, a: Blocks, b: Blocks, extra: Pick<ResourceDiff, 'scope'>): ResourceDiff[] {
  const out: ResourceDiff[] = [];
  for (const address of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    if (!a.has(address)) out.push({ stack, address, change: 'added', attributes: [], ...extra });
    else if (!b.has(address)) out.push({ stack, address, change: 'removed', attributes: [], ...extra });
    else {
      const attributes: AttributeChange[] = [];
      compare(a.get(address), b.get(address), '', attributes);
      if (attributes.length > 0) out.push({ stack, address, change: 'changed', attributes, ...extra });
    }
  }
  return out;
}

const isRecord = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON document kept in a string attribute: JSON text or a `${jsonencode(...)}` expression. */
function embeddedJson(v: Json): Json | undefined {
  return typeof v === 'string' ? parseJsonAttribute(v) : undefined;
}

const show = (v: Json) => (typeof v === 'string' ? v : JSON.stringify(v));

function compare(a: Json, b: Json, path: string, out: AttributeChange[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const ja = embeddedJson(a);
  const jb = embeddedJson(b);
  if (ja !== undefined && jb !== undefined) return compare(ja, jb, path, out);
  if (isRecord(a) && isRecord(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (key === '//') continue; // cdktf construct metadata, not configuration
      compare(a[key], b[key], path ? `${path}.${key}` : key, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) compare(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  out.push({
    path: path || '(whole)',
    ...(a === undefined ? {} : { old: show(a) }),
    ...(b === undefined ? {} : { new: show(b) }),
  });
}

export function renderDiffText(oldFile: string, newFile: string, diffs: ResourceDiff[]): string {
  const out = [`dropship diff: ${oldFile} → ${newFile}`];
  const sign = { added: '+', removed: '-', changed: '~' } as const;
  for (const d of diffs) {
    const note = d.scope === 'stack' ? ` (${stackSettingNote(d.address)})` : '';
    out.push(`${sign[d.change]} ${d.stack}/${d.address}${note}`);
    for (const a of d.attributes) {
      out.push(
        `    ${a.path}: ${a.old === undefined ? '(unset)' : a.old} → ${a.new === undefined ? '(unset)' : a.new}`,
      );
    }
  }
  const count = (c: ResourceDiff['change']) => diffs.filter((d) => d.change === c).length;
  const settings = diffs.filter((d) => d.scope === 'stack').length;
  out.push(
    diffs.length === 0
      ? 'no differences'
      : `${count('added')} added, ${count('removed')} removed, ${count('changed')} changed` +
          (settings > 0 ? ` (${settings} of them stack settings)` : ''),
  );
  return `${out.join('\n')}\n`;
}
