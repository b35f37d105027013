/**
 * The cutover per hostname (issue 18), over generated estates (helpers/spec-arbitrary.ts estateArbitrary:
 * apps sharing hostnames by path and not, several domains of each DNS mode, a DigitalOcean load balancer or
 * droplets, IPv6 on and off, new names, a shared name answering a stray address). Each spec is refused by
 * `validate` with located errors, or synthesizes at every phase of its cutover, with one set of weighted
 * records per hostname whose DigitalOcean side is what the name answers today (never the union of the
 * apps' droplets; a name only a wildcard answers: the wildcard's answer), a plain alias to the ALB for a
 * new name (never its app's droplets), and DigitalOcean-side checks on the path of the app answering there
 * (or the warned override). A sample passes offline `terraform validate`.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadSpecText } from '../../schema/load';
import type { ValidSpec } from '../../schema/valid-spec';
import { checkSpec, compile } from '../../compiler';
import { answerToday, domainOf } from '../../schema/inventory/records';
import { findByName } from '../../schema/inventory/by-name';
import type { MigrationSpec } from '../../schema/spec';
import { cleanupSynth, resourcesOfType, synthPlan } from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';
import { revalidated } from '../helpers/validate';
import { estateArbitrary, estateSpecOf, type EstateShape } from '../helpers/spec-arbitrary';

afterAll(cleanupSynth);

const loaded = (estate: EstateShape) => loadSpecText(stringify(estateSpecOf(estate)), 'estate.yaml');

function atEveryPhase(spec: ValidSpec): ValidSpec[] {
  if (!spec.cutover) return [spec];
  const cutover = spec.cutover;
  return cutover.phases.map((current) => revalidated({ ...spec, cutover: { ...cutover, current } }));
}

/** The public hostnames two or more apps serve. */
function sharedHostnames(spec: MigrationSpec): Set<string> {
  const seen = new Map<string, number>();
  for (const app of spec.apps)
    if (app.expose && 'public' in app.expose)
      for (const h of app.expose.public.hostnames) seen.set(h, (seen.get(h) ?? 0) + 1);
  return new Set([...seen].filter(([, n]) => n > 1).map(([h]) => h));
}

/** Whether the cutover writes the hostname's zone (a new zone, or route53ZoneId; not external DNS). */
function inWrittenZone(spec: MigrationSpec, hostname: string): boolean {
  const domain = domainOf(spec.digitalocean.domains, hostname);
  return domain !== undefined && findByName(spec.digitalocean.domains, domain)?.dns !== 'external';
}

const warningsOf = (list: readonly { code: string; path: string; message: string }[]) =>
  list.map((d) => `${d.code} ${d.path} ${d.message}`).sort();

