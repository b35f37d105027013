/**
 * Merge mode (`--into migration.yaml`): refresh, inside the `digitalocean:` block of an existing file, the
 * inventory kinds the input names (docs/import.md) and leave every other byte alone: the kinds it does not
 * name, the human-written half, their comments and formatting. Fields of a refreshed kind that only a human
 * knows (a droplet's role, a volume's mount path, a database's passwordSecret and node layout, a domain's DNS
 * host) are carried over by name.
 */
import { isMap, isScalar, parseDocument, type Pair } from 'yaml';
import type { YamlComment } from './comments';
import { emitDigitalOcean } from './assemble';
import { ImportError, type Warnings } from './errors';
import type { Inventory, KnownNames } from './inventory';
import { settleCdnEndpoints, unexportedAcl, type CdnEndpointOut, type SpaceOut } from './storage';

/** Top-level keys that come after `digitalocean` in the spec order, to place a missing block before. */
const LATER_KEYS = ['ecr', 'secrets', 'apps', 'databases', 'caches', 'cutover', 'waivers'];

type Existing = Record<string, unknown> & {
  digitalocean?: Record<string, { name?: string; id?: unknown; [key: string]: unknown }[] | undefined>;
  secrets?: { name?: string }[];
};

/** The kinds of the `digitalocean:` section that import writes, in the spec's order. */
const KINDS = [
  'droplets',
  'volumes',
  'databases',
  'domains',
  'firewalls',
  'loadBalancers',
  'certificates',
  'spaces',
  'cdnEndpoints',
] as const;
type Kind = (typeof KINDS)[number];

export interface MergeResult {
  text: string;
  /** What the input named and was rewritten (`domains (shop-example.com)` when only some domains were). */
  refreshed: string[];
  /** Kinds the file has that the input did not name: left as the file has them, byte for byte. */
  kept: string[];
}

export function mergeInventory(
  existingText: string,
  file: string,
  inventory: Inventory,
  comments: readonly YamlComment[],
  warnings: Warnings,
): MergeResult {
  const doc = parseDocument(existingText, { keepSourceTokens: false });
  if (doc.errors.length > 0)
    throw new ImportError(
      `${file}: cannot merge into it: it is not valid YAML (${doc.errors[0].message.split('\n')[0]})`,
    );
  const root = doc.contents;
  if (!isMap(root) || root.flow)
    throw new ImportError(
      `${file}: cannot merge into it: expected a migration.yaml whose top level is a block mapping`,
    );
  const existing = (doc.toJS() ?? {}) as Existing;
  const old = existing.digitalocean ?? {};
  carryOver(inventory, existing, warnings);
  const refreshed = KINDS.filter((kind) => isRefreshed(inventory, kind));
  const kept = KINDS.filter((kind) => !refreshed.includes(kind) && old[kind] !== undefined);
  const report = {
    refreshed: refreshed.map((kind) => (kind === 'domains' ? domainsLabel(inventory) : kind)),
    kept: [...kept],
  };
  const section = inventory.section as Record<string, unknown>;
  // Kinds the input did not name: the file's own, which the fallback below renders from its data.
  for (const kind of KINDS) if (!refreshed.includes(kind)) delete section[kind];
  for (const kind of kept) section[kind] = old[kind];
  // What else the file's block holds (not import's to write) stays too, should the block be regenerated.
  for (const [key, value] of Object.entries(old))
    if (!(KINDS as readonly string[]).includes(key)) section[key] = value;

  const pairs = root.items as Pair[];
  const index = pairs.findIndex((p) => isScalar(p.key) && p.key.value === 'digitalocean');
  if (index >= 0) {
    const start = (pairs[index].key as { range: [number, number, number] }).range[0];
    const next = pairs[index + 1];
    const limit = next ? (next.key as { range: [number, number, number] }).range[0] : existingText.length;
    const end = start + ownedLength(existingText.slice(start, limit));
    const value = pairs[index].value;
    // A block mapping: only the refreshed kinds' text changes; the kept kinds, their comments and whatever
    // else the block holds stay byte for byte.
    if (isMap(value) && !value.flow && value.items.every((p) => isScalar(p.key)) && value.items.length > 0) {
      const fresh = Object.fromEntries(refreshed.map((kind) => [kind, section[kind]]));
      const rendered = emitDigitalOcean({ section: fresh }, comments);
      return { text: spliceKinds(existingText, value.items as Pair[], end, rendered, refreshed), ...report };
    }
    const block = emitDigitalOcean({ section }, comments);
    return { text: existingText.slice(0, start) + block + existingText.slice(end), ...report };
  }
  const block = emitDigitalOcean({ section }, comments);
  const later = pairs.find((p) => isScalar(p.key) && LATER_KEYS.includes(String(p.key.value)));
  if (!later)
    return {
      text: `${existingText}${existingText.endsWith('\n') || existingText === '' ? '' : '\n'}\n${block}`,
      ...report,
    };
  const at = leadingCommentStart(existingText, (later.key as { range: [number, number, number] }).range[0]);
  return { text: `${existingText.slice(0, at)}${block}\n${existingText.slice(at)}`, ...report };
}

