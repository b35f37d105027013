/**
 * Raw inventory → the `digitalocean:` section of migration.yaml. Resources get valid, unique names;
 * references by DigitalOcean id (droplet ids, load balancer uids) become references by those names; what
 * migration.yaml cannot express is dropped with a warning, never silently.
 */
import { basename, resolve } from 'node:path';
import type { MigrationSpecInput } from '../../schema/spec';
import { sh } from '../../compiler/shell';
import type { YamlComment } from './comments';
import { ImportError, type Warnings } from './errors';
import { importCertificates } from './certificates';
import { NameAllocator } from './names';
import { importSpaces, type CdnEndpointOut, type ImportedSpaces, type SpaceOut } from './storage';
import type { ListedKind, RawDatabase, RawEndpoints, RawFirewallRule, RawInventory, RawRecord } from './raw';

export type DigitalOceanInput = NonNullable<MigrationSpecInput['digitalocean']>;
type DropletOut = NonNullable<DigitalOceanInput['droplets']>[number];
type VolumeOut = NonNullable<DigitalOceanInput['volumes']>[number];
type DatabaseOut = NonNullable<DigitalOceanInput['databases']>[number];
type DomainOut = NonNullable<DigitalOceanInput['domains']>[number];
type RecordOut = NonNullable<DomainOut['records']>[number];
type FirewallOut = NonNullable<DigitalOceanInput['firewalls']>[number];
type RuleOut = NonNullable<FirewallOut['inbound']>[number];
type EndpointsOut = NonNullable<RuleOut['sources']>;
type LoadBalancerOut = NonNullable<DigitalOceanInput['loadBalancers']>[number];

/** Engines migration.yaml models; the others (mongodb, kafka, opensearch) have no target here. */
export const SQL_ENGINES = ['mysql', 'pg'] as const;
export const CACHE_ENGINES = ['redis', 'valkey'] as const;
const RECORD_TYPES = new Set(['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SRV', 'CAA', 'SOA']);
const LB_PROTOCOLS = new Set(['http', 'https', 'http2', 'http3', 'tcp', 'udp']);
const DOMAIN_NAME = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export interface DomainOptions {
  /** `--domain example.com=records.json`: file (as given, or its base name) → domain. */
  files: Map<string, string>;
  /** `--domain example.com`: domains named without a file. */
  names: string[];
}

/** The inventory plus what the draft needs to refer to it. */
export interface Inventory {
  section: {
    droplets: DropletOut[];
    volumes: VolumeOut[];
    databases: DatabaseOut[];
    domains: (DomainOut & { records: RecordOut[] })[];
    firewalls: FirewallOut[];
    loadBalancers: LoadBalancerOut[];
    /** Present when a certificate list was imported (drafts without one stay as they were). */
    certificates?: NonNullable<DigitalOceanInput['certificates']>;
    /** Present when a Spaces list (`spaces-<region>.json`) was imported, or merge mode kept the file's. */
    spaces?: SpaceOut[];
    /** Present when a CDN endpoint list was imported, or merge mode kept the file's. */
    cdnEndpoints?: CdnEndpointOut[];
  };
  /** What the Spaces exports covered, for merge mode to keep the rest of the file's Spaces. */
  spaces: ImportedSpaces;
  /** The kinds the input named (see RawInventory.listed), for merge mode to keep the file's others. */
  listed: ReadonlySet<ListedKind>;
  /** The domains the input named (a domain list, `--domain`, a records file) and those whose records it held. */
  domainsNamed: { domains: ReadonlySet<string>; withRecords: ReadonlySet<string> };
  comments: YamlComment[];
  dropletName: Map<number, string>;
  loadBalancerName: Map<string, string>;
  /** Imported DigitalOcean databases (supported engines only), by their inventory name. */
  databases: { name: string; raw: RawDatabase }[];
  /** Secrets the inventory refers to (passwordSecret), for the draft to declare. */
  passwordSecrets: { secret: string; database: string; raw: RawDatabase }[];
}

/** What the importers of each kind share: the warnings and comments they add, and the names given so far. */
interface ImportContext {
  warnings: Warnings;
  comments: YamlComment[];
  /** DigitalOcean droplet id → its name in migration.yaml. */
  dropletName: Map<number, string>;
  /** DigitalOcean load balancer id → its name in migration.yaml. */
  loadBalancerName: Map<string, string>;
  /** DigitalOcean certificate id → its name in migration.yaml. */
  certificateName: Map<string, string>;
  /** Merge mode without a certificate list: the file's rules' certificates (KnownNames.ruleCertificates). */
  ruleCertificates: Map<string, string>;
}

