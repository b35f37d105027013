import {
  CHECKS,
  runChecks,
  waiverCovers,
  type StackJson,
  type TerraformJson,
} from '../../compiler/analyses/checks';
import { containerEnvironment, credentialReason } from '../../compiler/analyses/checks/iam';
import { refersTo } from '../../compiler/analyses/checks/exposure';
import { CASES } from './fixtures';
import type { ReachabilityReport } from '../../compiler/analyses/reachability';

const stacks = (json: TerraformJson): StackJson[] => [{ name: 'shop-production-test', json }];
const run = (id: string, json: TerraformJson, production: boolean, reachability?: ReachabilityReport) =>
  CHECKS.find((c) => c.id === id)!.run({
    stacks: stacks(json),
    production,
    ...(reachability ? { reachability } : {}),
  });

describe('security checks', () => {
  it('have unique, ordered DS ids and name their counterparts', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    for (const c of CHECKS) {
      expect(c.id).toMatch(/^DS\d{3}$/);
      for (const id of c.checkov) expect(id).toMatch(/^CKV2?_AWS_\d+( \(unverified\))?$/);
      for (const id of c.trivy) expect(id).toMatch(/^AVD-AWS-\d{4}( \(unverified\))?$/);
    }
  });

  it('every check has a failing and a passing fixture', () => {
    expect(Object.keys(CASES).sort()).toEqual(CHECKS.map((c) => c.id));
  });

  describe.each(CHECKS.map((c) => [c.id, c.title] as const))('%s %s', (id) => {
    const c = CASES[id];
    it('flags the failing fixture', () => {
      const found = run(id, c.fail, c.production ?? false, c.reachability?.fail);
      expect(found.length).toBeGreaterThan(0);
      for (const f of found) {
        expect(f.check).toBe(id);
        expect(f.stack).toBe('shop-production-test');
        expect(f.message.length).toBeGreaterThan(5);
      }
    });
    it('accepts the passing fixture', () => {
      expect(run(id, c.pass, c.production ?? false, c.reachability?.pass)).toEqual([]);
    });
  });

  it('deletion protection is only required in production', () => {
    expect(run('DS021', CASES.DS021.fail, false)).toEqual([]);
    expect(run('DS022', CASES.DS022.fail, false)).toEqual([]);
  });

  it('DS009 flags an Aurora cluster on the default cluster parameter group', () => {
    const json: TerraformJson = { resource: { aws_rds_cluster: { a: { engine: 'aurora-mysql' } } } };
    expect(run('DS009', json, true).map((f) => f.resource)).toEqual(['aws_rds_cluster.a']);
  });

  it('treats security groups reached through a cross-stack output as the ALB group', () => {
    const json: TerraformJson = {
      resource: {
        aws_lb: {
          alb: {
            security_groups: [
              '${data.terraform_remote_state.cross-stack-reference-input-shop-production-network.outputs.cross-stack-output-aws_security_groupnetwork_sg_edge_1a2bid}',
            ],
          },
        },
        aws_security_group: {
          network_sg_edge_1a2b: {
            ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }],
          },
        },
      },
    };
    expect(run('DS010', json, true)).toEqual([]);
  });
});

describe('references between resources', () => {
  const sg = (name: string) => ({ type: 'aws_security_group', name });
  it('follow same-stack interpolations and cross-stack outputs, not name prefixes', () => {
    expect(refersTo('${aws_security_group.sg-alb.id}', sg('sg-alb'))).toBe(true);
    const remote = '${data.terraform_remote_state.x.outputs.cross-stack-output-aws_security_groupsg-albid}';
    expect(refersTo(remote, sg('sg-alb'))).toBe(true);
    expect(refersTo(remote, sg('sg-a'))).toBe(false);
    expect(refersTo('${aws_security_group.sg-alb.id}', sg('sg-al'))).toBe(false);
  });

  it('a group only named like the ALB’s may not accept the internet', () => {
    const json: TerraformJson = {
      resource: {
        aws_lb: { alb: { security_groups: ['${aws_security_group.edge.id}'] } },
        aws_security_group: {
          edge: { ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] },
          'sg-app-alb': {
            name: 'shop-app-alb',
            ingress: [{ from_port: 80, to_port: 80, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }],
          },
        },
      },
    };
    expect(run('DS010', json, true).map((f) => f.resource)).toEqual(['aws_security_group.sg-app-alb']);
  });
});

