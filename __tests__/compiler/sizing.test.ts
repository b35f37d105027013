import { DROPLET_SIZES } from '../../schema/facts/droplet-sizes';
import {
  FARGATE_CPU_OPTIONS,
  FARGATE_MAX,
  isValidFargatePair,
  smallestFargatePairAtLeast,
} from '../../schema/facts/fargate';
import { DEFAULT_TASK_SIZE, lookupDropletSize, sizeApp, sizeForDroplet } from '../../compiler/sizing';
import type { AppSpec, DropletSpec } from '../../schema/spec';

const droplet = (name: string, size: string): DropletSpec =>
  ({ name, size, region: 'nyc3', ipv4: {}, tags: [] }) as DropletSpec;

const app = (over: Partial<AppSpec> = {}): AppSpec =>
  ({
    name: 'web',
    droplets: ['d1'],
    containers: [{ name: 'web', image: { uri: 'nginx:1.27' }, environment: {}, secrets: {}, dependsOn: [] }],
    ...over,
  }) as AppSpec;

describe('Fargate pair table', () => {
  it('has the documented number of memory values per CPU value', () => {
    expect(FARGATE_CPU_OPTIONS.map((o) => [o.cpu, o.memory.length])).toEqual([
      [256, 3],
      [512, 4],
      [1024, 7],
      [2048, 13],
      [4096, 23],
      [8192, 12],
      [16384, 12],
    ]);
  });

  it.each([
    [256, 512, true],
    [256, 4096, false],
    [512, 4096, true],
    [1024, 1024, false],
    [2048, 16384, true],
    [4096, 30720, true],
    [4096, 31744, false],
    [8192, 20480, true],
    [8192, 18432, false], // 8 vCPU memory steps are 4 GiB
    [16384, 122880, true],
    [16384, 36864, false], // 16 vCPU memory steps are 8 GiB
    [384, 1024, false],
  ])('%i CPU / %i MiB valid: %s', (cpu, memory, valid) => {
    expect(isValidFargatePair(cpu, memory)).toBe(valid);
  });

  it('rounds up to the smallest pair that holds both numbers', () => {
    expect(smallestFargatePairAtLeast(1024, 512)).toEqual({ cpu: 1024, memory: 2048 });
    expect(smallestFargatePairAtLeast(512, 8192)).toEqual({ cpu: 1024, memory: 8192 });
    expect(smallestFargatePairAtLeast(4096, 32768)).toEqual({ cpu: 8192, memory: 32768 });
    expect(smallestFargatePairAtLeast(16384 + 1, 1024)).toBeUndefined();
  });
});

describe('droplet size table', () => {
  it('covers every family with slugs whose numbers match the slug', () => {
    const families = new Set([...DROPLET_SIZES.values()].map((s) => s.family));
    expect([...families].sort()).toEqual([
      'basic',
      'basic-premium-amd',
      'basic-premium-intel',
      'cpu-optimized',
      'general-purpose',
      'memory-optimized',
      'storage-optimized',
    ]);
    for (const size of DROPLET_SIZES.values()) {
      const m = /-(\d+)vcpu-(\d+)(mb|gb)/.exec(size.slug);
      if (!m) continue; // c-N slugs carry no memory
      expect(size.vcpus).toBe(Number(m[1]));
      expect(size.memoryMib).toBe(Number(m[2]) * (m[3] === 'gb' ? 1024 : 1));
    }
  });

  it('knows the c-N CPU-Optimized slugs (2 GiB per vCPU)', () => {
    expect(lookupDropletSize('c-2')).toMatchObject({ vcpus: 2, memoryMib: 4096, family: 'cpu-optimized' });
    expect(lookupDropletSize('c-60-intel')).toMatchObject({ vcpus: 60, memoryMib: 122880 });
    // Not in the table: derived from the grammar.
    expect(lookupDropletSize('c-6')).toMatchObject({ vcpus: 6, memoryMib: 12288, family: 'cpu-optimized' });
    expect(lookupDropletSize('g-6vcpu-24gb')).toMatchObject({ vcpus: 6, memoryMib: 24576 });
    expect(lookupDropletSize('gpu-h100x1-80gb')).toBeUndefined();
  });
});