const at = (...path: (string | number)[]) => ['digitalocean', ...path];

/** Merge mode: the names the file gives DigitalOcean ids, for references to a kind the input does not name. */
export interface KnownNames {
  droplets: Map<number, string>;
  loadBalancers: Map<string, string>;
  certificates: Map<string, string>;
  /**
   * The certificate each of the file's forwarding rules names, by `<load balancer> <protocol>/<port>`: kept
   * when its certificate has no id to resolve by (written by hand before import read certificates).
   */
  ruleCertificates: Map<string, string>;
}

export function buildInventory(
  raw: RawInventory,
  domainOptions: DomainOptions,
  warnings: Warnings,
  known?: KnownNames,
): Inventory {
  const ctx: ImportContext = {
    warnings,
    comments: [],
    dropletName: new Map(),
    loadBalancerName: new Map(),
    certificateName: new Map(),
    ruleCertificates: new Map(),
  };
  // Droplets first: everything else refers to them.
  const droplets = importDroplets(raw, ctx);
  // A refresh of volumes or firewalls alone refers to the file's droplets, which it keeps.
  if (known && !raw.listed.has('droplets'))
    for (const [id, name] of known.droplets) ctx.dropletName.set(id, name);
  const volumes = importVolumes(raw, ctx);
  const { databases, importedDatabases, passwordSecrets } = importDatabases(raw, ctx);
  const { domains, domainsNamed } = buildDomains(raw, domainOptions, warnings);
  const lbNames = new NameAllocator('lb');
  for (const lb of raw.loadBalancers) ctx.loadBalancerName.set(lb.id, lbNames.allocate(lb.name));
  if (known && !raw.listed.has('loadBalancers'))
    for (const [id, name] of known.loadBalancers) ctx.loadBalancerName.set(id, name);
  const firewalls = importFirewalls(raw, ctx);
  const certificates = importCertificates(raw.certificates, ctx);
  // A refresh of load balancers alone names the certificates the file keeps.
  if (known && !raw.listed.has('certificates')) {
    for (const [id, name] of known.certificates) ctx.certificateName.set(id, name);
    ctx.ruleCertificates = known.ruleCertificates;
  }
  const loadBalancers = importLoadBalancers(raw, ctx);
  const spaces = importSpaces(raw, warnings);
  return {
    section: {
      droplets,
      volumes,
      databases,
      domains,
      firewalls,
      loadBalancers,
      ...(raw.listed.has('certificates') ? { certificates } : {}),
      ...(spaces.listed ? { spaces: spaces.spaces } : {}),
    },
    spaces,
    listed: raw.listed,
    domainsNamed,
    comments: ctx.comments,
    dropletName: ctx.dropletName,
    loadBalancerName: ctx.loadBalancerName,
    databases: importedDatabases,
    passwordSecrets,
  };
}

function importDroplets(raw: RawInventory, { comments, dropletName }: ImportContext): DropletOut[] {
  const dropletNames = new NameAllocator('droplet');
  return raw.droplets.map((d, i): DropletOut => {
    const name = dropletNames.allocate(d.name);
    dropletName.set(d.id, name);
    const notes = [name !== d.name ? `DigitalOcean name: ${d.name}` : '', d.image ? `image ${d.image}` : '']
      .filter(Boolean)
      .join(' · ');
    if (notes) comments.push({ path: at('droplets', i), text: ` ${notes}`, placement: 'before' });
    const ipv4: DropletOut['ipv4'] = {};
    if (d.publicIpv4) ipv4.public = d.publicIpv4;
    if (d.privateIpv4) ipv4.private = d.privateIpv4;
    return {
      name,
      id: d.id,
      size: d.size,
      region: d.region,
      ...(Object.keys(ipv4).length ? { ipv4 } : {}),
      ...(d.ipv6 ? { ipv6: d.ipv6 } : {}),
      tags: d.tags,
    };
  });
}

/** The names of the imported droplets among `ids`; the others are warned about and left out. */
function dropletNamesOf(ctx: ImportContext, ids: number[], owner: string): string[] {
  return ids.flatMap((id) => {
    const name = ctx.dropletName.get(id);
    if (name === undefined)
      ctx.warnings.add(
        `${owner} refers to droplet ${id}, which is not among the imported droplets; left out`,
      );
    return name === undefined ? [] : [name];
  });
}