/**
 * Whether the input named a kind (docs/import.md, "Refresh the inventory later"): a file of that kind, even an
 * empty one; for domains a domain list, `--domain` or a records file; for Spaces a list-buckets file; for CDN
 * endpoints a CDN list.
 */
function isRefreshed(inventory: Inventory, kind: Kind): boolean {
  if (kind === 'spaces') return inventory.spaces.listed;
  if (kind === 'cdnEndpoints') return inventory.spaces.cdn !== undefined;
  if (kind === 'domains') return inventory.listed.has('domains') || inventory.domainsNamed.domains.size > 0;
  return inventory.listed.has(kind);
}

function domainsLabel(inventory: Inventory): string {
  if (inventory.listed.has('domains')) return 'domains';
  return `domains (${[...inventory.domainsNamed.domains].sort().join(', ')})`;
}

/** The line start of the key at `offset`. */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * Each pair's text: from its key's line to its last line that is neither blank nor a comment (the comments
 * after it introduce the next key or close the block, and stay where they are).
 */
function segments(
  text: string,
  pairs: readonly Pair[],
  blockEnd: number,
): { key: string; start: number; end: number }[] {
  return pairs.map((pair, i) => {
    const start = lineStart(text, (pair.key as { range: [number, number, number] }).range[0]);
    const limit =
      i + 1 < pairs.length
        ? lineStart(text, (pairs[i + 1].key as { range: [number, number, number] }).range[0])
        : blockEnd;
    const indent = (pair.key as { range: [number, number, number] }).range[0] - start;
    let end = limit;
    for (;;) {
      const contentEnd = text[end - 1] === '\n' ? end - 1 : end;
      const from = lineStart(text, contentEnd);
      if (from <= start) break;
      const line = text.slice(from, contentEnd);
      // A deeper comment belongs to the pair's last item.
      const trailer =
        line.trim() === '' ||
        (line.trimStart().startsWith('#') && line.length - line.trimStart().length <= indent);
      if (trailer) end = from;
      else break;
    }
    return { key: String((pair.key as { value: unknown }).value), start, end };
  });
}