describe('plain-environment credentials', () => {
  it('reads environment entries from container definitions JSON', () => {
    const defs = JSON.stringify([{ name: 'a', environment: [{ name: 'X', value: '1' }] }]);
    expect(containerEnvironment(defs)).toEqual([{ container: 'a', name: 'X', value: '1' }]);
  });
  it.each([
    ['DB_PASSWORD', 'x', true],
    ['STRIPE_SECRET', 'x', true],
    ['API_KEY', 'x', true],
    ['DATABASE_URL', 'mysql://app:pw@db:3306/shop', true],
    ['SOMETHING', 'AKIAABCDEFGHIJKLMNOP', true],
    ['DB_PASSWORD_ARN', 'arn:aws:secretsmanager:us-east-1:1:secret:x', false],
    ['DB_HOST', 'db.internal', false],
    ['SESSION_DRIVER', 'redis', false],
    ['DB_PASSWORD', '', false],
  ])('%s=%s → flagged %s', (name, value, flagged) => {
    expect(credentialReason(name, value) !== undefined).toBe(flagged);
  });
});

describe('waivers', () => {
  const failing: TerraformJson = {
    resource: {
      aws_db_instance: { main: { deletion_protection: false }, other: { deletion_protection: false } },
    },
  };
  it('an unwaived finding is reported', () => {
    const report = runChecks(stacks(failing), { production: true });
    expect(report.findings.filter((f) => f.check === 'DS021').map((f) => f.resource)).toEqual([
      'aws_db_instance.main',
      'aws_db_instance.other',
    ]);
  });
  it('a waiver with a resource waives only that resource and keeps its reason', () => {
    const waiver = {
      check: 'DS021',
      resource: 'aws_db_instance.main',
      reason: 'staging copy, recreated nightly',
    };
    const report = runChecks(stacks(failing), { production: true, waivers: [waiver] });
    expect(report.waived.filter((f) => f.check === 'DS021')).toEqual([
      expect.objectContaining({ resource: 'aws_db_instance.main', reason: waiver.reason }),
    ]);
    expect(report.findings.filter((f) => f.check === 'DS021').map((f) => f.resource)).toEqual([
      'aws_db_instance.other',
    ]);
    const ds021 = report.checks.find((c) => c.id === 'DS021')!;
    expect([ds021.findings, ds021.waived]).toEqual([1, 1]);
  });
  it('a waiver without a resource waives every finding of its check; a stale waiver is reported', () => {
    const waivers = [
      { check: 'DS021', reason: 'deletion protection handled by SCP' },
      { check: 'DS003', reason: 'no EFS in this environment anyway' },
    ];
    const report = runChecks(stacks(failing), { production: true, waivers });
    expect(report.findings.filter((f) => f.check === 'DS021')).toEqual([]);
    expect(report.unusedWaivers).toEqual([waivers[1]]);
  });
  it('matches by logical id and by stack-qualified address', () => {
    const f = { check: 'DS001', stack: 's', resource: 'aws_db_instance.main', message: 'm' };
    expect(waiverCovers({ check: 'DS001', resource: 'main', reason: 'r' }, f)).toBe(true);
    expect(waiverCovers({ check: 'DS001', resource: 's/aws_db_instance.main', reason: 'r' }, f)).toBe(true);
    expect(waiverCovers({ check: 'DS001', resource: 'aws_db_instance.other', reason: 'r' }, f)).toBe(false);
    expect(waiverCovers({ check: 'DS002', reason: 'r' }, f)).toBe(false);
  });
});
