/**
 * The DigitalOcean side's health check follows what answers there (schema/inventory/do-probe.ts), over
 * generated load balancer forwarding rules and droplet firewalls: the probe is always one the inventory says
 * answers (the spec's when it does), and an endpoint that answers no HTTP/HTTPS check is refused by validate
 * (cutover-health-check-unanswered). End to end on the django-app example: a load balancer with only HTTP:80
 * gets an HTTP:80 check, not the HTTPS:443 one that would always fail.
 */
import fc from 'fast-check';
import { probeOf, type Probe } from '../../schema/inventory/do-probe';
import { compile } from '../../compiler';
import type { MigrationSpec } from '../../schema/spec';
import { examplesWithCutover, atCutoverPhase } from '../helpers/synth';
import { revalidated, withCode } from '../helpers/validate';

const django = examplesWithCutover().find((e) => e.name === 'django-app')!.spec;
const phpShop = examplesWithCutover().find((e) => e.name === 'php-shop')!.spec;

const PORTS = [80, 443, 8080, 8443];
const wantedArbitrary = fc.record({
  type: fc.constantFrom('HTTP' as const, 'HTTPS' as const),
  port: fc.constantFrom(...PORTS),
});
const ruleArbitrary = fc.record({
  entryProtocol: fc.constantFrom('http', 'https', 'http2', 'http3', 'tcp', 'udp'),
  entryPort: fc.constantFrom(...PORTS, 22),
  targetProtocol: fc.constant('http'),
  targetPort: fc.constant(80),
  tlsPassthrough: fc.constant(false),
});

const lbAnswers = (rules: { entryProtocol: string; entryPort: number }[], p: Probe) =>
  rules.some(
    (r) =>
      r.entryPort === p.port &&
      (r.entryProtocol === 'tcp' ||
        (p.type === 'HTTPS'
          ? ['https', 'http2', 'http3'].includes(r.entryProtocol)
          : r.entryProtocol === 'http')),
  );

function withLb(
  rules: MigrationSpec['digitalocean']['loadBalancers'][number]['forwardingRules'],
): MigrationSpec {
  const spec = structuredClone(django) as MigrationSpec;
  spec.digitalocean.loadBalancers[0].forwardingRules = rules;
  return spec;
}

describe('DigitalOcean health check probes what answers', () => {
  it('a load balancer: the asked probe where a rule answers it, else one a rule answers, else refused', () => {
    fc.assert(
      fc.property(fc.array(ruleArbitrary, { maxLength: 4 }), wantedArbitrary, (rules, wanted) => {
        const spec = withLb(rules);
        const lb = spec.digitalocean.loadBalancers[0];
        const found = probeOf(spec, { name: lb.name, kind: 'load-balancer', ipv4: lb.ip! }, wanted);
        const httpish = rules.some((r) => ['http', 'https', 'http2', 'http3'].includes(r.entryProtocol));
        if (rules.length === 0 || lbAnswers(rules, wanted)) expect(found).toEqual({ probe: wanted });
        else if (httpish) {
          expect('probe' in found && lbAnswers(rules, found.probe)).toBe(true);
          expect('probe' in found && found.derivedBecause).toContain(lb.name);
        } else
          expect(found).toHaveProperty('refused.path', [
            'digitalocean',
            'loadBalancers',
            0,
            'forwardingRules',
          ]);
      }),
      { numRuns: 300 },
    );
  });

  it('a droplet behind firewalls: a port they admit (asked, 443, 80), else refused', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('22', '80', '443', '8000-8100', 'all'), { maxLength: 3 }),
        wantedArbitrary,
        (ports, wanted) => {
          const spec = structuredClone(phpShop) as MigrationSpec;
          const fw = spec.digitalocean.firewalls[0];
          fw.inbound = ports.map((p) => ({
            protocol: 'tcp',
            ports: p,
            sources: { addresses: ['0.0.0.0/0'], tags: [], droplets: [], loadBalancers: [] },
          }));
          const droplet = spec.digitalocean.droplets[0];
          // Only this firewall covers the droplet (by name), or none at all (then it is probed as asked).
          const covered = ports.length > 0;
          fw.droplets = covered ? [droplet.name] : [];
          fw.tags = [];
          spec.digitalocean.firewalls = [fw];
          const found = probeOf(
            spec,
            { name: droplet.name, kind: 'droplet', ipv4: droplet.ipv4.public! },
            wanted,
          );
          const admits = (port: number) =>
            ports.some(
              (p) => p === 'all' || p === String(port) || (p === '8000-8100' && port >= 8000 && port <= 8100),
            );
          if (!covered || admits(wanted.port)) expect(found).toEqual({ probe: wanted });
          else if (admits(443)) expect(found).toMatchObject({ probe: { type: 'HTTPS', port: 443 } });
          else if (admits(80)) expect(found).toMatchObject({ probe: { type: 'HTTP', port: 80 } });
          else expect(found).toHaveProperty('refused.path', ['digitalocean', 'firewalls', 0, 'inbound']);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('django-app with an HTTP:80-only load balancer: an HTTP:80 check at every split phase', () => {
    const spec = withLb([
      { entryProtocol: 'http', entryPort: 80, targetProtocol: 'http', targetPort: 80, tlsPassthrough: false },
    ]);
    for (const phase of spec.cutover!.phases.filter((p) => p < 100)) {
      const plan = compile(atCutoverPhase(revalidated(spec), phase));
      expect(plan.cutover!.healthChecks.length).toBeGreaterThan(0);
      for (const hc of plan.cutover!.healthChecks) expect(hc).toMatchObject({ type: 'HTTP', port: 80 });
      expect(plan.cutover!.decisions.map((d) => d.subject)).toContain('cutover.healthCheck.derived');
    }
    // The example as it is answers HTTPS:443: the asked check, no derived decision.
    const asIs = compile(atCutoverPhase(django, django.cutover!.phases[1]));
    for (const hc of asIs.cutover!.healthChecks) expect(hc).toMatchObject({ type: 'HTTPS', port: 443 });
    expect(asIs.cutover!.decisions.map((d) => d.subject)).not.toContain('cutover.healthCheck.derived');
  });

  it('validate refuses a load balancer that answers no HTTP or HTTPS check, at its forwarding rules', () => {
    const spec = withLb([
      { entryProtocol: 'udp', entryPort: 53, targetProtocol: 'udp', targetPort: 53, tlsPassthrough: false },
    ]);
    const found = withCode(spec as unknown as Record<string, unknown>, 'cutover-health-check-unanswered');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'error',
      path: 'digitalocean.loadBalancers[0].forwardingRules',
    });
    expect(found[0].hint).toContain('cutover.healthCheck');
  });
});
