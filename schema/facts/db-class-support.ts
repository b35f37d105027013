/**
 * Which DB instance classes RDS for MySQL / PostgreSQL and Aurora MySQL / PostgreSQL offer, and the
 * hardware (vCPU, memory) of each, so that an explicit `instanceClass` is checked per engine and a wrong
 * one gets the nearest valid classes as a hint.
 *
 * Sources:
 * - Aurora: AWS Aurora User Guide "Supported DB engines for DB instance classes"
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html).
 *   Per-class minimum versions from its 2023 edition (awsdocs/amazon-aurora-user-guide,
 *   doc_source/Concepts.DBInstanceClass.md): db.t4g/db.t3 medium and large only (Aurora MySQL 3.01.0+,
 *   Aurora PostgreSQL 13.3+), no db.t*.micro/small/xlarge/2xlarge, no db.m* classes; db.r5, db.r6g, db.r6i,
 *   db.x2g on both engines. db.r7g and db.r8g are Aurora families on the 2026 edition (section headings;
 *   minimum minors not read here): every minor the major lines below currently create is newer than any
 *   floor the 2023 table lists. Aurora MySQL is its version 3 line (MySQL 8.0 compatible), Aurora PostgreSQL
 *   13-17 (schema/facts/engine-versions.ts). Check a region with
 *   `aws rds describe-orderable-db-instance-options --engine aurora-mysql|aurora-postgresql --db-instance-class <class>`.
 * - RDS for MySQL / PostgreSQL: AWS RDS User Guide "Supported DB engines for DB instance classes"
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html) and
 *   "Hardware specifications for DB instance classes" (Concepts.DBInstanceClass.Summary, 2025 edition with
 *   db.m8g/db.r8g/db.m7i), as collected in the project's reference notes (aws-do-facts.md, section d).
 *   Both engines run every family below on their current majors (per-minor support unverified here).
 * - Hardware: a class's vCPUs follow its size (large 2, xlarge 4, Nxlarge 4N); memory per vCPU follows the
 *   family (m 4 GiB, r 8 GiB, x2g 16 GiB); burstable t classes are listed one by one (same table).
 */
import type { RdsEngine } from './engine-versions';

export interface DbClassHardware {
  name: string;
  family: string;
  vcpus: number;
  memoryGib: number;
  burstable: boolean;
}

const SIZE_VCPUS: Readonly<Record<string, number>> = { large: 2, xlarge: 4 };
const sizeVcpus = (size: string): number | undefined =>
  SIZE_VCPUS[size] ?? (/^(\d+)xlarge$/.test(size) ? 4 * Number(size.slice(0, -6)) : undefined);

const BURSTABLE_SIZES: readonly [string, number, number][] = [
  ['micro', 2, 1],
  ['small', 2, 2],
  ['medium', 2, 4],
  ['large', 2, 8],
  ['xlarge', 4, 16],
  ['2xlarge', 8, 32],
];

const UP_TO_16 = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];
const UP_TO_24 = [...UP_TO_16, '24xlarge'];
const UP_TO_32 = [...UP_TO_24, '32xlarge'];
const UP_TO_48 = [...UP_TO_24, '48xlarge'];

/** GiB of memory per vCPU of a family (its first letter, x2 for the x2 families). */
function memoryPerVcpu(family: string): number {
  if (family.startsWith('x2')) return 16;
  return family.startsWith('r') ? 8 : 4;
}

function familyClasses(family: string, sizes: readonly string[]): DbClassHardware[] {
  if (family === 't3' || family === 't4g')
    return BURSTABLE_SIZES.filter(([s]) => sizes.includes(s)).map(([s, vcpus, memoryGib]) => ({
      name: `db.${family}.${s}`,
      family,
      vcpus,
      memoryGib,
      burstable: true,
    }));
  return sizes.map((s) => {
    const vcpus = sizeVcpus(s)!;
    return {
      name: `db.${family}.${s}`,
      family,
      vcpus,
      memoryGib: vcpus * memoryPerVcpu(family),
      burstable: false,
    };
  });
}

const ALL_BURSTABLE = BURSTABLE_SIZES.map(([s]) => s);

/**
 * RDS for MySQL and RDS for PostgreSQL (both engines: every family below). Listed in the order a hint
 * prefers among equally near classes: current Graviton first.
 */
