/**
 * Blue/green releases (`deployment.strategy: blue-green`, CodeDeploy): generated specs (the generator of
 * __tests__/helpers/spec-arbitrary.ts, with a chosen set of its public apps switched to blue-green and test
 * listeners open to generated CIDRs) synthesize at every cutover phase in both layouts, with the CodeDeploy
 * shape on every blue/green app and on no other; the rules refuse what CodeDeploy cannot run, located; and a
 * sample passes offline `terraform validate` and `plan`.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadSpecText } from '../../schema/load';
import { checkSpec, compile, planManualSteps } from '../../compiler';
import type { ValidSpec } from '../../schema/valid-spec';
import { cleanupSynth, synthPlan, type TerraformJson } from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';
import { revalidated } from '../helpers/validate';
import { specArbitrary, specOf } from '../helpers/spec-arbitrary';
import { CHECKS, type StackJson } from '../../compiler/analyses/checks';

afterAll(cleanupSynth);

type Input = ReturnType<typeof specOf>;
type AppIn = Record<string, unknown> & { name: string; expose?: Record<string, unknown>; schedule?: unknown };

const cidrArbitrary = fc
  .tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 0, max: 255 }), fc.constantFrom(16, 24, 32))
  .map(([a, b, bits]) =>
    bits === 16 ? `${a}.${b}.0.0/16` : bits === 24 ? `${a}.${b}.7.0/24` : `${a}.${b}.7.9/32`,
  );

/** Which apps deploy blue-green (by position, cycling), their CIDRs, bake time and image mode. */
const blueGreenArbitrary = fc.record({
  spec: specArbitrary,
  pick: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  cidrs: fc.array(fc.uniqueArray(cidrArbitrary, { maxLength: 3 }), { minLength: 4, maxLength: 4 }),
  bake: fc.constantFrom(undefined, 0, 5, 60, 2880),
  ci: fc.boolean(),
});
type BlueGreenShape = typeof blueGreenArbitrary extends fc.Arbitrary<infer T> ? T : never;

const isPublicService = (app: AppIn) => Boolean(app.expose?.public) && !app.schedule;

/** The spec with the picked public services on blue-green; the names of those apps. */
function blueGreenInput(shape: BlueGreenShape): { input: Input; blueGreen: string[] } {
  const input = specOf(shape.spec);
  const blueGreen: string[] = [];
  (input.apps as unknown as AppIn[]).forEach((app, i) => {
    if (!isPublicService(app) || !shape.pick[i]) return;
    blueGreen.push(app.name);
    app.deployment = {
      ...(shape.ci ? { imageTagMode: 'ci' } : {}),
      strategy: 'blue-green',
      blueGreen: {
        testListener: {
          port: 8443 + i,
          ...(shape.cidrs[i].length > 0 ? { allowedCidrs: shape.cidrs[i] } : {}),
        },
        ...(shape.bake !== undefined ? { bakeMinutes: shape.bake } : {}),
      },
    };
  });
  return { input, blueGreen };
}

function validated(input: Input): ValidSpec | undefined {
  const result = loadSpecText(stringify(input), 'generated.yaml');
  return result.ok ? result.spec : undefined;
}

function atEveryPhase(spec: ValidSpec): ValidSpec[] {
  if (!spec.cutover) return [spec];
  const cutover = spec.cutover;
  return cutover.phases.map((current) => revalidated({ ...spec, cutover: { ...cutover, current } }));
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;
/** Every resource of a type across the stacks, by construct id. */
function resourcesOf(stacks: TerraformJson[], type: string): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const json of stacks)
    for (const [name, body] of Object.entries((json.resource as Resources | undefined)?.[type] ?? {}))
      out.set(name, body);
  return out;
}

const warningsOf = (list: readonly { code: string; path: string; message: string }[]) =>
  list.map((d) => `${d.code} ${d.path} ${d.message}`).sort();