function importVolumes(raw: RawInventory, ctx: ImportContext): VolumeOut[] {
  const volumeNames = new NameAllocator('volume');
  return raw.volumes.map((v, i): VolumeOut => {
    const name = volumeNames.allocate(v.name);
    if (name !== v.name)
      ctx.comments.push({
        path: at('volumes', i),
        text: ` DigitalOcean name: ${v.name} (id ${v.id})`,
        placement: 'before',
      });
    const [droplet] = dropletNamesOf(ctx, v.dropletIds, `volume ${v.name}`);
    return { name, sizeGb: v.sizeGb, ...(droplet ? { droplet } : {}) };
  });
}

function importDatabases(
  raw: RawInventory,
  { warnings, comments }: ImportContext,
): {
  databases: DatabaseOut[];
  importedDatabases: Inventory['databases'];
  passwordSecrets: Inventory['passwordSecrets'];
} {
  const databaseNames = new NameAllocator('db');
  const secretNames = new NameAllocator('secret');
  const importedDatabases: Inventory['databases'] = [];
  const passwordSecrets: Inventory['passwordSecrets'] = [];
  const databases: DatabaseOut[] = [];
  for (const db of raw.databases) {
    const engine = db.engine.toLowerCase();
    if (
      !(SQL_ENGINES as readonly string[]).includes(engine) &&
      !(CACHE_ENGINES as readonly string[]).includes(engine)
    ) {
      warnings.add(
        `database ${db.name} (engine ${db.engine}) skipped: dropship migrates mysql, pg, redis and valkey clusters only`,
      );
      continue;
    }
    const name = databaseNames.allocate(db.name);
    importedDatabases.push({ name, raw: db });
    const out: DatabaseOut = {
      name,
      engine: engine as DatabaseOut['engine'],
      version: db.version,
      size: db.size,
      nodes: db.nodes,
      ...(db.storageMib ? { storageMib: db.storageMib } : {}),
      ...(db.region ? { region: db.region } : {}),
      ...(db.host ? { host: db.host } : {}),
      ...(db.port ? { port: db.port } : {}),
      ...(db.user ? { user: db.user } : {}),
      databases: db.dbNames,
      firewallId: db.id,
    };
    if ((SQL_ENGINES as readonly string[]).includes(engine)) {
      // The password stays in DigitalOcean; migration.yaml only names the secret that will hold it.
      const secret = secretNames.allocate(`${name}-source-password`);
      out.passwordSecret = secret;
      passwordSecrets.push({ secret, database: name, raw: db });
    }
    if (name !== db.name)
      comments.push({
        path: at('databases', databases.length),
        text: ` DigitalOcean name: ${db.name}`,
        placement: 'before',
      });
    databases.push(out);
  }
  return { databases, importedDatabases, passwordSecrets };
}

/**
 * A firewall rule's sources or destinations by name; undefined when the rule has none, null when it had some
 * and none could be imported.
 */
function endpointsOf(
  ctx: ImportContext,
  e: RawEndpoints | undefined,
  owner: string,
): EndpointsOut | undefined | null {
  if (!e) return undefined;
  const loadBalancers = e.loadBalancerIds.flatMap((id) => {
    const name = ctx.loadBalancerName.get(id);
    if (!name)
      ctx.warnings.add(
        `${owner} refers to load balancer ${id}, which is not among the imported ones; left out`,
      );
    return name ? [name] : [];
  });
  if (e.kubernetesIds.length)
    ctx.warnings.add(
      `${owner} refers to Kubernetes clusters (${e.kubernetesIds.join(', ')}); dropship does not model them; left out`,
    );
  const out: EndpointsOut = {};
  if (e.addresses.length) out.addresses = e.addresses;
  if (e.tags.length) out.tags = e.tags;
  const dropletRefs = dropletNamesOf(ctx, e.dropletIds, owner);
  if (dropletRefs.length) out.droplets = dropletRefs;
  if (loadBalancers.length) out.loadBalancers = loadBalancers;
  const hadAny =
    e.addresses.length +
      e.tags.length +
      e.dropletIds.length +
      e.loadBalancerIds.length +
      e.kubernetesIds.length >
    0;
  // A rule whose every endpoint was dropped must not become a rule without endpoints (which reads as "any").
  if (hadAny && Object.keys(out).length === 0) return null;
  return Object.keys(out).length ? out : undefined;
}

