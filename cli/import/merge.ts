/**
 * Merge mode (`--into migration.yaml`): replace the text of the `digitalocean:` block of an existing file
 * with the refreshed inventory and leave every other byte alone: the human-written half, its comments and
 * its formatting. Fields of the inventory that only a human knows (a droplet's role, a volume's mount path,
 * a database's passwordSecret and node layout, a domain's DNS host) are carried over by name.
 */
import { isMap, isScalar, parseDocument, type Pair } from 'yaml';
import type { YamlComment } from './comments';
import { emitDigitalOcean } from './assemble';
import { ImportError, type Warnings } from './errors';
import type { Inventory } from './inventory';
import { settleCdnEndpoints, unexportedAcl, type CdnEndpointOut, type SpaceOut } from './storage';

/** Top-level keys that come after `digitalocean` in the spec order, to place a missing block before. */
const LATER_KEYS = ['ecr', 'secrets', 'apps', 'databases', 'caches', 'cutover', 'waivers'];

type Existing = Record<string, unknown> & {
  digitalocean?: Record<string, { name?: string; id?: unknown; [key: string]: unknown }[] | undefined>;
  secrets?: { name?: string }[];
};

export function mergeInventory(
  existingText: string,
  file: string,
  inventory: Inventory,
  comments: readonly YamlComment[],
  warnings: Warnings,
): string {
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
  carryOver(inventory, existing, warnings);
  const block = emitDigitalOcean(inventory, comments);

  const pairs = root.items as Pair[];
  const index = pairs.findIndex((p) => isScalar(p.key) && p.key.value === 'digitalocean');
  if (index >= 0) {
    const start = (pairs[index].key as { range: [number, number, number] }).range[0];
    const next = pairs[index + 1];
    const limit = next ? (next.key as { range: [number, number, number] }).range[0] : existingText.length;
    const end = start + ownedLength(existingText.slice(start, limit));
    return existingText.slice(0, start) + block + existingText.slice(end);
  }
  const later = pairs.find((p) => isScalar(p.key) && LATER_KEYS.includes(String(p.key.value)));
  if (!later)
    return `${existingText}${existingText.endsWith('\n') || existingText === '' ? '' : '\n'}\n${block}`;
  const at = leadingCommentStart(existingText, (later.key as { range: [number, number, number] }).range[0]);
  return `${existingText.slice(0, at)}${block}\n${existingText.slice(at)}`;
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

/** The start of the column-0 comment lines directly above `offset` (the comment introducing a key). */
function leadingCommentStart(text: string, offset: number): number {
  let at = offset;
  for (;;) {
    const prevEnd = at - 1;
    if (prevEnd <= 0) return at;
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    if (!text.slice(prevStart, prevEnd).startsWith('#')) return at;
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