describe('generated specs with blue/green apps', () => {
  it('synthesize at every phase in both layouts, CodeDeploy-shaped exactly where asked', () => {
    let withBlueGreen = 0;
    fc.assert(
      fc.property(blueGreenArbitrary, (shape) => {
        const { input, blueGreen } = blueGreenInput(shape);
        const spec = validated(input);
        if (!spec) return;
        if (blueGreen.length > 0) withBlueGreen++;
        for (const phase of atEveryPhase(spec))
          for (const layout of ['single', 'per-app'] as const) {
            const plan = compile(phase, { layout });
            expect(warningsOf(plan.warnings)).toEqual(warningsOf(checkSpec(phase)));
            const out = synthPlan(plan);
            const stacks = out.stackNames.map((s) => out.stackJson(s));
            const services = resourcesOf(stacks, 'aws_ecs_service');
            const groups = resourcesOf(stacks, 'aws_codedeploy_deployment_group');
            expect([...groups.keys()].sort()).toEqual(blueGreen.map((a) => `${a}-deployment-group`).sort());
            for (const app of spec.apps) {
              const service = services.get(`${app.name}-service`);
              if (!service) continue;
              const lifecycle = (service.lifecycle ?? {}) as Record<string, unknown>;
              if (!blueGreen.includes(app.name)) {
                expect(service.deployment_controller).toBeUndefined();
                expect(service.name).toBe(app.name);
                continue;
              }
              // CodeDeploy: its controller, no circuit breaker, no forced deployment, no postcondition on the revision.
              expect(service.deployment_controller).toEqual({ type: 'CODE_DEPLOY' });
              expect(service.deployment_circuit_breaker).toBeUndefined();
              expect(service.force_new_deployment).toBeUndefined();
              expect(lifecycle.postcondition).toBeUndefined();
              expect(lifecycle.ignore_changes).toEqual(
                expect.arrayContaining(['task_definition', 'load_balancer']),
              );
              // A name of its own, created before the rolling service it replaces goes.
              expect(service.name).toBe(`${app.name}-bg`);
              expect(lifecycle.create_before_destroy).toBe(true);
              const group = groups.get(`${app.name}-deployment-group`)!;
              expect(group.deployment_style).toEqual({
                deployment_type: 'BLUE_GREEN',
                deployment_option: 'WITH_TRAFFIC_CONTROL',
              });
              const settings = app.deployment.blueGreen!;
              expect(group.blue_green_deployment_config).toMatchObject({
                terminate_blue_instances_on_deployment_success: {
                  action: 'TERMINATE',
                  termination_wait_time_in_minutes: settings.bakeMinutes,
                },
              });
              expect(group.auto_rollback_configuration).toEqual({
                enabled: true,
                events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
              });
              // The one-minute 5XX alarm first (it fires within a bake of 3 minutes or more), then the others.
              const rollbackAlarms = (group.alarm_configuration as { alarms: string[] }).alarms;
              expect(rollbackAlarms).toHaveLength(3);
              expect(rollbackAlarms[0]).toMatch(/-deploy-5xx$/);
              // The alarms CodeDeploy rolls back on watch both target groups (the live one alternates).
              const alarms = [...resourcesOf(stacks, 'aws_cloudwatch_metric_alarm').values()];
              for (const alarmName of (group.alarm_configuration as { alarms: string[] }).alarms) {
                const alarm = alarms.find((x) => x.alarm_name === alarmName)!;
                const queries = alarm.metric_query as { metric?: { dimensions: { TargetGroup: string } } }[];
                const targetGroups = new Set(
                  queries.flatMap((q) => (q.metric ? [q.metric.dimensions.TargetGroup] : [])),
                );
                expect(targetGroups.size).toBe(2);
              }
              // The cutover's signal: a CLOUDWATCH_METRIC check per target group beside them (every phase),
              // and where a phase publishes the AWS side a CALCULATED check: either target group healthy.
              const checks = resourcesOf(stacks, 'aws_route53_health_check');
              if (checks.has(`${app.name}-route53-health`)) {
                for (const id of [`${app.name}-route53-health`, `${app.name}-route53-health-green`])
                  expect(checks.get(id)).toMatchObject({ type: 'CLOUDWATCH_METRIC' });
                const either = checks.get(`health-${app.name}_aws-either`);
                if (either) {
                  expect(either).toMatchObject({ type: 'CALCULATED', child_health_threshold: 1 });
                  expect(either.child_healthchecks).toHaveLength(2);
                }
              }
              // CodeDeploy moves the rules' and the test listener's forward target.
              for (const [id, rule] of resourcesOf(stacks, 'aws_lb_listener_rule'))
                if (id.startsWith(`${app.name}-rule-`))
                  expect(rule.lifecycle).toEqual({ ignore_changes: ['action'] });
              const listener = resourcesOf(stacks, 'aws_lb_listener').get(`${app.name}-test-listener`)!;
              expect(listener.port).toBe(settings.testListener.port);
              expect(listener.protocol).toBe('HTTPS');
              expect(listener.lifecycle).toEqual({ ignore_changes: ['default_action'] });
            }
            // The ALB admits the test ports from the stated CIDRs only, and nothing else but 80 and 443.
            const ingress = [...resourcesOf(stacks, 'aws_vpc_security_group_ingress_rule').values()].filter(
              (r) => r.cidr_ipv4 !== undefined || r.cidr_ipv6 !== undefined,
            );
            const stated = spec.apps.flatMap((a) =>
              a.deployment.strategy === 'blue-green'
                ? a.deployment.blueGreen!.testListener.allowedCidrs.map(
                    (c) => `${c}:${a.deployment.blueGreen!.testListener.port}`,
                  )
                : [],
            );
            const open = ingress
              .filter((r) => r.from_port !== 80 && r.from_port !== 443)
              .filter(
                (r) =>
                  String(r.cidr_ipv4 ?? '').length > 0 &&
                  (r.from_port as number) >= 8443 &&
                  (r.from_port as number) < 8447,
              )
              .map((r) => `${String(r.cidr_ipv4)}:${String(r.from_port)}`);
            expect(open.sort()).toEqual(stated.sort());
          }
      }),
      { numRuns: 25, seed: 20261207 },
    );
    expect(withBlueGreen).toBeGreaterThan(5);
  });

  it('are refused, located, where CodeDeploy cannot run them', () => {
    fc.assert(
      fc.property(
        blueGreenArbitrary,
        fc.nat(),
        fc.constantFrom('worker', 'no-settings', 'port', 'duplicate', 'rolling'),
        (shape, n, fault) => {
          const { input } = blueGreenInput({ ...shape, pick: [false, false, false, false] });
          const apps = input.apps as unknown as AppIn[];
          const i = n % apps.length;
          const app = apps[i];
          const publicService = isPublicService(app);
          const settings = { testListener: { port: 8443 } };
          let expected: { code: string; path: string } | undefined;
          if (fault === 'worker' || !publicService) {
            app.deployment = { strategy: 'blue-green', blueGreen: settings };
            expected = publicService
              ? undefined
              : { code: 'blue-green-needs-public', path: `apps[${i}].deployment.strategy` };
          } else if (fault === 'no-settings') {
            app.deployment = { strategy: 'blue-green' };
            expected = { code: 'blue-green-settings-missing', path: `apps[${i}].deployment.strategy` };
          } else if (fault === 'port') {
            app.deployment = { strategy: 'blue-green', blueGreen: { testListener: { port: 443 } } };
            expected = {
              code: 'blue-green-test-port',
              path: `apps[${i}].deployment.blueGreen.testListener.port`,
            };
          } else if (fault === 'rolling') {
            app.deployment = { blueGreen: settings };
            expected = { code: 'blue-green-settings-unused', path: `apps[${i}].deployment.blueGreen` };
          } else {
            const other = apps.findIndex((a, k) => k > i && isPublicService(a));
            if (other < 0) return;
            app.deployment = { strategy: 'blue-green', blueGreen: settings };
            apps[other].deployment = { strategy: 'blue-green', blueGreen: settings };
            expected = {
              code: 'blue-green-test-port',
              path: `apps[${other}].deployment.blueGreen.testListener.port`,
            };
          }
          const result = loadSpecText(stringify(input), 'generated.yaml');
          const diagnostics = result.ok ? result.warnings : result.diagnostics;
          const found = diagnostics
            .filter((d) => d.code.startsWith('blue-green-') && d.severity === 'error')
            .map((d) => ({ code: d.code, path: d.path }));
          expect(found).toEqual(expected ? [expected] : []);
          if (expected) {
            expect(result.ok).toBe(false);
            const located = diagnostics.find((d) => d.code === expected.code)!;
            expect(located.line).toBeGreaterThan(0);
            expect(located.hint).toBeTruthy();
          }
        },
      ),
      { numRuns: 60, seed: 20261207 },
    );
  });

  it('warns that a pinned blue/green app is deployed by CodeDeploy, and the plan carries the deploy step', () => {
    const shape = fc
      .sample(blueGreenArbitrary, { numRuns: 200, seed: 3 })
      .map((s) => ({ ...s, ci: false, pick: [true, true, true, true] }))
      .find((s) => {
        const { input, blueGreen } = blueGreenInput(s);
        return blueGreen.length > 0 && validated(input) !== undefined;
      })!;
    const { input, blueGreen } = blueGreenInput(shape);
    const loaded = loadSpecText(stringify(input), 'generated.yaml');
    if (!loaded.ok) throw new Error('the sample is valid');
    const plan = compile(loaded.spec);
    const warned = loaded.warnings.filter((w) => w.code === 'blue-green-pinned-deploy');
    expect(warned.map((w) => w.path)).toEqual(
      blueGreen.map((name) => `apps[${input.apps!.findIndex((a) => a.name === name)}].deployment.strategy`),
    );
    const steps = planManualSteps(plan).filter((s) => s.title.startsWith('Deploy '));
    expect(steps.map((s) => s.title.split(' ')[1])).toEqual(blueGreen);
    const commands = steps.flatMap((s) => s.commands ?? []).join('\n');
    expect(commands).toContain('aws deploy create-deployment');
    expect(commands).toContain('aws deploy get-deployment');
    expect(commands).not.toContain('aws deploy wait deployment-successful'); // gives up after 30 minutes
  });
});

