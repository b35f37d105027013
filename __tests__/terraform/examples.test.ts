/**
 * Every stack of every bundled example that uses only the AWS provider, in both layouts: offline
 * `terraform init`, `validate` and `plan` succeed, and the plan creates exactly the resources the stack
 * declares (per type). Stacks with the DigitalOcean provider (not in the mirror) are left to the construct
 * tests. Unchanged stacks come from the plan cache on re-runs (see docs/testing.md).
 */
import { examples, cleanupSynth, synthExample, type TerraformJson } from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';

afterAll(cleanupSynth);

/** Resource blocks per type, minus those an `import` block adopts (they plan as imports, not creates). */
function declaredByType(json: TerraformJson): Record<string, number> {
  const imported = new Set(
    ((json.import as { to: string }[] | undefined) ?? []).map((i) => i.to.replace(/^\$\{|\}$/g, '')),
  );
  const counts: Record<string, number> = {};
  for (const [type, byId] of Object.entries(json.resource ?? {})) {
    for (const id of Object.keys(byId)) {
      if (imported.has(`${type}.${id}`)) continue;
      counts[type] = (counts[type] ?? 0) + 1;
    }
  }
  return counts;
}

const awsOnly = (json: TerraformJson) => {
  const providers = Object.keys(json.provider ?? {});
  return providers.length > 0 && providers.every((p) => p === 'aws');
};

const cases = examples().flatMap((e) =>
  (['single', 'per-app'] as const).flatMap((layout) => {
    const out = synthExample(e.name, { layout });
    return (
      out.plan.stacks
        .filter((s) => awsOnly(out.stackJson(s.name)))
        // The shared stacks are the same in both layouts: plan them once, with the single layout.
        .filter((s) => layout === 'single' || s.role === 'platform' || s.role === 'app')
        .map((s) => ({ example: e.name, layout, stack: s.name }))
    );
  }),
);

describeTerraform('every AWS-only stack of every example: offline terraform validate + plan', () => {
  it('finds stacks to plan', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)('$example ($layout): $stack', ({ example, layout, stack }) => {
    const out = synthExample(example, { layout });
    const result = planStack(out.outdir, stack);
    expect(result.validate.errorCount).toBe(0);
    expect(result.createdByType).toEqual(declaredByType(out.stackJson(stack)));
  });
});