function importFirewalls(raw: RawInventory, ctx: ImportContext): FirewallOut[] {
  const firewallNames = new NameAllocator('firewall');
  return raw.firewalls.map((fw): FirewallOut => {
    const name = firewallNames.allocate(fw.name);
    const rules = (list: RawFirewallRule[], direction: 'inbound' | 'outbound') =>
      list.flatMap((rule, i): RuleOut[] => {
        const owner = `firewall ${fw.name} ${direction} rule ${i + 1}`;
        if (rule.protocol !== 'tcp' && rule.protocol !== 'udp' && rule.protocol !== 'icmp') {
          ctx.warnings.add(`${owner}: protocol ${rule.protocol} is not tcp, udp or icmp; rule left out`);
          return [];
        }
        const endpoints = endpointsOf(ctx, rule.endpoints, owner);
        if (endpoints === null) {
          ctx.warnings.add(
            `${owner}: none of its ${direction === 'inbound' ? 'sources' : 'destinations'} could be imported; rule left out`,
          );
          return [];
        }
        const out: RuleOut = { protocol: rule.protocol };
        if (rule.protocol !== 'icmp') out.ports = normalizePorts(rule.ports);
        if (endpoints) out[direction === 'inbound' ? 'sources' : 'destinations'] = endpoints;
        return [out];
      });
    return {
      name,
      id: fw.id,
      inbound: rules(fw.inbound, 'inbound'),
      outbound: rules(fw.outbound, 'outbound'),
      droplets: dropletNamesOf(ctx, fw.dropletIds, `firewall ${fw.name}`),
      tags: fw.tags,
    };
  });
}

/**
 * The name of the certificate a forwarding rule terminates TLS with: an imported one (or in merge mode one the
 * file names for this rule); else a warning.
 */
function certificateOf(
  ctx: ImportContext,
  id: string | undefined,
  rule: string,
  owner: string,
): string | undefined {
  if (id === undefined) return undefined;
  const name = ctx.certificateName.get(id) ?? ctx.ruleCertificates.get(rule);
  if (name === undefined)
    ctx.warnings.add(
      `${owner} refers to certificate ${id}, which is not among the imported certificates; left out (export them with: doctl compute certificate list -o json > certificates.json)`,
    );
  return name;
}

function importLoadBalancers(raw: RawInventory, ctx: ImportContext): LoadBalancerOut[] {
  return raw.loadBalancers.map((lb): LoadBalancerOut => {
    const forwardingRules = lb.forwardingRules.flatMap((rule) => {
      if (!LB_PROTOCOLS.has(rule.entryProtocol) || !LB_PROTOCOLS.has(rule.targetProtocol)) {
        ctx.warnings.add(
          `load balancer ${lb.name}: forwarding rule ${rule.entryProtocol}/${rule.entryPort} has an unknown protocol; left out`,
        );
        return [];
      }
      const certificate = certificateOf(
        ctx,
        rule.certificateId,
        `${ctx.loadBalancerName.get(lb.id)} ${rule.entryProtocol}/${rule.entryPort}`,
        `load balancer ${lb.name}: forwarding rule ${rule.entryProtocol}/${rule.entryPort}`,
      );
      return [
        {
          entryProtocol: rule.entryProtocol as 'http',
          entryPort: rule.entryPort,
          targetProtocol: rule.targetProtocol as 'http',
          targetPort: rule.targetPort,
          ...(rule.tlsPassthrough ? { tlsPassthrough: true } : {}),
          ...(certificate ? { certificate } : {}),
        },
      ];
    });
    const hc = lb.healthCheck;
    const healthCheck =
      hc && (hc.protocol === 'http' || hc.protocol === 'https' || hc.protocol === 'tcp')
        ? {
            protocol: hc.protocol as 'http' | 'https' | 'tcp',
            port: hc.port,
            ...(hc.protocol !== 'tcp' && hc.path ? { path: hc.path } : {}),
          }
        : undefined;
    return {
      name: ctx.loadBalancerName.get(lb.id)!,
      id: lb.id,
      ...(lb.ip ? { ip: lb.ip } : {}),
      ...(lb.ipv6 ? { ipv6: lb.ipv6 } : {}),
      forwardingRules,
      ...(healthCheck ? { healthCheck } : {}),
      droplets: dropletNamesOf(ctx, lb.dropletIds, `load balancer ${lb.name}`),
      ...(lb.tag ? { tag: lb.tag } : {}),
    };
  });
}

