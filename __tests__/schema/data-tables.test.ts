/**
 * The DigitalOcean → AWS size tables and their rules (R for RDS, E for ElastiCache), checked against the
 * candidates listed in the reference notes for a spread of slugs, plus the properties the rules promise.
 */
import fc from 'fast-check';
import { DO_DB_SIZES, RDS_CLASSES, doDbSize, rdsClassFor } from '../../schema/facts/rds-classes';
import { CACHE_NODE_TYPES, cacheNodeFor } from '../../schema/facts/elasticache-nodes';
import {
  DO_TO_CACHE_DEFAULT,
  DO_TO_RDS_DEFAULT,
  findCacheVersion,
  findRdsVersion,
  majorOf,
} from '../../schema/facts/engine-versions';

describe('rule R: DigitalOcean database node → RDS Graviton class', () => {
  it.each([
    ['db-s-1vcpu-1gb', 'db.t4g.micro'],
    ['db-s-1vcpu-2gb', 'db.t4g.small'],
    ['db-s-2vcpu-4gb', 'db.t4g.medium'],
    ['db-s-4vcpu-8gb', 'db.t4g.xlarge'],
    ['db-s-6vcpu-16gb', 'db.t4g.2xlarge'],
    ['db-amd-2vcpu-8gb', 'db.t4g.large'],
    ['db-intel-16vcpu-64gb', 'db.m7g.4xlarge'],
    ['gd-2vcpu-8gb', 'db.m7g.large'],
    ['gd-40vcpu-160gb', 'db.m7g.12xlarge'],
    ['so1_5-2vcpu-16gb', 'db.r7g.large'],
    ['so1_5-32vcpu-256gb', 'db.r7g.8xlarge'],
    ['m-4vcpu-32gb', 'db.r7g.xlarge'],
  ])('%s → %s', (slug, expected) => {
    expect(rdsClassFor(slug)?.rdsClass.name).toBe(expected);
  });

  it('parses a slug it has no row for from the slug grammar', () => {
    expect(doDbSize('db-s-12vcpu-48gb')).toEqual({ slug: 'db-s-12vcpu-48gb', vcpus: 12, memoryGib: 48 });
    expect(rdsClassFor('db-s-12vcpu-48gb')?.rdsClass.name).toBe('db.m7g.4xlarge');
  });

  it('knows nothing about a slug without vCPU and memory', () => {
    expect(rdsClassFor('c-96-intel')).toBeUndefined();
  });

  it('never picks a class smaller than the DigitalOcean node, and only Graviton classes', () => {
    for (const size of DO_DB_SIZES) {
      const picked = rdsClassFor(size.slug);
      expect(picked).toBeDefined();
      expect(picked!.rdsClass.vcpus).toBeGreaterThanOrEqual(size.vcpus);
      expect(picked!.rdsClass.memoryGib).toBeGreaterThanOrEqual(size.memoryGib);
      expect(picked!.rdsClass.name).toMatch(/^db\.(t4g|m7g|r7g)\./);
    }
  });

  it('picks the least memory that fits (no allowed class with less memory also fits)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 48 }), fc.integer({ min: 1, max: 384 }), (vcpus, gib) => {
        const slug = `db-s-${vcpus}vcpu-${gib}gb`;
        const picked = rdsClassFor(slug);
        const fits = RDS_CLASSES.filter((c) => c.vcpus >= vcpus && c.memoryGib >= gib);
        if (fits.length === 0) return picked === undefined;
        return picked !== undefined && fits.every((c) => c.memoryGib >= picked.rdsClass.memoryGib);
      }),
    );
  });
});

describe('rule E: DigitalOcean Redis/Valkey node → ElastiCache node type', () => {
  it.each([
    ['db-s-1vcpu-1gb', 'cache.t4g.small'],
    ['db-s-1vcpu-2gb', 'cache.t4g.medium'],
    ['db-s-2vcpu-4gb', 'cache.m7g.large'],
    ['db-s-4vcpu-8gb', 'cache.r7g.large'],
    ['db-s-6vcpu-16gb', 'cache.r7g.xlarge'],
    ['m-2vcpu-16gb', 'cache.r7g.xlarge'],
    ['m-32vcpu-256gb', 'cache.r7g.12xlarge'],
  ])('%s → %s', (slug, expected) => {
    expect(cacheNodeFor(slug)?.node.name).toBe(expected);
  });

  it('always gives at least the DigitalOcean RAM as maxmemory', () => {
    for (const size of DO_DB_SIZES) {
      const picked = cacheNodeFor(size.slug)!;
      expect(picked.node.maxmemoryBytes).toBeGreaterThanOrEqual(size.memoryGib * 2 ** 30);
      expect(CACHE_NODE_TYPES).toContain(picked.node);
    }
  });
});

describe('engine versions', () => {
  it('maps every DigitalOcean default to a version the table offers', () => {
    for (const [key, version] of Object.entries(DO_TO_RDS_DEFAULT)) {
      const engine = key.startsWith('mysql') ? 'mysql' : 'postgres';
      expect(findRdsVersion(engine, version)).toBeDefined();
    }
    for (const target of Object.values(DO_TO_CACHE_DEFAULT))
      expect(findCacheVersion(target.engine, target.version)).toBeDefined();
  });

  it('maps MySQL 8 to 8.4 LTS and PostgreSQL to the same major', () => {
    expect(DO_TO_RDS_DEFAULT['mysql:8']).toBe('8.4');
    for (const major of ['13', '14', '15', '16', '17']) expect(DO_TO_RDS_DEFAULT[`pg:${major}`]).toBe(major);
  });

  it('gives parameter group families per engine line', () => {
    expect(findRdsVersion('mysql', '8.0')?.family).toBe('mysql8.0');
    expect(findRdsVersion('postgres', '16')?.family).toBe('postgres16');
    expect(findRdsVersion('postgres', '12')).toBeUndefined();
  });

  it('reads majors the way DigitalOcean and RDS name them', () => {
    expect(majorOf('8.0.30')).toBe('8.0');
    expect(majorOf('16.4')).toBe('16');
    expect(majorOf('8')).toBe('8');
  });
});