describe('cutover per hostname over generated estates', () => {
  it('validate refuses with located errors, or every phase synthesizes with one record set per name', () => {
    let accepted = 0;
    let sharedWeighted = 0;
    let newNames = 0;
    let refusedStray = 0;
    let checkedPaths = 0;
    let wildcardWeighted = 0;
    fc.assert(
      fc.property(estateArbitrary, (estate) => {
        const result = loaded(estate);
        if (!result.ok) {
          const errors = result.diagnostics.filter((d) => d.severity === 'error');
          expect(errors.length).toBeGreaterThan(0);
          for (const e of errors) {
            expect(e.line).toBeGreaterThanOrEqual(1);
            expect(e.code).not.toBe('internal');
          }
          if (errors.some((e) => e.code === 'cutover-shared-hostname-address')) refusedStray++;
          return;
        }
        accepted++;
        const spec = result.spec;
        const shared = sharedHostnames(spec);
        // A stray address on a shared name in a written zone is refused, never synthesized.
        if (spec.cutover && estate.strayAddress)
          expect([...shared].filter((h) => inWrittenZone(spec, h) && answersStray(spec, h))).toEqual([]);
        for (const [p, phase] of atEveryPhase(spec).entries()) {
          // Both layouts at one phase (the ALB in apps or platform), the single layout at the others.
          for (const layout of p === 1 ? (['single', 'per-app'] as const) : (['single'] as const)) {
            const plan = compile(phase, { layout });
            const out = synthPlan(plan);
            expect(warningsOf(plan.warnings)).toEqual(warningsOf(checkSpec(phase)));
            const cutover = plan.cutover;
            if (!cutover) continue;
            const hostnames = cutover.hostnames.map((h) => h.hostname);
            expect(new Set(hostnames).size).toBe(hostnames.length);
            for (const h of cutover.hostnames) {
              for (const type of h.types) {
                const group = cutover.records.filter((r) => r.name === h.hostname && r.type === type);
                expect(group.filter((r) => r.setIdentifier === 'aws').length).toBe(
                  phase.cutover!.current > 0 ? 1 : 0,
                );
              }
              if (shared.has(h.hostname)) {
                expect(h.source).toBe('dns');
                expect(h.apps.length).toBeGreaterThan(1);
                // The DigitalOcean side answers what the name answers today, not the apps' droplets.
                const today = answerToday(spec.digitalocean.domains, h.hostname).a;
                expect(h.endpoints.map((e) => e.ipv4).sort()).toEqual([...today].sort());
                if (phase.cutover!.current < 100)
                  expect(
                    cutover.records
                      .filter((r) => r.name === h.hostname && r.type === 'A' && !r.alias)
                      .flatMap((r) => r.records)
                      .sort(),
                  ).toEqual([...today].sort());
                sharedWeighted++;
              }
              const today = answerToday(spec.digitalocean.domains, h.hostname);
              // A name DigitalOcean DNS answers nothing for is never sent to its app's droplets.
              if (hostedAtDigitalOcean(spec, h.hostname))
                expect(today.a.length + today.aaaa.length + today.cnames.length).toBeGreaterThan(0);
              // A name only a wildcard answers is weighted against the wildcard's answer.
              if (today.wildcard && !shared.has(h.hostname)) {
                expect(h.endpoints.map((e) => e.ipv4).sort()).toEqual([...today.a].sort());
                wildcardWeighted++;
              }
              // Its DigitalOcean-side checks request the path of the app answering there (or the override).
              for (const r of cutover.records.filter(
                (x) => x.name === h.hostname && !x.alias && x.healthCheck,
              )) {
                const check = cutover.healthChecks.find((c) => c.key === r.healthCheck)!;
                expect(check.resourcePath).toBe(expectedPath(estate, spec, h));
                checkedPaths++;
              }
            }
            if (estate.healthPaths === 'override' && cutover.healthChecks.length > 0)
              expect(plan.warnings.map((w) => w.code)).toContain('cutover/health-path-override');
            // A new name (nothing answers it today) in a written zone: a plain alias in the ALB's stack.
            const aliases = plan.apps.alb?.newNameAliases ?? [];
            for (const a of aliases) {
              expect(hostnames).not.toContain(a.hostname);
              expect(answerToday(spec.digitalocean.domains, a.hostname).a).toEqual([]);
              newNames++;
            }
            const albStack = plan.stacks.find((s) => s.role === 'apps' || s.role === 'platform');
            if (albStack && aliases.length > 0)
              expect(
                Object.keys(resourcesOfType(out.stackJson(albStack.name), 'aws_route53_record')).filter(
                  (name) => name.startsWith('alias-'),
                ),
              ).toHaveLength(aliases.length);
          }
        }
      }),
      { numRuns: 40, seed: 20261218 },
    );
    // The generator reaches each case this test is about.
    expect(accepted).toBeGreaterThan(20);
    expect(sharedWeighted).toBeGreaterThan(0);
    expect(newNames).toBeGreaterThan(0);
    expect(refusedStray).toBeGreaterThan(0);
    expect(checkedPaths).toBeGreaterThan(0);
    expect(wildcardWeighted).toBeGreaterThan(0);
  });
});

/** Whether DigitalOcean DNS serves the hostname's domain (the inventory holds its records as they are). */
const hostedAtDigitalOcean = (spec: MigrationSpec, hostname: string): boolean => {
  const domain = domainOf(spec.digitalocean.domains, hostname);
  return domain !== undefined && findByName(spec.digitalocean.domains, domain)?.dns === 'digitalocean';
};

/**
 * The path a weighted hostname's DigitalOcean-side checks request: the override, else the own health path
 * (`/app<i>/health`) of the app serving its default route (of several: the one with `/*`, else the one the
 * checks are named after), else `/`.
 */
function expectedPath(
  estate: EstateShape,
  spec: MigrationSpec,
  h: { app: string; apps: { app: string; paths: string[] }[] },
): string {
  if (estate.healthPaths === 'override') return '/up';
  if (estate.healthPaths === 'none') return '/';
  const serving = h.apps.length > 1 ? (h.apps.find((a) => a.paths.includes('/*'))?.app ?? h.app) : h.app;
  return `/app${spec.apps.findIndex((a) => a.name === serving)}/health`;
}

/** Whether the inventory answers 192.0.2.99 (the estate's stray address) for the name today. */
const answersStray = (spec: MigrationSpec, hostname: string): boolean =>
  answerToday(spec.digitalocean.domains, hostname).a.includes('192.0.2.99');

describeTerraform('cutover per hostname: offline terraform validate of a sample', () => {
  // An estate whose cutover weights a shared hostname, at a split phase (terraform takes seconds per stack).
  const sample = fc
    .sample(estateArbitrary, { numRuns: 200, seed: 18 })
    .map(loaded)
    .flatMap((r) => (r.ok && r.spec.cutover ? [r.spec] : []))
    .filter((spec) => [...sharedHostnames(spec)].some((h) => inWrittenZone(spec, h)))
    .slice(0, 1);

  it.each(sample.map((spec, i) => [i, spec] as const))('estate %i', (_i, spec) => {
    const phases = atEveryPhase(spec);
    const plan = compile(phases[1]);
    const out = synthPlan(plan);
    const roles = new Set(['cutover', 'apps', 'platform']);
    for (const stack of plan.stacks.filter((s) => roles.has(s.role)))
      expect(planStack(out.outdir, stack.name, { validateOnly: true }).validate.errorCount).toBe(0);
  });
});