/** DigitalOcean says "0" (API) or "all" (doctl help) or nothing for every port. */
function normalizePorts(ports: string | undefined): string {
  return ports === undefined || ports === '0' || ports.toLowerCase() === 'all' ? 'all' : ports;
}

function buildDomains(
  raw: RawInventory,
  options: DomainOptions,
  warnings: Warnings,
): { domains: Inventory['section']['domains']; domainsNamed: Inventory['domainsNamed'] } {
  const domains = new Map<string, RecordOut[]>();
  for (const d of raw.domains) domains.set(d.name, []);
  for (const name of options.names) if (!domains.has(name)) domains.set(name, []);
  const known = [...domains.keys()];
  const withRecords = new Set<string>();
  // An empty records file names its domain only by --domain or its file name (no guess from the only domain).
  for (const file of raw.emptyFiles) {
    const domain = explicitDomain(file, options.files) ?? domainFromFileName(file);
    if (domain === undefined) continue;
    if (!domains.has(domain)) domains.set(domain, []);
    withRecords.add(domain);
  }

  for (const set of raw.recordSets) {
    const domain =
      explicitDomain(set.file, options.files) ??
      domainFromFileName(set.file) ??
      (known.length === 1 ? known[0] : undefined);
    if (domain === undefined)
      throw new ImportError(
        `${set.file}: $: cannot tell which domain these records belong to (${
          known.length ? `imported domains: ${known.join(', ')}` : 'no domain list was imported'
        }); name the file domain-records-<domain>.json or pass --domain <domain>=${set.file}`,
      );
    const records = domains.get(domain) ?? [];
    domains.set(domain, records);
    withRecords.add(domain);
    const ids = new Set(records.map((r) => r.id).filter((id) => id !== undefined));
    for (const record of set.records) {
      if (record.id !== undefined && ids.has(record.id)) continue;
      const out = recordOut(record, domain, warnings);
      if (out) records.push(out);
    }
  }

  const out = [...domains].map(([name, records]) => {
    if (!DOMAIN_NAME.test(name))
      throw new ImportError(`domain ${JSON.stringify(name)} is not a valid domain name such as example.com`);
    if (!withRecords.has(name))
      warnings.add(
        `domain ${name} has no records imported; export them with: ${sh`doctl compute domain records list ${name} -o json > ${`records-${name}.json`}`}`,
      );
    return { name, dns: 'digitalocean' as const, records };
  });
  return { domains: out, domainsNamed: { domains: new Set(domains.keys()), withRecords } };
}

function explicitDomain(file: string, files: Map<string, string>): string | undefined {
  for (const [given, domain] of files)
    if (resolve(given) === resolve(file) || given === basename(file)) return domain;
  return undefined;
}

/** `domain-records-example.com.json` or `records-example.com.json` → example.com. */
export function domainFromFileName(file: string): string | undefined {
  const match = /^(?:domain-records|records)-(.+)\.json$/i.exec(basename(file));
  const candidate = match?.[1].toLowerCase();
  return candidate && DOMAIN_NAME.test(candidate) ? candidate : undefined;
}

function recordOut(r: RawRecord, domain: string, warnings: Warnings): RecordOut | undefined {
  if (!RECORD_TYPES.has(r.type)) {
    warnings.add(
      `domain ${domain}: record ${r.id ?? r.name} has type ${r.type}, which migration.yaml does not model; left out`,
    );
    return undefined;
  }
  const out: RecordOut = {
    ...(r.id !== undefined ? { id: r.id } : {}),
    type: r.type as RecordOut['type'],
    name: r.name,
    data: r.data,
    ...(r.ttl !== undefined ? { ttl: r.ttl } : {}),
  };
  // Only the fields that mean something for the type: doctl prints 0 for all of them on every record.
  if ((r.type === 'MX' || r.type === 'SRV') && r.priority !== undefined) out.priority = r.priority;
  if (r.type === 'SRV') {
    if (r.port !== undefined) out.port = r.port;
    if (r.weight !== undefined) out.weight = r.weight;
  }
  if (r.type === 'CAA') {
    out.flags = r.flags ?? 0; // CAA flags are 0 unless a critical bit is set
    if (r.tag !== undefined) out.tag = r.tag;
  }
  return out;
}
