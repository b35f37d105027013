/**
 * A service whose revision Terraform deploys (imageTagMode pinned) carries a postcondition that it runs the task
 * definition this apply registered: wait_for_steady_state counts a circuit-breaker rollback as steady
 * (hashicorp/terraform-provider-aws#19519, #20858). Where Terraform ignores task_definition (ci mode) there is
 * none: the state holds CI's revision there and every plan would fail. Generated specs, every app in either
 * mode, both layouts; an offline terraform plan of a mixed stack in JSON and HCL.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { compile } from '../../compiler';
import { loadSpecText } from '../../schema/load';
import type { ValidSpec } from '../../schema/valid-spec';
import { appAddresses } from '../../compiler/app-addresses';
import { specArbitrary, specOf } from '../helpers/spec-arbitrary';
import { cleanupSynth, resourcesOfType, specWithApps, synthPlan, synthSpec } from '../helpers/synth';
import { describeTerraform, offlineTerraform, planStack } from '../helpers/terraform';

afterAll(cleanupSynth);

type Mode = 'pinned' | 'ci';

/** A generated spec with each app's imageTagMode set, or undefined when validate refuses it. */
function withModes(shape: Parameters<typeof specOf>[0], modes: Mode[]): ValidSpec | undefined {
  const input = specOf(shape);
  const apps = (input.apps as Record<string, unknown>[]).map((app, i) => ({
    ...app,
    deployment: { imageTagMode: modes[i % modes.length] },
  }));
  const result = loadSpecText(stringify({ ...input, apps }), 'generated.yaml');
  return result.ok ? result.spec : undefined;
}

interface Lifecycle {
  ignore_changes?: string[];
  postcondition?: { condition: string; error_message: string }[];
}

describe('the service postcondition', () => {
  it('is on every service Terraform deploys the revision of, and on no other, in both layouts', () => {
    let services = 0;
    fc.assert(
      fc.property(
        specArbitrary,
        fc.array(fc.constantFrom<Mode>('pinned', 'ci'), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('single' as const, 'per-app' as const),
        (shape, modes, layout) => {
          const spec = withModes(shape, modes);
          if (!spec) return;
          const plan = compile(spec, { layout });
          const out = synthPlan(plan);
          for (const app of plan.apps.apps) {
            if (!app.service) continue;
            services++;
            const pinned = spec.apps.find((a) => a.name === app.name)!.deployment.imageTagMode === 'pinned';
            expect(app.service.runsRegisteredRevision !== undefined).toBe(pinned);
            expect(app.service.ignoreChanges.includes('task_definition')).toBe(!pinned);
            const addresses = appAddresses(plan.meta, app.name);
            const svc = resourcesOfType(out.stackJson(app.service.address.stack), 'aws_ecs_service')[
              app.service.address.name
            ];
            const lifecycle = (svc.lifecycle ?? {}) as Lifecycle;
            if (!pinned) {
              expect(lifecycle.postcondition).toBeUndefined();
              continue;
            }
            // The task definition lives in the service's stack: a plain reference, no remote state.
            expect(addresses.addresses.taskDefinition.stack).toBe(app.service.address.stack);
            expect(lifecycle.postcondition).toEqual([
              {
                condition: `\${(self.task_definition == aws_ecs_task_definition.${addresses.addresses.taskDefinition.name}.arn)}`,
                error_message: expect.stringContaining(`ECS service ${app.name} does not run`),
              },
            ]);
            expect(lifecycle.postcondition![0].error_message).not.toMatch(/[$%]\{/);
          }
        },
      ),
      { numRuns: 25, seed: 18_2026 },
    );
    expect(services).toBeGreaterThan(10);
  });

  it('says in the decision what it catches and where it stops', () => {
    const spec = specWithApps([
      {
        name: 'web',
        containers: [{ name: 'web', image: { uri: 'nginx:1.27' }, port: 80 }],
        expose: { public: { hostnames: ['www.example.com'], container: 'web', port: 80 } },
      },
    ]);
    const rule = compile(spec).apps.decisions.find((d) => d.subject === 'apps.web.waitForSteadyState')!.rule;
    expect(rule).toContain('postcondition');
    expect(rule).toMatch(/first deployment/);
    expect(rule).not.toMatch(/fails when tasks cannot start \(.*circuit breaker rollback\)/);
  });
});

describeTerraform('the service postcondition under terraform', () => {
  const spec = specWithApps([
    {
      name: 'web',
      containers: [{ name: 'web', image: { uri: 'nginx:1.27' }, port: 80 }],
      expose: { public: { hostnames: ['www.example.com'], container: 'web', port: 80 } },
    },
    {
      name: 'worker',
      deployment: { imageTagMode: 'ci' },
      containers: [{ name: 'worker', image: { uri: 'busybox:1.36' } }],
    },
  ]);

  it('plans offline (the condition waits for the new revision ARN) in JSON', () => {
    const out = synthSpec(spec);
    const stack = out.stackByRole('apps').name;
    const result = planStack(out.outdir, stack);
    expect(result.validate.errorCount).toBe(0);
    expect(result.createdByType.aws_ecs_service).toBe(2);
  });

  it('validates as HCL (each postcondition a block of its own)', () => {
    const out = synthPlan(compile(spec), { hcl: true });
    const stack = out.stackByRole('apps').name;
    const work = mkdtempSync(join(tmpdir(), 'dropship-postcondition-'));
    try {
      cpSync(join(out.outdir, 'stacks', stack), work, { recursive: true });
      const tf = offlineTerraform(work);
      expect(tf(['init', '-backend=false', '-input=false']).status).toBe(0);
      const validate = tf(['validate', '-json']);
      expect(JSON.parse(validate.stdout)).toMatchObject({ valid: true, error_count: 0 });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