describe('dropship check on blue/green test listeners', () => {
  it('passes the stated ranges and flags the ALB open to anywhere on a test port (DS010)', () => {
    const publicIngress = CHECKS.find((c) => c.id === 'DS010')!;
    let flagged = 0;
    fc.assert(
      fc.property(blueGreenArbitrary, fc.boolean(), (shape, anywhere) => {
        const cidrs = anywhere ? shape.cidrs.map((c) => [...c, '0.0.0.0/0']) : shape.cidrs;
        const { input, blueGreen } = blueGreenInput({ ...shape, cidrs });
        const spec = validated(input);
        if (!spec) return;
        const out = synthPlan(compile(spec));
        const stacks: StackJson[] = out.stackNames.map((name) => ({ name, json: out.stackJson(name) }));
        const findings = publicIngress.run({ stacks, production: spec.environment === 'production' });
        const testPorts = spec.apps.flatMap((a) =>
          a.deployment.strategy === 'blue-green' ? [a.deployment.blueGreen!.testListener.port] : [],
        );
        expect(findings.map((f) => f.message).sort()).toEqual(
          anywhere
            ? testPorts.map((p) =>
                expect.stringContaining(`0.0.0.0/0 on port ${p}, not a production listener`),
              )
            : [],
        );
        if (anywhere && blueGreen.length > 0) flagged++;
      }),
      { numRuns: 20, seed: 20261207 },
    );
    expect(flagged).toBeGreaterThan(2);
  });
});