describe('sizing rule per droplet family', () => {
  it.each([
    // shared CPU: half the vCPUs, all the memory
    ['s-1vcpu-512mb-10gb', 512, 1024],
    ['s-1vcpu-1gb', 512, 1024],
    ['s-1vcpu-2gb', 512, 2048],
    ['s-2vcpu-2gb', 1024, 2048],
    ['s-2vcpu-4gb', 1024, 4096],
    ['s-4vcpu-8gb', 2048, 8192],
    ['s-8vcpu-16gb', 4096, 16384],
    ['s-2vcpu-8gb-amd', 1024, 8192],
    ['s-8vcpu-32gb-amd', 8192, 32768], // 4 vCPU tops out at 30 GiB
    ['s-4vcpu-16gb-320gb-intel', 2048, 16384],
    // dedicated CPU: every vCPU, all the memory
    ['g-2vcpu-8gb', 2048, 8192],
    ['gd-4vcpu-16gb', 4096, 16384],
    ['c-2', 2048, 4096],
    ['c-8', 8192, 16384],
    ['c2-16vcpu-32gb', 16384, 32768],
    ['m-2vcpu-16gb', 2048, 16384],
    ['m-4vcpu-32gb', 8192, 32768], // 4 vCPU cannot have 32 GiB: next CPU step
    ['m3-8vcpu-64gb', 16384, 65536],
    ['so-2vcpu-16gb', 2048, 16384],
    ['so1_5-8vcpu-64gb-intel', 16384, 65536],
  ])('%s → %i CPU / %i MiB', (slug, cpu, memory) => {
    const result = sizeForDroplet(lookupDropletSize(slug)!);
    expect(result.size).toEqual({ cpu, memory });
    expect(result.capped).toBe(false);
    expect(isValidFargatePair(result.size.cpu, result.size.memory)).toBe(true);
  });

  it('caps droplets above the largest Fargate task', () => {
    for (const slug of ['g-32vcpu-128gb', 'm-16vcpu-128gb', 'c-48']) {
      const result = sizeForDroplet(lookupDropletSize(slug)!);
      expect(result).toMatchObject({ size: FARGATE_MAX, capped: true });
    }
  });

  it('gives every table slug a valid pair', () => {
    for (const size of DROPLET_SIZES.values()) {
      const { size: pair } = sizeForDroplet(size);
      expect(isValidFargatePair(pair.cpu, pair.memory)).toBe(true);
      expect(pair.memory).toBeGreaterThanOrEqual(Math.min(size.memoryMib, FARGATE_MAX.memory));
    }
  });
});

describe('sizeApp', () => {
  it('derives from the largest of the app’s droplets and records why', () => {
    const result = sizeApp(app({ droplets: ['d1', 'd2'] }), [
      droplet('d1', 's-1vcpu-2gb'),
      droplet('d2', 's-2vcpu-4gb'),
    ]);
    expect(result.size).toEqual({ cpu: 1024, memory: 4096 });
    expect(result.decision).toMatchObject({
      subject: 'apps.web.size',
      choice: '1024 CPU / 4096 MiB',
      from: 'd2: s-2vcpu-4gb (2 vCPU, 4096 MiB)',
    });
    expect(result.decision.rule).toMatch(/shared-CPU basic droplet: half its vCPUs/);
    expect(result.warnings).toEqual([]);
  });

  it('keeps an explicit size and says so', () => {
    const result = sizeApp(app({ size: { cpu: 2048, memory: 5120 } }), [droplet('d1', 's-1vcpu-1gb')]);
    expect(result.size).toEqual({ cpu: 2048, memory: 5120 });
    expect(result.decision.rule).toMatch(/given in the spec/);
  });

  it('falls back to the default without droplets, and warns on an unknown slug', () => {
    expect(sizeApp(app({ droplets: [] }), []).size).toEqual(DEFAULT_TASK_SIZE);
    const unknown = sizeApp(app(), [droplet('d1', 'gpu-h100x1-80gb')]);
    expect(unknown.size).toEqual(DEFAULT_TASK_SIZE);
    expect(unknown.warnings[0].message).toMatch(/unknown droplet size gpu-h100x1-80gb/);
  });

  it('warns when a droplet is capped', () => {
    const result = sizeApp(app(), [droplet('d1', 'm-32vcpu-256gb')]);
    expect(result.size).toEqual(FARGATE_MAX);
    expect(result.warnings[0].message).toMatch(/larger than the largest Fargate task/);
  });

  it('grows a derived size to hold the containers’ reservations', () => {
    const result = sizeApp(
      app({
        containers: [
          { name: 'a', memory: 3000, cpu: 512 },
          { name: 'b', memory: 2000, cpu: 768 },
        ] as AppSpec['containers'],
      }),
      [droplet('d1', 's-1vcpu-2gb')],
    );
    expect(result.size).toEqual({ cpu: 2048, memory: 5120 });
    expect(result.decision.rule).toMatch(/raised to hold the containers' reservations/);
  });
});
