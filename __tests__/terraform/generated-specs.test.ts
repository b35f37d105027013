/**
 * Specs nobody wrote by hand (__tests__/helpers/spec-arbitrary.ts: several apps, shared hostnames, each DNS
 * mode, RDS and Aurora, each NAT mode and an existing VPC, external images, sidecars, declared egress, mail
 * settings), at every phase of their cutover: each one `validate` accepts synthesizes in both layouts, and
 * `validate` shows exactly the warnings the full compile finds (a part that reports without being run by
 * validate fails here); without NAT, exactly the specs with an image outside ECR are refused; a sample of
 * them passes offline `terraform validate` and `plan` stack by stack.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadSpecText } from '../../schema/load';
import { checkSpec, compile } from '../../compiler';
import type { ValidSpec } from '../../schema/valid-spec';
import { cleanupSynth, synthPlan, type TerraformJson } from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';
import { revalidated } from '../helpers/validate';
import { specArbitrary, specOf, type SpecShape } from '../helpers/spec-arbitrary';

afterAll(cleanupSynth);

/** The spec as `validate` reads it from a file, or undefined when validate refuses it. */
function validated(shape: SpecShape): ValidSpec | undefined {
  const result = loadSpecText(stringify(specOf(shape)), 'generated.yaml');
  return result.ok ? result.spec : undefined;
}

/** The spec at each phase of its cutover (the spec itself when it has none). */
function atEveryPhase(spec: ValidSpec): ValidSpec[] {
  if (!spec.cutover) return [spec];
  const cutover = spec.cutover;
  return cutover.phases.map((current) => revalidated({ ...spec, cutover: { ...cutover, current } }));
}

const warningsOf = (list: readonly { code: string; path: string; message: string }[]) =>
  list.map((d) => `${d.code} ${d.path} ${d.message}`).sort();

describe('generated specs', () => {
  it('synthesize at every cutover phase in both layouts when validate accepts them', () => {
    let accepted = 0;
    fc.assert(
      fc.property(specArbitrary, (shape) => {
        const spec = validated(shape);
        if (!spec) return;
        accepted++;
        for (const phase of atEveryPhase(spec)) {
          for (const layout of ['single', 'per-app'] as const) {
            const plan = compile(phase, { layout });
            expect(() => synthPlan(plan)).not.toThrow();
            expect(warningsOf(plan.warnings)).toEqual(warningsOf(checkSpec(phase)));
          }
        }
      }),
      { numRuns: 40, seed: 20261207 },
    );
    // The generator makes mostly valid specs, so this compares something.
    expect(accepted).toBeGreaterThan(20);
  });
});

describe('generated specs without NAT', () => {
  it('are refused exactly when an image is outside ECR, at that image', () => {
    let refused = 0;
    fc.assert(
      fc.property(specArbitrary, (shape) => {
        const result = loadSpecText(stringify(specOf(shape)), 'generated.yaml');
        const found = result.ok ? [] : result.diagnostics.filter((d) => d.code === 'nat-none-external-image');
        const outside =
          shape.network === 'none' && !shape.imagesInEcr && shape.externalVia === 'uri'
            ? shape.apps.flatMap((a, i) => [
                ...(a.externalImage ? [`apps[${i}].containers[0].image.uri`] : []),
                ...(a.sidecar ? [`apps[${i}].containers[1].image.uri`] : []),
              ])
            : [];
        expect(found.map((d) => d.path)).toEqual(outside);
        if (outside.length > 0) refused++;
      }),
      { numRuns: 300, seed: 20261207 },
    );
    // The generator still makes such specs: the refusal is exercised.
    expect(refused).toBeGreaterThan(5);
  });
});

describe('generated specs with DMS and no NAT', () => {
  it('never load with DMS under nat: none, and data/dms-needs-nat points only at such a method', () => {
    let refused = 0;
    fc.assert(
      fc.property(specArbitrary, (shape) => {
        const result = loadSpecText(stringify(specOf(shape)), 'generated.yaml');
        const unreachable = shape.network === 'none' && shape.dms && shape.database !== 'none';
        // Other errors may come first (the rules over what a spec becomes run only when none did).
        if (unreachable) expect(result.ok).toBe(false);
        const found = result.ok ? [] : result.diagnostics.filter((d) => d.code === 'data/dms-needs-nat');
        expect(found.map((d) => d.path)).toEqual(
          unreachable && found.length > 0 ? ['databases[0].migration.method'] : [],
        );
        if (found.length > 0) refused++;
      }),
      { numRuns: 300, seed: 20261207 },
    );
    expect(refused).toBeGreaterThan(5);
  });
});

describeTerraform('generated specs: offline terraform validate + plan', () => {
  const sample = fc
    .sample(specArbitrary, { numRuns: 30, seed: 7 })
    .map(validated)
    .filter((s): s is ValidSpec => s !== undefined)
    .slice(0, 3);

  it.each(sample.map((spec, i) => [i, spec] as const))('spec %i', (_i, spec) => {
    const phases = atEveryPhase(spec);
    const out = synthPlan(compile(phases[Math.floor(phases.length / 2)]));
    for (const stack of out.stackNames) {
      const json: TerraformJson = out.stackJson(stack);
      if (!Object.keys(json.provider ?? {}).every((p) => p === 'aws')) continue;
      expect(planStack(out.outdir, stack).validate.errorCount).toBe(0);
    }
  });
});

describeTerraform(
  'generated specs with object storage, CDN endpoints and ALB access logs: terraform validate',
  () => {
    // The fields added to the generator last, drawn together: a sample of its own, so the three above need not
    // happen to hold them.
    const sample = fc
      .sample(
        specArbitrary.filter(
          (s) => s.storage === 'both' && s.cdn !== 'none' && s.accessLogs !== 'default' && s.cutover,
        ),
        { numRuns: 20, seed: 21 },
      )
      .map(validated)
      .filter((s): s is ValidSpec => s !== undefined)
      .slice(0, 1);

    it('has a spec to plan', () => expect(sample).toHaveLength(1));
    it.each(sample.map((spec, i) => [i, spec] as const))('spec %i, at a split phase', (_i, spec) => {
      const phases = atEveryPhase(spec);
      const out = synthPlan(compile(phases[1]));
      for (const stack of out.stackNames) {
        const json: TerraformJson = out.stackJson(stack);
        if (!Object.keys(json.provider ?? {}).every((p) => p === 'aws')) continue;
        expect(planStack(out.outdir, stack).validate.errorCount).toBe(0);
      }
    });
  },
);
