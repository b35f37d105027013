/**
 * DigitalOcean managed-database node sizes, RDS Graviton instance classes, and the rule that maps one to
 * the other.
 *
 * Sources:
 * - DigitalOcean node sizes (slug → vCPU, memory): `GET /v2/databases/options` of the DigitalOcean API
 *   (digitalocean/openapi @ 7c1300c4, example `databases-options.json`); the slugs carry vCPU and memory,
 *   which is where the numbers below come from (the API example lists slugs only).
 * - RDS classes (vCPU, memory GiB): AWS RDS User Guide "Hardware specifications for DB instance classes"
 *   (Concepts.DBInstanceClass.Summary, 2025 edition with db.m8g/db.r8g).
 *
 * Rule R: among the Graviton classes of the families allowed for the DigitalOcean family, take the one with
 * the least memory, then the fewest vCPUs, that has at least the DigitalOcean vCPUs and memory; ties go to
 * the family listed first. Shared-CPU DigitalOcean nodes (db-s, db-amd, db-intel) may land on burstable
 * t4g; dedicated nodes (gd: 4 GiB per vCPU) on m7g then r7g; memory-heavy nodes (so1_5, m, m3: 8 GiB per
 * vCPU) on r7g. The rule is a reviewed default: set `instanceClass` to override it.
 *
 * Rule A (Aurora): the same, over the classes Aurora offers (schema/facts/db-class-support.ts): Aurora has
 * no db.m* classes and only db.t4g.medium / db.t4g.large of t4g, so shared-CPU nodes may land on those two,
 * and everything else on r7g.
 */
import { AURORA_OFFERED_CLASSES } from './db-class-support';

export interface DoDbSize {
  slug: string;
  vcpus: number;
  memoryGib: number;
}

export interface RdsClass {
  name: string;
  family: 't4g' | 'm7g' | 'r7g';
  vcpus: number;
  memoryGib: number;
  burstable: boolean;
}

/** Node sizes DigitalOcean offers for managed databases (all engines). */
export const DO_DB_SIZES: readonly DoDbSize[] = [
  ['db-s-1vcpu-1gb', 1, 1],
  ['db-s-1vcpu-2gb', 1, 2],
  ['db-s-2vcpu-2gb', 2, 2],
  ['db-s-2vcpu-4gb', 2, 4],
  ['db-s-4vcpu-8gb', 4, 8],
  ['db-s-6vcpu-16gb', 6, 16],
  ['db-s-8vcpu-32gb', 8, 32],
  ['db-s-16vcpu-64gb', 16, 64],
  ['db-amd-1vcpu-1gb', 1, 1],
  ['db-amd-1vcpu-2gb', 1, 2],
  ['db-amd-2vcpu-4gb', 2, 4],
  ['db-amd-2vcpu-8gb', 2, 8],
  ['db-amd-4vcpu-8gb', 4, 8],
  ['db-amd-4vcpu-16gb', 4, 16],
  ['db-amd-8vcpu-32gb', 8, 32],
  ['db-amd-16vcpu-64gb', 16, 64],
  ['db-intel-1vcpu-1gb', 1, 1],
  ['db-intel-1vcpu-2gb', 1, 2],
  ['db-intel-2vcpu-4gb', 2, 4],
  ['db-intel-2vcpu-8gb', 2, 8],
  ['db-intel-4vcpu-8gb', 4, 8],
  ['db-intel-4vcpu-16gb', 4, 16],
  ['db-intel-8vcpu-32gb', 8, 32],
  ['db-intel-16vcpu-64gb', 16, 64],
  ['gd-2vcpu-8gb', 2, 8],
  ['gd-4vcpu-16gb', 4, 16],
  ['gd-8vcpu-32gb', 8, 32],
  ['gd-16vcpu-64gb', 16, 64],
  ['gd-32vcpu-128gb', 32, 128],
  ['gd-40vcpu-160gb', 40, 160],
  ['so1_5-2vcpu-16gb', 2, 16],
  ['so1_5-4vcpu-32gb', 4, 32],
  ['so1_5-8vcpu-64gb', 8, 64],
  ['so1_5-16vcpu-128gb', 16, 128],
  ['so1_5-24vcpu-192gb', 24, 192],
  ['so1_5-32vcpu-256gb', 32, 256],
  ['m-2vcpu-16gb', 2, 16],
  ['m-4vcpu-32gb', 4, 32],
  ['m-8vcpu-64gb', 8, 64],
  ['m-16vcpu-128gb', 16, 128],
  ['m-24vcpu-192gb', 24, 192],
  ['m-32vcpu-256gb', 32, 256],
].map(([slug, vcpus, memoryGib]) => ({
  slug: slug as string,
  vcpus: vcpus as number,
  memoryGib: memoryGib as number,
}));