const RDS_FAMILIES: readonly [string, readonly string[]][] = [
  ['t4g', ALL_BURSTABLE],
  ['m7g', UP_TO_16],
  ['r7g', UP_TO_16],
  ['m8g', UP_TO_48],
  ['r8g', UP_TO_48],
  ['m6g', UP_TO_16],
  ['r6g', UP_TO_16],
  ['m6gd', UP_TO_16],
  ['r6gd', UP_TO_16],
  ['x2g', UP_TO_16],
  ['m7i', UP_TO_48],
  ['r7i', UP_TO_48],
  ['m6i', UP_TO_32],
  ['r6i', UP_TO_32],
  ['m6id', UP_TO_32],
  ['r6id', UP_TO_32],
  ['m5', UP_TO_24],
  ['r5', UP_TO_24],
  ['m5d', UP_TO_24],
  ['r5d', UP_TO_24],
  ['r5b', UP_TO_24],
  ['t3', ALL_BURSTABLE],
];

/** Aurora MySQL 3 and Aurora PostgreSQL 13-17 (the same families on both, per the Aurora table). */
const AURORA_FAMILIES: readonly [string, readonly string[]][] = [
  ['t4g', ['medium', 'large']],
  ['r7g', UP_TO_16],
  ['r8g', UP_TO_48],
  ['r6g', UP_TO_16],
  ['x2g', UP_TO_16],
  ['r6i', UP_TO_32],
  ['r5', UP_TO_24],
  ['t3', ['medium', 'large']],
];

const table = (families: readonly [string, readonly string[]][]) =>
  families.flatMap(([family, sizes]) => familyClasses(family, sizes));

/** What RDS offers per engine (the same list for MySQL and PostgreSQL). */
export const RDS_OFFERED_CLASSES: readonly DbClassHardware[] = table(RDS_FAMILIES);
/** What Aurora offers per engine, the Aurora Serverless v2 class `db.serverless` aside. */
export const AURORA_OFFERED_CLASSES: Readonly<Record<RdsEngine, readonly DbClassHardware[]>> = {
  mysql: table(AURORA_FAMILIES),
  postgres: table(AURORA_FAMILIES),
};

/** The classes a database may use: Aurora's per engine, else RDS's. */
export function offeredClasses(engine: RdsEngine, aurora: boolean): readonly DbClassHardware[] {
  return aurora ? AURORA_OFFERED_CLASSES[engine] : RDS_OFFERED_CLASSES;
}

export function findOfferedClass(
  engine: RdsEngine,
  aurora: boolean,
  name: string,
): DbClassHardware | undefined {
  return offeredClasses(engine, aurora).find((c) => c.name === name);
}

/** vCPU and memory of any class either table knows (RDS's is the larger). */
export function classHardware(name: string): DbClassHardware | undefined {
  return (
    RDS_OFFERED_CLASSES.find((c) => c.name === name) ??
    AURORA_OFFERED_CLASSES.postgres.find((c) => c.name === name)
  );
}

/**
 * The offered classes nearest to `name`: by vCPU and memory when its hardware is known (a class another
 * engine offers, e.g. db.m7g.large for Aurora), else by its size and then family; at most `count`.
 */
export function nearestOfferedClasses(
  engine: RdsEngine,
  aurora: boolean,
  name: string,
  count = 3,
): DbClassHardware[] {
  const offered = offeredClasses(engine, aurora);
  const [, family = '', size = ''] = name.split('.');
  const known = classHardware(name);
  const target = known ?? {
    vcpus: sizeVcpus(size) ?? 2,
    memoryGib: (sizeVcpus(size) ?? 2) * memoryPerVcpu(family),
  };
  const distance = (c: DbClassHardware) =>
    Math.abs(Math.log2(c.vcpus / target.vcpus)) + Math.abs(Math.log2(c.memoryGib / target.memoryGib));
  // Same family first (a size typo keeps its family), then the same kind (burstable or not), then the
  // closest hardware, then the table's order (current Graviton first).
  const burstable = known?.burstable ?? /^t\d/.test(family);
  return [...offered]
    .map((c, index) => ({ c, index }))
    .sort(
      (a, b) =>
        Number(b.c.family === family) - Number(a.c.family === family) ||
        Number(b.c.burstable === burstable) - Number(a.c.burstable === burstable) ||
        distance(a.c) - distance(b.c) ||
        a.index - b.index,
    )
    .slice(0, count)
    .map(({ c }) => c);
}
