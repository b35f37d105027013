/**
 * The DigitalOcean side's risks during a cutover (schema/rules/do-side-risks.ts), on the examples: a health
 * check left at its default on endpoints the inventory says nothing about (do-health-check-default), and
 * DigitalOcean certificates that stop renewing once the nameservers move (do-managed-certificate-renewal).
 */
import type { MigrationSpec } from '../../schema/spec';
import { examplesWithCutover } from '../helpers/synth';
import { withCode } from '../helpers/validate';

const example = (name: string) =>
  structuredClone(examplesWithCutover().find((e) => e.name === name)!.spec) as MigrationSpec;

const at = (spec: MigrationSpec, current: number): MigrationSpec => ({
  ...spec,
  cutover: { ...spec.cutover!, current },
});

describe('do-health-check-default', () => {
  /** blue-green with cutover.healthCheck back at its default: one droplet, no firewall, no load balancer. */
  const defaulted = (): MigrationSpec => {
    const spec = example('blue-green');
    spec.cutover!.healthCheck = { protocol: 'HTTPS', path: '/', failureThreshold: 3, interval: 30 };
    return spec;
  };

  it('warns at the hostname when the default check probes an endpoint the inventory says nothing about', () => {
    const found = withCode(defaulted(), 'do-health-check-default');
    expect(found).toHaveLength(1);
    expect(found[0].path).toBe('apps[0].expose.public.hostnames[0]');
    expect(found[0].message).toContain('droplet ledger-1');
    expect(found[0].message).toContain('HTTPS:443 on /healthz');
    expect(found[0].hint).toContain('curl');
  });

  it('is silent when the check is written, a firewall says what answers, or the cutover is at 100 %', () => {
    expect(withCode(example('blue-green'), 'do-health-check-default')).toEqual([]);
    const firewalled = defaulted();
    firewalled.digitalocean.firewalls = [
      {
        name: 'web',
        inbound: [
          {
            protocol: 'tcp',
            ports: '443',
            sources: { addresses: ['0.0.0.0/0', '::/0'], tags: [], droplets: [], loadBalancers: [] },
          },
        ],
        outbound: [],
        droplets: ['ledger-1'],
        tags: [],
      },
    ];
    expect(withCode(firewalled, 'do-health-check-default')).toEqual([]);
    expect(withCode(at(defaulted(), 100), 'do-health-check-default')).toEqual([]);
  });
});

describe('do-managed-certificate-renewal', () => {
  it('warns at each TLS-terminating forwarding rule of a load balancer in a domain whose nameservers move', () => {
    const found = withCode(example('laravel-app'), 'do-managed-certificate-renewal');
    expect(found.map((d) => d.path)).toEqual(['digitalocean.loadBalancers[0].forwardingRules[0]']);
    expect(found[0].message).toContain("if it is a DigitalOcean-managed Let's Encrypt certificate");
    expect(found[0].message).toContain('90 days');
    expect(found[0].hint).toContain(
      'upload a custom certificate to DigitalOcean before the nameserver switch',
    );
  });

  it('warns at a CDN endpoint with a custom domain', () => {
    const found = withCode(example('spaces-app'), 'do-managed-certificate-renewal');
    expect(found.map((d) => d.path)).toEqual(['digitalocean.cdnEndpoints[0].customDomain']);
  });

  it('is silent for TLS passthrough, a domain whose nameservers stay, and at 100 %', () => {
    const passthrough = example('laravel-app');
    passthrough.digitalocean.loadBalancers[0].forwardingRules[0].tlsPassthrough = true;
    expect(withCode(passthrough, 'do-managed-certificate-renewal')).toEqual([]);
    const external = example('spaces-app');
    for (const d of external.digitalocean.domains) d.dns = 'external';
    expect(withCode(external, 'do-managed-certificate-renewal')).toEqual([]);
    expect(withCode(at(example('laravel-app'), 100), 'do-managed-certificate-renewal')).toEqual([]);
  });
});
