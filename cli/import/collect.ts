/**
 * Reads every input file into one raw inventory. The same resource may come twice (a list and a `get`,
 * or two overlapping exports): identical copies merge silently, differing ones keep the later file's
 * copy with a warning, so the result does not depend on luck.
 */
import { detect, kindNamedByFile, type ResourceKind, type SpacesResponse } from './detect';
import { readCertificate } from './certificates';
import { readDatabase } from './databases';
import { readDomain, readRecord } from './domains';
import { readDroplet, readVolume } from './droplets';
import type { Warnings } from './errors';
import { readFirewall } from './firewalls';
import { Json } from './json';
import { readLoadBalancer } from './load-balancers';
import { readReservedIp, readVpc } from './networks';
import {
  readCdnEndpoint,
  readSpaceAcl,
  readSpaceCors,
  readSpaceLifecycle,
  readSpaceList,
  readSpaceLocation,
  readSpacePolicy,
} from './spaces';
import { emptyInventory, type RawInventory } from './raw';
import type { InputFile } from './read';

export function collect(files: readonly InputFile[], warnings: Warnings): RawInventory {
  const inventory = emptyInventory();
  const seen = new Map<string, string>(); // "<kind> <id>" → file it came from
  const add = <T>(list: T[], kind: string, key: string, label: string, item: T, file: string) => {
    const seenKey = `${kind} ${key}`;
    const earlier = seen.get(seenKey);
    seen.set(seenKey, file);
    if (earlier === undefined) return void list.push(item);
    const index = list.findIndex((existing) => keyOf(existing) === key);
    if (JSON.stringify(list[index]) === JSON.stringify(item)) return;
    warnings.add(`${label} appears in ${earlier} and ${file} with different details; using ${file}`);
    list[index] = item;
  };
  const keyOf = (item: unknown): string => {
    const record = item as { id?: unknown; name?: unknown; ip?: unknown };
    return String(record.id ?? record.ip ?? record.name);
  };

  for (const { file, data } of files) {
    const root = new Json(file, '$', data);
    const detected = detect(root);
    if (detected.kind === 'spaces') {
      collectSpaces(root, detected.what, inventory, warnings);
      continue;
    }
    if (detected.kind !== 'empty' && detected.kind !== 'ignored')
      warnIfPartial(file, data, detected.items.length, warnings);
    if (detected.kind === 'empty') {
      const named = kindNamedByFile(file);
      if (named !== undefined) inventory.listed.add(named);
      else {
        inventory.emptyFiles.push(file);
        warnings.add(`${file}: an empty list, nothing to import`);
      }
      continue;
    }
    if (detected.kind === 'ignored') {
      warnings.add(`${file}: ${detected.what} are not part of the inventory; ignored`);
      continue;
    }
    const kind: ResourceKind = detected.kind;
    if (kind !== 'records') inventory.listed.add(kind);
    for (const item of detected.items) {
      switch (kind) {
        case 'droplets': {
          const d = readDroplet(item);
          add(inventory.droplets, kind, String(d.id), `droplet ${d.id} (${d.name})`, d, file);
          break;
        }
        case 'volumes': {
          const v = readVolume(item);
          add(inventory.volumes, kind, v.id, `volume ${v.id} (${v.name})`, v, file);
          break;
        }
        case 'databases': {
          const db = readDatabase(item);
          add(inventory.databases, kind, db.id, `database ${db.id} (${db.name})`, db, file);
          break;
        }
        case 'domains': {
          const domain = readDomain(item);
          add(inventory.domains, kind, domain.name, `domain ${domain.name}`, domain, file);
          break;
        }
        case 'firewalls': {
          const fw = readFirewall(item);
          add(inventory.firewalls, kind, fw.id, `firewall ${fw.id} (${fw.name})`, fw, file);
          break;
        }
        case 'loadBalancers': {
          const lb = readLoadBalancer(item);
          add(inventory.loadBalancers, kind, lb.id, `load balancer ${lb.id} (${lb.name})`, lb, file);
          break;
        }
        case 'certificates': {
          const cert = readCertificate(item);
          add(inventory.certificates, kind, cert.id, `certificate ${cert.id} (${cert.name})`, cert, file);
          break;
        }
        case 'vpcs': {
          const vpc = readVpc(item);
          add(inventory.vpcs, kind, vpc.id, `VPC ${vpc.id} (${vpc.name})`, vpc, file);
          break;
        }
        case 'reservedIps': {
          const ip = readReservedIp(item);
          add(inventory.reservedIps, kind, ip.ip, `reserved IP ${ip.ip}`, ip, file);
          break;
        }
        case 'cdnEndpoints': {
          const cdn = readCdnEndpoint(item);
          add(inventory.cdnEndpoints, kind, cdn.id, `CDN endpoint ${cdn.id} (${cdn.space})`, cdn, file);
          break;
        }
        case 'records':
          break; // below: a file of records is one set
      }
    }
    if (kind === 'records') inventory.recordSets.push({ file, records: detected.items.map(readRecord) });
  }
  return inventory;
}

/** An `aws s3api` response: a region's Spaces, or one Space's ACL, CORS, lifecycle rules, location or policy. */
function collectSpaces(root: Json, what: SpacesResponse, inventory: RawInventory, warnings: Warnings): void {
  if (what === 'list') return void inventory.spaceLists.push(readSpaceList(root));
  const detail =
    what === 'acl'
      ? readSpaceAcl(root)
      : what === 'cors'
        ? readSpaceCors(root, warnings)
        : what === 'lifecycle'
          ? readSpaceLifecycle(root, warnings)
          : what === 'location'
            ? readSpaceLocation(root)
            : readSpacePolicy(root);
  const earlier = inventory.spaceDetails.findIndex(
    (d) => d.bucket === detail.bucket && d.kind === detail.kind,
  );
  if (earlier < 0) return void inventory.spaceDetails.push(detail);
  const before = inventory.spaceDetails[earlier];
  if (JSON.stringify({ ...before, file: '' }) !== JSON.stringify({ ...detail, file: '' }))
    warnings.add(
      `Space ${detail.bucket}: its ${detail.kind} appears in ${before.file} and ${detail.file} with different details; using ${detail.file}`,
    );
  inventory.spaceDetails[earlier] = detail;
}

/** An API list body with `links.pages.next` is one page of several: the rest of the inventory is missing. */
function warnIfPartial(file: string, data: unknown, count: number, warnings: Warnings): void {
  const body = data as { links?: { pages?: { next?: unknown } }; meta?: { total?: unknown } } | null;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !body.links?.pages?.next) return;
  const total = typeof body.meta?.total === 'number' ? ` of ${body.meta.total}` : '';
  warnings.add(
    `${file}: holds one page (${count}${total}) of a paginated API response; fetch every page (per_page=200 and links.pages.next) or use doctl, which does`,
  );
}