/** Replaces the refreshed kinds' text in the file's block; a kind the block lacks goes before the next one. */
function spliceKinds(
  text: string,
  pairs: readonly Pair[],
  blockEnd: number,
  rendered: string,
  refreshed: readonly Kind[],
): string {
  const renderedDoc = parseDocument(rendered);
  const renderedMap = (renderedDoc.contents as { items: Pair[] }).items[0].value;
  const renderedPairs = isMap(renderedMap) ? (renderedMap.items as Pair[]) : [];
  const fresh = new Map(
    segments(rendered, renderedPairs, rendered.length).map((s) => [s.key, rendered.slice(s.start, s.end)]),
  );
  const own = segments(text, pairs, blockEnd);
  const indent = (pairs[0].key as { range: [number, number, number] }).range[0] - own[0].start;
  const reindent = (part: string) => part.replace(/^ {2}/gm, ' '.repeat(indent)).replace(/\n?$/, '\n');
  const edits: { start: number; end: number; text: string }[] = [];
  for (const kind of refreshed) {
    const part = reindent(fresh.get(kind) ?? '');
    const mine = own.find((s) => s.key === kind);
    if (mine) {
      const atEof = !text.slice(mine.start, mine.end).endsWith('\n');
      edits.push({ start: mine.start, end: mine.end, text: atEof ? part.slice(0, -1) : part });
      continue;
    }
    const later = own.find((s) => KINDS.indexOf(s.key as Kind) > KINDS.indexOf(kind));
    const at = later ? leadingCommentStart(text, later.start, indent) : own[own.length - 1].end;
    edits.push({ start: at, end: at, text: part });
  }
  let out = text;
  // Last first, so that offsets hold; kinds inserted at one place end up in the spec's order.
  for (const edit of edits.reverse().sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** The file's droplet, load balancer and certificate names by DigitalOcean id (none when the file cannot be read as YAML). */
export function knownNames(existingText: string): KnownNames {
  const known: KnownNames = {
    droplets: new Map(),
    loadBalancers: new Map(),
    certificates: new Map(),
    ruleCertificates: new Map(),
  };
  const doc = parseDocument(existingText);
  if (doc.errors.length > 0) return known;
  const section = (doc.toJS() as Existing | null)?.digitalocean;
  const list = (kind: string) => (Array.isArray(section?.[kind]) ? section[kind] : []);
  for (const d of list('droplets'))
    if (typeof d?.id === 'number' && typeof d.name === 'string') known.droplets.set(d.id, d.name);
  for (const cert of list('certificates'))
    if (typeof cert?.id === 'string' && typeof cert.name === 'string')
      known.certificates.set(cert.id, cert.name);
  const resolvable = new Set(known.certificates.values());
  for (const lb of list('loadBalancers')) {
    if (typeof lb?.name !== 'string') continue;
    if (typeof lb.id === 'string') known.loadBalancers.set(lb.id, lb.name);
    // A certificate with an id resolves by it (a rule now on another certificate must not keep the old one).
    for (const rule of Array.isArray(lb.forwardingRules) ? (lb.forwardingRules as unknown[]) : []) {
      const r = rule as { entryProtocol?: unknown; entryPort?: unknown; certificate?: unknown } | null;
      if (typeof r?.certificate === 'string' && !resolvable.has(r.certificate))
        known.ruleCertificates.set(
          `${lb.name} ${String(r.entryProtocol)}/${String(r.entryPort)}`,
          r.certificate,
        );
    }
  }
  return known;
}

/**
 * How much of the text from `digitalocean:` up to the next top-level key belongs to the block: trailing
 * blank lines and column-0 comments introduce the next section, so they stay.
 */
function ownedLength(region: string): number {
  let end = region.length;
  for (;;) {
    const contentEnd = region[end - 1] === '\n' ? end - 1 : end;
    const lineStart = region.lastIndexOf('\n', contentEnd - 1) + 1;
    if (lineStart === 0) return end;
    const line = region.slice(lineStart, contentEnd);
    if (line.trim() === '' || line.startsWith('#')) end = lineStart;
    else return end;
  }
}

/** The start of the comment lines at `indent` directly above `offset` (the comment introducing a key). */
function leadingCommentStart(text: string, offset: number, indent = 0): number {
  let at = offset;
  for (;;) {
    const prevEnd = at - 1;
    if (prevEnd <= 0) return at;
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    if (!text.slice(prevStart, prevEnd).startsWith(`${' '.repeat(indent)}#`)) return at;
    at = prevStart;
  }
}

function carryOver(inventory: Inventory, existing: Existing, warnings: Warnings): void {
  const old = existing.digitalocean ?? {};
  const find = (kind: string, name: string, id?: unknown) => {
    const list = Array.isArray(old[kind]) ? old[kind] : [];
    return list.find((e) => (id !== undefined && e.id === id) || e.name === name);
  };
  for (const d of inventory.section.droplets) {
    const before = find('droplets', d.name, d.id);
    if (typeof before?.role === 'string') d.role = before.role;
  }
  for (const v of inventory.section.volumes) {
    const before = find('volumes', v.name);
    if (typeof before?.mountPath === 'string') v.mountPath = before.mountPath;
  }
  const declared = new Set((existing.secrets ?? []).map((s) => s.name));
  for (const db of inventory.section.databases) {
    const before = find('databases', db.name);
    if (typeof before?.standbyNodes === 'number') db.standbyNodes = before.standbyNodes;
    if (Array.isArray(before?.readOnlyNodes))
      db.readOnlyNodes = before.readOnlyNodes as typeof db.readOnlyNodes;
    if (typeof before?.passwordSecret === 'string') db.passwordSecret = before.passwordSecret;
    else if (db.passwordSecret && !declared.has(db.passwordSecret)) {
      warnings.add(
        `database ${db.name}: declare a secret ${db.passwordSecret} under secrets: (see docs/import.md) and set passwordSecret: ${db.passwordSecret}; left unset`,
      );
      delete db.passwordSecret;
    }
  }
  for (const domain of inventory.section.domains) {
    const before = find('domains', domain.name);
    if (before?.dns === 'route53' || before?.dns === 'external') domain.dns = before.dns;
    if (typeof before?.route53ZoneId === 'string') domain.route53ZoneId = before.route53ZoneId;
    // Records are refreshed per domain: only from a records file of that domain.
    if (!inventory.domainsNamed.withRecords.has(domain.name) && Array.isArray(before?.records))
      domain.records = before.records as typeof domain.records;
  }
  // Without a domain list, the domains named by --domain or a records file are refreshed; the others stay.
  if (!inventory.listed.has('domains') && Array.isArray(old.domains)) {
    const fresh = inventory.section.domains;
    const kept = old.domains.map((d) => fresh.find((f) => f.name === d.name) ?? d);
    const added = fresh.filter((f) => !old.domains!.some((d) => d.name === f.name));
    inventory.section.domains = [...kept, ...added] as typeof fresh;
  }
  carryOverStorage(inventory, old, warnings);
}

/**
 * Spaces and CDN endpoints the exports did not cover stay as the file has them (they were written by hand
 * before import read them): the Spaces of regions no list was imported for, every Space when none was,
 * the file's ACL, CORS or lifecycle rules of a Space whose own export of them is missing, and what only a
 * human knows (publicFiles); the CDN endpoints when no CDN list was imported.
 */
function carryOverStorage(
  inventory: Inventory,
  old: NonNullable<Existing['digitalocean']>,
  warnings: Warnings,
): void {
  const imported = inventory.spaces;
  const oldSpaces = (Array.isArray(old.spaces) ? old.spaces : []).filter(
    (s): s is Record<string, unknown> & { name?: string } => typeof s === 'object' && s !== null,
  );
  const fresh = inventory.section.spaces ?? [];
  const names = new Set(fresh.map((s) => s.name));
  for (const space of fresh) {
    const before = oldSpaces.find((s) => s.name === space.name);
    const exported = imported.exported.get(space.name) ?? new Set();
    // The user's word, unless an exported policy shows anonymous reads (never lowered by a refresh).
    if (typeof before?.publicFiles === 'boolean') space.publicFiles = space.publicFiles || before.publicFiles;
    if (!exported.has('acl')) {
      if (before?.acl === 'private' || before?.acl === 'public-read') space.acl = before.acl;
      else warnings.add(unexportedAcl(space));
    }
    if (!exported.has('cors') && Array.isArray(before?.cors)) space.cors = before.cors as SpaceOut['cors'];
    if (!exported.has('lifecycle') && Array.isArray(before?.lifecycle))
      space.lifecycle = before.lifecycle as SpaceOut['lifecycle'];
  }
  const kept = oldSpaces.filter(
    (s) => !names.has(s.name as string) && !imported.regions.includes(s.region as string),
  ) as SpaceOut[];
  if (imported.listed || kept.length) inventory.section.spaces = [...fresh, ...kept];
  if (imported.cdn !== undefined)
    inventory.section.cdnEndpoints = settleCdnEndpoints(
      inventory.section.spaces ?? [],
      imported.cdn,
      warnings,
    );
  else if (Array.isArray(old.cdnEndpoints))
    inventory.section.cdnEndpoints = old.cdnEndpoints as CdnEndpointOut[];
}
