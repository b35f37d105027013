import { TerraformStack, Testing } from 'cdktf';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { compile } from '../../compiler';
import type { MigrationSpec } from '../../schema/spec';
import { readFileSync } from 'node:fs';
import type { Plan } from '../../compiler/model';
import { setCutoverCurrent } from '../../schema/edit-cutover';
import { loadSpecText } from '../../schema/load';
import { phpShopWithIpv6 } from '../helpers/ipv6';
import { renderCutover } from '../../stacks/cutover';
import { RefRegistry } from '../../stacks/refs';
import {
  atCutoverPhase,
  cleanupSynth,
  examplesWithCutover,
  resourcesOfType,
  synthPlan,
} from '../helpers/synth';

/** The cutover stack's cdk.tf.json as written by a full synth (cross-stack references resolved). */
function cutoverJson(plan: Plan): string {
  const out = synthPlan(plan);
  return readFileSync(out.stackFile(out.stackByRole('cutover').name), 'utf8');
}

const synthesized = new Map<string, string>();

/** The cutover JSON of an example at a phase, synthesized once per test file. */
function cutoverJsonAt(example: string, spec: MigrationSpec, phase: number): string {
  const key = `${example}@${phase}`;
  if (!synthesized.has(key)) synthesized.set(key, cutoverJson(compile(atCutoverPhase(spec, phase))));
  return synthesized.get(key)!;
}

Testing.setupJest();
afterAll(cleanupSynth);

const withCutover = examplesWithCutover();

/** The `terraform_remote_state` that reads a stack with this backend block (only what locates the state). */
function remoteStateOf(backend: { local?: { path: string }; s3?: Record<string, unknown> }) {
  if (backend.s3) {
    const { bucket, key, region } = backend.s3;
    return { backend: 's3', config: { bucket, key, region } };
  }
  return { backend: 'local', config: { path: backend.local!.path } };
}