const cls = (name: string, vcpus: number, memoryGib: number): RdsClass => {
  const family = name.split('.')[1] as RdsClass['family'];
  return { name, family, vcpus, memoryGib, burstable: family === 't4g' };
};

/** RDS Graviton classes dropship picks from (Graviton2 t4g, Graviton3 m7g / r7g). */
export const RDS_CLASSES: readonly RdsClass[] = [
  cls('db.t4g.micro', 2, 1),
  cls('db.t4g.small', 2, 2),
  cls('db.t4g.medium', 2, 4),
  cls('db.t4g.large', 2, 8),
  cls('db.t4g.xlarge', 4, 16),
  cls('db.t4g.2xlarge', 8, 32),
  cls('db.m7g.large', 2, 8),
  cls('db.m7g.xlarge', 4, 16),
  cls('db.m7g.2xlarge', 8, 32),
  cls('db.m7g.4xlarge', 16, 64),
  cls('db.m7g.8xlarge', 32, 128),
  cls('db.m7g.12xlarge', 48, 192),
  cls('db.m7g.16xlarge', 64, 256),
  cls('db.r7g.large', 2, 16),
  cls('db.r7g.xlarge', 4, 32),
  cls('db.r7g.2xlarge', 8, 64),
  cls('db.r7g.4xlarge', 16, 128),
  cls('db.r7g.8xlarge', 32, 256),
  cls('db.r7g.12xlarge', 48, 384),
  cls('db.r7g.16xlarge', 64, 512),
];

/**
 * vCPU and memory of a DigitalOcean database node: from the table, else parsed from the slug grammar
 * `<family>-<N>vcpu-<M>gb` (a size DigitalOcean adds later still maps).
 */
export function doDbSize(slug: string): DoDbSize | undefined {
  const known = DO_DB_SIZES.find((s) => s.slug === slug);
  if (known) return known;
  const m = /(\d+)vcpu-(\d+)(mb|gb)/.exec(slug);
  if (!m) return undefined;
  const memoryGib = m[3] === 'gb' ? Number(m[2]) : Number(m[2]) / 1024;
  return { slug, vcpus: Number(m[1]), memoryGib };
}

/** Which RDS families a DigitalOcean node family may map to, in preference order. */
export function rdsFamiliesFor(slug: string): RdsClass['family'][] {
  if (/^(so1_5|m3?)-/.test(slug)) return ['r7g'];
  if (/^(gd|g)-/.test(slug)) return ['m7g', 'r7g'];
  return ['t4g', 'm7g', 'r7g'];
}

/** The classes rule A picks from: those of RDS_CLASSES that Aurora offers (the same on both engines). */
export const AURORA_CLASSES: readonly RdsClass[] = RDS_CLASSES.filter((c) =>
  AURORA_OFFERED_CLASSES.mysql.some((a) => a.name === c.name),
);

/** Which Aurora families a DigitalOcean node family may map to, in preference order (no m-classes). */
export function auroraFamiliesFor(slug: string): RdsClass['family'][] {
  return rdsFamiliesFor(slug).filter((f) => f !== 'm7g');
}

/** Rule A (see the header): rule R over the classes Aurora offers. */
export function auroraClassFor(slug: string): { size: DoDbSize; rdsClass: RdsClass } | undefined {
  return smallestFitting(slug, AURORA_CLASSES, auroraFamiliesFor(slug));
}

/** Rule R (see the header). `undefined` when the slug is unknown or nothing is large enough. */
export function rdsClassFor(slug: string): { size: DoDbSize; rdsClass: RdsClass } | undefined {
  return smallestFitting(slug, RDS_CLASSES, rdsFamiliesFor(slug));
}

/** Rule R or A: the size's class by `aurora`. */
export function classFor(slug: string, aurora: boolean) {
  return aurora ? auroraClassFor(slug) : rdsClassFor(slug);
}

function smallestFitting(
  slug: string,
  classes: readonly RdsClass[],
  families: RdsClass['family'][],
): { size: DoDbSize; rdsClass: RdsClass } | undefined {
  const size = doDbSize(slug);
  if (!size) return undefined;
  const candidates = classes
    .filter((c) => families.includes(c.family) && c.vcpus >= size.vcpus && c.memoryGib >= size.memoryGib)
    .sort(
      (a, b) =>
        a.memoryGib - b.memoryGib ||
        a.vcpus - b.vcpus ||
        families.indexOf(a.family) - families.indexOf(b.family),
    );
  return candidates.length > 0 ? { size, rdsClass: candidates[0] } : undefined;
}

/** The class when nothing sizes a database: offered by RDS and Aurora on both engines (db-class-support.ts). */
export const DEFAULT_CLASS = 'db.t4g.medium';
