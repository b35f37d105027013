/**
 * Reachability before apply (compiler/analyses/reachability.ts): the connections the spec implies, matched
 * against the plan's security-group rules and routes. On the examples and on generated specs every need has
 * a path and every rule carries a need; taking a rule away leaves a need without one, adding one nobody
 * asked for shows as unexplained, and without a NAT the AWS APIs go through the VPC endpoints.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { analyzeReachability, type ReachabilityReport } from '../../compiler/analyses/reachability';
import { compile } from '../../compiler';
import type { Plan, SgRule } from '../../compiler/model';
import { loadSpecText } from '../../schema/load';
import type { ValidSpec } from '../../schema/valid-spec';
import { specArbitrary, specOf } from '../helpers/spec-arbitrary';
import { compileExample, examples, loadExample, specFrom } from '../helpers/synth';

const gaps = (r: ReachabilityReport) =>
  r.needs.filter((n) => n.missing).map((n) => `${n.subject}: ${n.what}: ${n.missing}`);
const unexplained = (r: ReachabilityReport) => r.unexplained.map((u) => u.rule.key);
const withRules = (plan: Plan, rules: SgRule[]): Plan => ({ ...plan, security: { ...plan.security, rules } });

function generated(): fc.Arbitrary<{ spec: ValidSpec; plan: Plan }> {
  return specArbitrary
    .map((shape) => loadSpecText(stringify(specOf(shape)), 'generated.yaml'))
    .filter((r) => r.ok)
    .map((r) => {
      const spec = (r as { spec: ValidSpec }).spec;
      return { spec, plan: compile(spec) };
    });
}

describe('reachability', () => {
  it.each(examples().map((e) => e.name))('%s: every need has a path, every rule a need', (name) => {
    const r = analyzeReachability(loadExample(name), compileExample(name));
    expect(gaps(r)).toEqual([]);
    expect(unexplained(r)).toEqual([]);
    // Each app needs at least its image, its logs and each database it uses.
    const spec = loadExample(name);
    for (const app of spec.apps) {
      const whats = r.needs.filter((n) => n.subject === app.name).map((n) => n.what);
      expect(whats.some((w) => w.startsWith('ECR image pull') || w.startsWith('image '))).toBe(true);
      expect(whats.some((w) => w.startsWith('CloudWatch Logs'))).toBe(true);
      for (const db of app.uses.databases)
        expect(whats.some((w) => w.startsWith(`database ${db} `))).toBe(true);
    }
  });

  it('generated specs: every need has a path and every rule carries one', () => {
    fc.assert(
      fc.property(generated(), ({ spec, plan }) => {
        const r = analyzeReachability(spec, plan);
        expect(gaps(r)).toEqual([]);
        expect(unexplained(r)).toEqual([]);
      }),
      { numRuns: 60, seed: 20261207 },
    );
  });

  it('a rule taken away leaves the needs it carried without a path; one added is unexplained', () => {
    fc.assert(
      fc.property(generated(), fc.nat(), ({ spec, plan }, pick) => {
        const rules = plan.security.rules;
        const gone = rules[pick % rules.length];
        const r = analyzeReachability(
          spec,
          withRules(
            plan,
            rules.filter((x) => x !== gone),
          ),
        );
        // Some need used it (none is unexplained), and with it gone that need has no path.
        expect(gaps(r).length).toBeGreaterThan(0);
        const extra: SgRule = { ...gone, key: `${gone.key}-extra`, fromPort: 1, toPort: 1 };
        const r2 = analyzeReachability(spec, withRules(plan, [...rules, extra]));
        expect(unexplained(r2)).toEqual([extra.key]);
        expect(gaps(r2)).toEqual([]);
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it('without NAT the AWS APIs go through the VPC endpoints; with a NAT through its route', () => {
    let seen = 0;
    fc.assert(
      fc.property(generated(), ({ spec, plan }) => {
        const r = analyzeReachability(spec, plan);
        const logs = r.needs.filter((n) => n.what.startsWith('CloudWatch Logs'));
        const none = plan.network.mode === 'new' && plan.network.endpoints.length > 0;
        const way = none ? /^endpoints logs$/ : plan.network.mode === 'new' ? /^NAT gateway/ : /existing VPC/;
        for (const n of logs) expect(n.path?.at(-1)).toMatch(way);
        if (none) seen++;
      }),
      // nat: none specs that validate are rarer since SMTP and DigitalOcean paths without a route are errors
      { numRuns: 160, seed: 20261207 },
    );
    expect(seen).toBeGreaterThan(3);
  });

  it('points each finding at the spec and the resource', () => {
    const spec = loadExample('php-shop');
    const plan = compileExample('php-shop');
    const r = analyzeReachability(
      spec,
      withRules(
        plan,
        plan.security.rules.filter((x) => !x.key.startsWith('app-web-out-db-main')),
      ),
    );
    expect(r.needs.filter((n) => n.missing)).toEqual([
      expect.objectContaining({
        subject: 'web',
        // php-shop keeps its tasks on DigitalOcean until cutover.dataMoved: the RDS path carries traffic after it.
        what: 'database main after dataMoved (tcp 3306)',
        specPath: 'apps[0].uses.databases[0]',
        resource: 'aws_ecs_service.web-service',
        missing: expect.stringMatching(/no egress rule on app-web, apps, public to db-main/),
      }),
    ]);
    // The ingress rule on the database that no egress rule pairs with now carries nothing.
    expect(unexplained(r)).toEqual(['db-main-in-app-web-tcp-3306']);
  });

  it('labels the store paths by when they carry traffic: DigitalOcean until dataMoved, RDS/ElastiCache after', () => {
    const spec = loadExample('laravel-app');
    const r = analyzeReachability(spec, compileExample('laravel-app'));
    // Each app's needs are listed together (the DigitalOcean ones under the app, not in a second block).
    const subjects = r.needs.map((n) => n.subject).filter((s, i, all) => i === 0 || all[i - 1] !== s);
    expect(new Set(subjects).size).toBe(subjects.length);
    for (const app of spec.apps) {
      const whats = r.needs.filter((n) => n.subject === app.name).map((n) => n.what);
      expect(whats).toEqual(
        expect.arrayContaining([
          'database main after dataMoved (tcp 3306)',
          'cache redis after dataMoved (tcp 6379)',
          'DigitalOcean database ledgerly-mysql until dataMoved (tcp 25060 to 0.0.0.0/0)',
          'DigitalOcean cache ledgerly-redis until dataMoved (tcp 25061 to 0.0.0.0/0)',
        ]),
      );
    }
    // Once the data moved, the RDS/ElastiCache paths are the only ones, unlabelled.
    const moved = specFrom({ ...spec, cutover: { ...spec.cutover!, current: 100, dataMoved: true } });
    const after = analyzeReachability(moved, compile(moved));
    expect(after.needs.filter((n) => /dataMoved|DigitalOcean/.test(n.what))).toEqual([]);
    expect(after.needs.map((n) => n.what)).toContain('database main (tcp 3306)');
    expect(gaps(after)).toEqual([]);
    expect(unexplained(after)).toEqual([]);
  });

  it('states why the DigitalOcean egress goes to 0.0.0.0/0: the clusters are known only by hostname', () => {
    const decisions = compileExample('laravel-app').security.decisions;
    const destination = decisions.find((d) => d.subject === 'security.egress.digitalocean-data.destination');
    expect(destination?.choice).toMatch(
      /^TCP 25060, 25061 to 0\.0\.0\.0\/0, not a cluster address, for ledgerly-mysql/,
    );
    expect(destination?.rule).toMatch(/known only by hostname/);
    expect(destination?.rule).toMatch(/security group rule takes CIDRs or prefix lists, never host names/);
    // A cluster given by address gets a /32 rule and no such decision.
    const spec = loadExample('laravel-app');
    const byAddress = specFrom({
      ...spec,
      digitalocean: {
        ...spec.digitalocean,
        databases: spec.digitalocean.databases.map((d, i) => ({ ...d, host: `203.0.113.${10 + i}` })),
      },
    });
    const plan = compile(byAddress);
    expect(plan.security.decisions.map((d) => d.subject)).not.toContain(
      'security.egress.digitalocean-data.destination',
    );
    expect(analyzeReachability(byAddress, plan).needs.map((n) => n.what)).toContain(
      'DigitalOcean database ledgerly-mysql until dataMoved (tcp 25060 to 203.0.113.10/32)',
    );
  });
});