describe('cutover stack, synthesized', () => {
  for (const { name, file, spec } of withCutover) {
    for (const phase of spec.cutover!.phases) {
      it(`${name} at ${phase} %: every weighted record as planned, and nothing else`, () => {
        const plan = compile(atCutoverPhase(spec, phase));
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
          if (r.type === 'CNAME') {
            // A CDN host name: weighted CNAMEs without health checks; the AWS side names the distribution's
            // domain name, read from the ALB's stack's fixed output.
            const cdn = plan.cutover!.cdnHostnames.find((h) => h.hostname === r.name)!;
            expect(config).toMatchObject({ ttl: spec.cutover!.ttl });
            expect(config.alias).toBeUndefined();
            expect(config.health_check_id).toBeUndefined();
            expect(config.records).toEqual(
              r.setIdentifier === 'aws'
                ? [`\${data.terraform_remote_state.${albStack}.outputs.${cdn.awsOutput}}`]
                : [cdn.digitalocean],
            );
            continue;
          }
          if (r.setIdentifier === 'aws') {
            expect(config.ttl).toBeUndefined();
            expect(config.records).toBeUndefined();
            // The explicit remote state of the ALB's stack, by the outputs it always exports.
            // A dualstack ALB is targeted by its `dualstack.` name.
            const prefix = plan.apps.alb?.ipAddressType === 'dualstack' ? 'dualstack.' : '';
            expect(config.alias).toEqual({
              name: `${prefix}\${data.terraform_remote_state.${albStack}.outputs.alb_dns_name}`,
              zone_id: `\${data.terraform_remote_state.${albStack}.outputs.alb_zone_id}`,
              evaluate_target_health: false,
            });
            // The hostname's own check: an app's CLOUDWATCH_METRIC check, read by id from the state of the
            // stack of its target group, or a CALCULATED check of this stack.
            const appCheck = plan.cutover!.awsHealth!.apps.find((a) => a.check.key === r.healthCheck);
            expect(config.health_check_id).toBe(
              appCheck
                ? `\${data.terraform_remote_state.${appCheck.check.address.stack}.outputs.${appCheck.output}}`
                : `\${aws_route53_health_check.health-${r.healthCheck}.id}`,
            );
            expect(json).toHaveResourceWithProperties(Route53Record, {
              set_identifier: 'aws',
              weighted_routing_policy: { weight: r.weight },
            });
            // The AWS side's share of its name is the phase, whatever the weights are scaled to (two
            // DigitalOcean droplets at 5 %: aws 2, each droplet 19).
            const sameName = plan.cutover!.records.filter((o) => o.name === r.name && o.type === r.type);
            const total = sameName.reduce((sum, o) => sum + o.weight, 0);
            expect((100 * r.weight) / total).toBeCloseTo(phase, 5);
          } else {
            expect(config.ttl).toBe(spec.cutover!.ttl);
            expect(config.records).toEqual(r.records);
            expect(config.alias).toBeUndefined();
            expect(config.health_check_id).toBe(`\${aws_route53_health_check.health-${r.healthCheck}.id}`);
          }
        }
        const checks = resourcesOfType(json, 'aws_route53_health_check');
        const awsHealth = plan.cutover!.awsHealth;
        const awsChecks = awsHealth
          ? awsHealth.hostnames.filter((h) => h.calculated).length + (awsHealth.either?.length ?? 0)
          : 0;
        expect(awsHealth === undefined).toBe(phase === 0);
        expect(Object.keys(checks).length).toBe(plan.cutover!.healthChecks.length + awsChecks);
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
        // No side ever appears with weight 0, except a CDN host name's CloudFront record before its Space
        // moves (published at 0 so the dataMoved switch only changes weights).
        const cdnNames = new Set(plan.cutover!.cdnHostnames.map((h) => h.hostname));
        for (const r of plan.cutover!.records) {
          const weight = (records[`weighted-${r.key}`].weighted_routing_policy as { weight: number }).weight;
          if (r.setIdentifier === 'aws' && r.type === 'CNAME' && cdnNames.has(r.name))
            expect(weight).toBe(r.weight);
          else expect(weight).toBeGreaterThan(0);
        }
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

  describe('php-shop with ipv6: true at 10 %: A and AAAA pairs', () => {
    for (const layout of ['single', 'per-app'] as const) {
      it(`${layout} layout: both aliases target dualstack.<ALB DNS name>, each AAAA record its droplet's IPv6 check`, () => {
        const spec = atCutoverPhase(phpShopWithIpv6(), 10);
        const plan = compile(spec, { layout });
        const json = cutoverJson(plan);
        const albStack = plan.stacks.find(
          (s) => s.role === (layout === 'single' ? 'apps' : 'platform'),
        )!.name;
        const records = Object.values(resourcesOfType(json, 'aws_route53_record'));
        const checks = resourcesOfType(json, 'aws_route53_health_check');
        const aliases = records.filter((r) => r.set_identifier === 'aws');
        expect(aliases.map((r) => r.type).sort()).toEqual(['A', 'A', 'AAAA', 'AAAA']);
        for (const r of aliases)
          expect(r.alias).toEqual({
            name: `dualstack.\${data.terraform_remote_state.${albStack}.outputs.alb_dns_name}`,
            zone_id: `\${data.terraform_remote_state.${albStack}.outputs.alb_zone_id}`,
            evaluate_target_health: false,
          });
        const droplets = new Map(spec.digitalocean.droplets.map((d) => [d.name, d]));
        const aaaa = records.filter((r) => r.type === 'AAAA' && r.set_identifier !== 'aws');
        // Two hostnames × web-1, web-2.
        expect(aaaa.map((r) => r.set_identifier).sort()).toEqual([
          'digitalocean-web-1',
          'digitalocean-web-1',
          'digitalocean-web-2',
          'digitalocean-web-2',
        ]);
        for (const r of aaaa) {
          const droplet = String(r.set_identifier).replace(/^digitalocean-/, '');
          expect(r.records).toEqual([droplets.get(droplet)!.ipv6]);
          const host = String(r.name).replace(/\./g, '_');
          expect(r.health_check_id).toBe(`\${aws_route53_health_check.health-${host}__${droplet}_ipv6.id}`);
          expect(checks[`health-${host}__${droplet}_ipv6`].ip_address).toBe(droplets.get(droplet)!.ipv6);
        }
        for (const r of records.filter((x) => x.type === 'A' && x.set_identifier !== 'aws')) {
          const droplet = String(r.set_identifier).replace(/^digitalocean-/, '');
          const host = String(r.name).replace(/\./g, '_');
          expect(r.health_check_id).toBe(`\${aws_route53_health_check.health-${host}__${droplet}.id}`);
          expect(checks[`health-${host}__${droplet}`].ip_address).toBe(droplets.get(droplet)!.ipv4.public);
        }
        expect(Object.keys(checks).sort()).toEqual(
          [
            ...['shop-example_com', 'www_shop-example_com'].flatMap((host) => [
              `health-${host}__web-1`,
              `health-${host}__web-1_ipv6`,
              `health-${host}__web-2`,
              `health-${host}__web-2_ipv6`,
            ]),
          ].sort(),
        );
        // The AWS side's CLOUDWATCH_METRIC check lives beside the app's target group, at every phase; the
        // aws records (A and AAAA alike) read its id from that stack's state.
        const appStack = plan.stacks.find((s) => s.role === (layout === 'single' ? 'apps' : 'app'))!.name;
        for (const r of aliases)
          expect(r.health_check_id).toBe(
            `\${data.terraform_remote_state.${appStack}.outputs.route53_health_check_id_web}`,
          );
      });
    }
  });

  it('existing zone (django-app): each terraform import of the runbook names a phase-0 record that the batch creates alike', () => {
    const example = withCutover.find((e) => e.spec.digitalocean.domains.some((d) => d.route53ZoneId));
    if (!example) throw new Error('no example with an existing Route 53 zone (django-app had one)');
    const plan = compile(atCutoverPhase(example.spec, 0));
    const records = resourcesOfType(cutoverJsonAt(example.name, example.spec, 0), 'aws_route53_record');
    const swaps = plan.cutover!.zoneSwaps;
    expect(swaps.length).toBeGreaterThan(0);
    for (const swap of swaps) {
      const creates = swap.changeBatches.flatMap((b) => b.Changes).filter((c) => c.Action === 'CREATE');
      expect(swap.imports).toHaveLength(creates.length);
      swap.imports.forEach((imp, i) => {
        const created = creates[i].ResourceRecordSet;
        const [type, name] = imp.address.split('.');
        expect(type).toBe('aws_route53_record');
        const resource = records[name];
        expect(resource).toMatchObject({
          zone_id: swap.zoneId,
          name: created.Name.replace(/\.$/, ''),
          type: created.Type,
          set_identifier: created.SetIdentifier,
          weighted_routing_policy: { weight: created.Weight },
          ttl: created.TTL,
          records: created.ResourceRecords.map((r) => r.Value),
        });
        // The apply attaches the check the batch could not name.
        expect(String(resource.health_check_id)).toMatch(/^\$\{aws_route53_health_check\./);
        expect(imp.id).toBe(`${swap.zoneId}_${resource.name}_${resource.type}_${resource.set_identifier}`);
      });
    }
  });

  it.each(withCutover.map((e) => [e.name, e] as const))(
    '%s: every health check is created before the one it replaces (records name it by id), at every phase',
    (name, e) => {
      for (const phase of e.spec.cutover!.phases) {
        const checks = resourcesOfType(cutoverJsonAt(name, e.spec, phase), 'aws_route53_health_check');
        for (const [id, check] of Object.entries(checks))
          expect([id, check.lifecycle]).toEqual([
            id,
            expect.objectContaining({ create_before_destroy: true }),
          ]);
      }
    },
  );

  it('at phase 0 the cutover stack reads nothing from the apps stack (it applies before the ALB exists)', () => {
    const spec = withCutover[0].spec;
    const plan = compile(atCutoverPhase(spec, 0));
    const json = cutoverJson(plan);
    expect(json).not.toMatch(/-(apps|platform)\b/);
    expect(JSON.parse(json).data?.terraform_remote_state ?? {}).not.toHaveProperty(
      plan.stacks.find((s) => s.role === 'apps')!.name,
    );
    expect(plan.stacks.find((s) => s.role === 'cutover')!.dependsOn).toEqual([
      plan.stacks.find((s) => s.role === 'dns')!.name,
    ]);
  });

  describe('moving from 0 % to the next phase (10 % in php-shop) changes the cutover stack only', () => {
    for (const layout of ['single', 'per-app'] as const) {
      it(`${layout} layout: the ALB's stack is byte-identical, its outputs stable, the cutover reads them`, () => {
        const spec = withCutover[0].spec;
        const [first, second] = spec.cutover!.phases;
        const synthAt = (phase: number) => {
          const plan = compile(atCutoverPhase(spec, phase), { layout });
          const out = synthPlan(plan);
          const albStack = plan.stacks.find((s) => s.role === 'apps' || s.role === 'platform')!.name;
          const read = (name: string) => readFileSync(out.stackFile(name), 'utf8');
          return { plan, albStack, alb: read(albStack), cutover: read(out.stackByRole('cutover').name) };
        };
        const at0 = synthAt(first);
        const at10 = synthAt(second);
        expect(first).toBe(0);
        expect(at10.alb).toBe(at0.alb);
        expect(at10.cutover).not.toBe(at0.cutover);
        // The producer always exports the two outputs under fixed names, whatever the phase.
        const outputs = JSON.parse(at0.alb).output as Record<string, { value: string }>;
        expect(outputs.alb_dns_name.value).toBe('${aws_lb.alb.dns_name}');
        expect(outputs.alb_zone_id.value).toBe('${aws_lb.alb.zone_id}');
        expect(
          Object.keys(outputs).filter((o) => /cross-stack-output-aws_lbalb(dns_name|zone_id)/.test(o)),
        ).toEqual([]);
        // At 10 % the cutover stack reads them through an explicit remote state of the producer's own state.
        const remote = JSON.parse(at10.cutover).data.terraform_remote_state[at10.albStack];
        const producerBackend = JSON.parse(at10.alb).terraform.backend;
        expect(remote).toEqual(remoteStateOf(producerBackend));
        expect(at10.plan.stacks.find((s) => s.role === 'cutover')!.dependsOn).toContain(at10.albStack);
      });
    }

    for (const backend of [
      { type: 'local', directory: 'state' },
      {
        type: 's3',
        bucket: 'acme-tf-state',
        keyPrefix: 'shop',
        region: 'eu-west-1',
        useLockfile: true,
        encrypt: true,
      },
    ] as const) {
      it(`${backend.type} backend: the remote state reads the state file the producer writes`, () => {
        const spec = withCutover[0].spec;
        const plan = compile({
          ...atCutoverPhase(spec, spec.cutover!.phases[1]),
          aws: { ...spec.aws, backend },
        });
        const out = synthPlan(plan);
        const albStack = plan.stacks.find((s) => s.role === 'apps')!.name;
        const producer = JSON.parse(readFileSync(out.stackFile(albStack), 'utf8')).terraform.backend;
        const cutover = JSON.parse(readFileSync(out.stackFile(out.stackByRole('cutover').name), 'utf8'));
        expect(cutover.data.terraform_remote_state[albStack]).toEqual(remoteStateOf(producer));
        expect(Object.values(producer)[0]).toMatchObject(
          backend.type === 's3'
            ? { key: `shop/${albStack}.tfstate` }
            : { path: `../../../state/${albStack}.tfstate` },
        );
      });
    }
  });
});

describe('impossible plan states', () => {
  it('names a record whose health check the plan lacks as a dropship bug', () => {
    const spec = withCutover[0].spec;
    const plan = compile(atCutoverPhase(spec, spec.cutover!.phases[1]));
    const cutover = plan.cutover!;
    const checked = cutover.records.findIndex((r) => r.healthCheck !== undefined);
    expect(checked).toBeGreaterThanOrEqual(0);
    const records = cutover.records.map((r, i) => (i === checked ? { ...r, healthCheck: 'ghost' } : r));
    const stackPlan = plan.stacks.find((s) => s.role === 'cutover')!;
    const broken = { ...plan, cutover: { ...cutover, records } };
    expect(() =>
      renderCutover(new TerraformStack(Testing.app(), 'cutover'), {
        plan: broken,
        stackPlan,
        refs: new RefRegistry(),
      }),
    ).toThrow(/no health check ghost \(a dropship bug: please report it\)/);
  });
});
