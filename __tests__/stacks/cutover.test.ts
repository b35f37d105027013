import { Testing } from 'cdktf';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { compile } from '../../compiler';
import type { MigrationSpec } from '../../schema/spec';
import { readFileSync } from 'node:fs';
import type { Plan } from '../../compiler/model';
import { setCutoverCurrent } from '../../schema/edit-cutover';
import { loadSpecText } from '../../schema/load';
import { cleanupSynth, examples, loadSpec, resourcesOfType, synthPlan } from '../helpers/synth';

/** The cutover stack's cdk.tf.json as written by a full synth (cross-stack references resolved). */
function cutoverJson(plan: Plan): string {
  const out = synthPlan(plan);
  return readFileSync(out.stackFile(out.stackByRole('cutover').name), 'utf8');
}

const synthesized = new Map<string, string>();

/** The cutover JSON of an example at a phase, synthesized once per test file. */
function cutoverJsonAt(example: string, spec: MigrationSpec, phase: number): string {
  const key = `${example}@${phase}`;
  if (!synthesized.has(key)) synthesized.set(key, cutoverJson(compile(atPhase(spec, phase))));
  return synthesized.get(key)!;
}

Testing.setupJest();
afterAll(cleanupSynth);

const withCutover = examples()
  .map((e) => ({ ...e, spec: loadSpec(e.file) }))
  .filter((e) => e.spec.cutover !== undefined);

const atPhase = (spec: MigrationSpec, phase: number): MigrationSpec => ({
  ...spec,
  cutover: { ...spec.cutover!, current: phase },
});

describe('cutover stack, synthesized', () => {
  for (const { name, file, spec } of withCutover) {
    for (const phase of spec.cutover!.phases) {
      it(`${name} at ${phase} %: every weighted record as planned, and nothing else`, () => {
        const plan = compile(atPhase(spec, phase));
        const json = cutoverJsonAt(name, spec, phase);
        const records = resourcesOfType(json, 'aws_route53_record');
        const albStack = plan.stacks.find((s) => s.role === 'apps' || s.role === 'platform')!.name;
        const dnsStack = plan.stacks.find((s) => s.role === 'dns')!.name;
        expect(Object.keys(records).sort()).toEqual(
          plan.cutover!.records.map((r) => `weighted-${r.key}`).sort(),
        );
        for (const r of plan.cutover!.records) {
          const config = records[`weighted-${r.key}`];
          expect(config).toMatchObject({
            name: r.name,
            type: r.type,
            set_identifier: r.setIdentifier,
            weighted_routing_policy: { weight: r.weight },
          });
          if (typeof r.zoneId === 'string') expect(config.zone_id).toBe(r.zoneId);
          else
            expect(config.zone_id).toMatch(
              new RegExp(`cross-stack-reference-input-${dnsStack}\\.outputs\\.`),
            );
          if (r.setIdentifier === 'aws') {
            expect(config.ttl).toBeUndefined();
            expect(config.records).toBeUndefined();
            expect(config.alias).toEqual({
              name: expect.stringMatching(
                new RegExp(`cross-stack-reference-input-${albStack}\\.outputs\\..*dns_name`),
              ),
              zone_id: expect.stringMatching(
                new RegExp(`cross-stack-reference-input-${albStack}\\.outputs\\..*zone_id`),
              ),
              evaluate_target_health: true,
            });
            expect(json).toHaveResourceWithProperties(Route53Record, {
              set_identifier: 'aws',
              weighted_routing_policy: { weight: phase === 100 ? 100 : phase },
            });
          } else {
            expect(config.ttl).toBe(spec.cutover!.ttl);
            expect(config.records).toEqual(r.records);
            expect(config.alias).toBeUndefined();
            expect(config.health_check_id).toBe(`\${aws_route53_health_check.health-${r.healthCheck}.id}`);
          }
        }
        const checks = resourcesOfType(json, 'aws_route53_health_check');
        expect(Object.keys(checks).length).toBe(plan.cutover!.healthChecks.length);
        if (phase < 100) {
          const hc = plan.cutover!.healthChecks[0];
          expect(json).toHaveResourceWithProperties(Route53HealthCheck, {
            ip_address: hc.ipAddress,
            type: spec.cutover!.healthCheck.protocol,
            resource_path: hc.resourcePath,
            failure_threshold: spec.cutover!.healthCheck.failureThreshold,
            request_interval: spec.cutover!.healthCheck.interval,
          });
        }
        // No side ever appears with weight 0.
        for (const config of Object.values(records))
          expect((config.weighted_routing_policy as { weight: number }).weight).toBeGreaterThan(0);
      });
    }

    it(`${name}: rolling back a phase in the file gives back byte-identical cutover JSON`, () => {
      const phases = spec.cutover!.phases;
      const original = readFileSync(file, 'utf8');
      for (let i = 1; i < phases.length; i++) {
        const forward = setCutoverCurrent(setCutoverCurrent(original, phases[i - 1]).text, phases[i]).text;
        const back = loadSpecText(setCutoverCurrent(forward, phases[i - 1]).text, file);
        if (!back.ok) throw new Error(`rolled-back file is invalid: ${back.diagnostics[0].message}`);
        expect(cutoverJson(compile(back.spec))).toBe(cutoverJsonAt(name, spec, phases[i - 1]));
      }
    });
  }

  it('at phase 0 the cutover stack reads nothing from the apps stack (it applies before the ALB exists)', () => {
    const spec = withCutover[0].spec;
    const plan = compile(atPhase(spec, 0));
    const json = cutoverJson(plan);
    expect(json).not.toMatch(/cross-stack-reference-input-[a-z-]*-(apps|platform)/);
    expect(plan.stacks.find((s) => s.role === 'cutover')!.dependsOn).toEqual([
      plan.stacks.find((s) => s.role === 'dns')!.name,
    ]);
  });
});
