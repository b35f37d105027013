import { loadSpecText } from '../../schema/load';
import { compileSpec } from '../../compiler';
import { fleetShape, generateSpec, generateYaml, MAX_DATABASES, MAX_PUBLIC_APPS } from '../../bench/generate';

const SIZES = [1, 10, 100, 1000];

describe('benchmark fleet generator', () => {
  it.each(SIZES)('the %i-app spec validates without errors or warnings', (n) => {
    const result = loadSpecText(generateYaml(n), `apps-${n}.yaml`);
    expect(result.ok ? result.warnings : result.diagnostics).toEqual([]);
    expect(result.ok && result.spec.apps.length).toBe(n);
  });

  it.each(SIZES)('the %i-app spec compiles without errors or warnings, in both layouts', (n) => {
    const loaded = loadSpecText(generateYaml(n), `apps-${n}.yaml`);
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    for (const layout of ['single', 'per-app'] as const) {
      const compiled = compileSpec(loaded.spec, { layout, source: loaded.source });
      expect(compiled.ok ? compiled.plan.warnings : compiled.diagnostics).toEqual([]);
    }
  });

  it.each(SIZES)('the %i-app spec has unique names for apps, droplets, repositories and secrets', (n) => {
    const spec = generateSpec(n);
    const unique = (names: string[]) => expect(new Set(names).size).toBe(names.length);
    unique((spec.apps ?? []).map((a) => a.name));
    unique((spec.digitalocean?.droplets ?? []).map((d) => d.name));
    unique((spec.digitalocean?.droplets ?? []).map((d) => d.ipv4?.public ?? ''));
    unique((spec.ecr?.repositories ?? []).map((r) => r.name));
    unique((spec.secrets ?? []).map((s) => s.name));
    unique(
      (spec.apps ?? []).flatMap((a) => (a.expose && 'public' in a.expose ? a.expose.public.hostnames : [])),
    );
  });

  it('keeps public apps within one ALB’s 100 target groups and databases within the RDS quota', () => {
    const shape = fleetShape(1000);
    expect(shape.count.public).toBe(MAX_PUBLIC_APPS);
    expect(shape.databases).toBeLessThanOrEqual(MAX_DATABASES);
    // Every app kind is present at scale, so the benchmark exercises every stack.
    expect(shape.count.internal).toBeGreaterThan(0);
    expect(shape.count.worker).toBeGreaterThan(0);
    expect(shape.count.job).toBeGreaterThan(0);
    expect(shape.domains.length).toBeGreaterThan(1);
  });

  it('keeps every database and cache shared by at most 35 apps (60 rules per security group)', () => {
    for (const n of SIZES) {
      const shape = fleetShape(n);
      const perDb = new Map<number, number>();
      const perCache = new Map<number, number>();
      for (const app of shape.apps) {
        perDb.set(app.database, (perDb.get(app.database) ?? 0) + 1);
        perCache.set(app.cache, (perCache.get(app.cache) ?? 0) + 1);
      }
      expect(Math.max(...perDb.values())).toBeLessThanOrEqual(35);
      expect(Math.max(...perCache.values())).toBeLessThanOrEqual(35);
      expect(perDb.size).toBe(shape.databases);
      expect(perCache.size).toBe(shape.caches);
    }
  });

  it('writes YAML as a person would: block style, no anchors or aliases', () => {
    const text = generateYaml(10);
    expect(text).not.toMatch(/[&*][a-z]+\d+\s*$/m);
    expect(text).toMatch(/^apps:\n {2}- name: /m);
  });

  it('is deterministic: the same size gives byte-identical YAML', () => {
    expect(generateYaml(100)).toBe(generateYaml(100));
  });

  it('rejects a fleet size that is not a positive integer', () => {
    expect(() => fleetShape(0)).toThrow(/positive integer/);
    expect(() => fleetShape(2.5)).toThrow(/positive integer/);
  });
});