describeTerraform('blue/green apps: offline terraform validate + plan', () => {
  const sample = fc
    .sample(blueGreenArbitrary, { numRuns: 40, seed: 11 })
    .map((s) => blueGreenInput({ ...s, pick: [true, true, true, true] }))
    .filter((s) => s.blueGreen.length > 0)
    .map((s) => validated(s.input))
    .filter((s): s is ValidSpec => s !== undefined)
    .slice(0, 1);

  // terraform plans are slow on a shared machine: one spec, the per-app layout (the test listener reads the
  // certificate across stacks there), the stacks that hold a blue/green app or the ALB.
  it.each(sample.map((spec, i) => [i, spec] as const))('spec %i', (_i, spec) => {
    const phases = atEveryPhase(spec);
    const out = synthPlan(compile(phases[phases.length - 1], { layout: 'per-app' }));
    let planned = 0;
    for (const stack of out.stackNames) {
      const json: TerraformJson = out.stackJson(stack);
      const types = Object.keys((json.resource as Resources | undefined) ?? {});
      const either =
        types.includes('aws_route53_health_check') && JSON.stringify(json).includes('_aws-either');
      if (!types.includes('aws_codedeploy_deployment_group') && !types.includes('aws_lb') && !either)
        continue;
      const result = planStack(out.outdir, stack);
      expect(result.validate.errorCount).toBe(0);
      planned++;
    }
    expect(planned).toBeGreaterThan(1);
  });
});
