/**
 * The DigitalOcean side's risks during a cutover (schema/rules/do-side-risks.ts), each warned only where the
 * spec shows it: a Route 53 check whose port is a default nothing in the inventory backs
 * (do-health-check-default), and a load balancer certificate the inventory lists as DigitalOcean-managed
 * (Let's Encrypt) in a domain whose nameservers move to Route 53 (do-managed-certificate-renewal).
 */
import { stringify } from 'yaml';
import type { MigrationSpec } from '../../schema/spec';
import { examplesWithCutover } from '../helpers/synth';
import { diagnosticsOf, withCode } from '../helpers/validate';

const example = (name: string) =>
  structuredClone(examplesWithCutover().find((e) => e.name === name)!.spec) as MigrationSpec;

const at = (spec: MigrationSpec, current: number): MigrationSpec => ({
  ...spec,
  cutover: { ...spec.cutover!, current },
});

describe('do-health-check-default', () => {
  /** blue-green without its written port: one droplet, no firewall, no load balancer. */
  const unstated = (): MigrationSpec => {
    const spec = example('blue-green');
    spec.cutover!.healthCheck = { protocol: 'HTTPS', path: '/', failureThreshold: 3, interval: 30 };
    return spec;
  };

  it('warns at the hostname, located, when the probed port is a default nothing in the inventory backs', () => {
    const text = stringify(unstated());
    const found = withCode(text, 'do-health-check-default');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', path: 'apps[0].expose.public.hostnames[0]' });
    // Located at the hostname in the file's text.
    expect(text.split('\n')[found[0].line - 1].slice(found[0].column - 1)).toMatch(
      /^app\.example-ledger\.com/,
    );
    expect(found[0].message).toContain('droplet ledger-1');
    expect(found[0].message).toContain('HTTPS:443 on /healthz');
    expect(found[0].hint).toContain('cutover.healthCheck.port');
    // A command to paste: the URL (whose path comes from the spec) is one single-quoted shell word.
    expect(found[0].hint).toContain(
      `--resolve 'app.example-ledger.com:443:203.0.113.71' 'https://app.example-ledger.com:443/healthz'`,
    );
  });

  it('is silent when the port is written, a firewall says what answers, or the cutover is at 100 %', () => {
    // The example writes `healthCheck: { port: 443 }`: the droplets answer it.
    expect(withCode(example('blue-green'), 'do-health-check-default')).toEqual([]);
    const firewalled = unstated();
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
    expect(withCode(at(unstated(), 100), 'do-health-check-default')).toEqual([]);
  });

  it('is silent for a load balancer whose forwarding rules are listed (the check follows them)', () => {
    // laravel-app: its load balancer forwards https:443 and http:80, and the cutover writes no port.
    const spec = example('laravel-app');
    expect(spec.cutover!.healthCheck.port).toBeUndefined();
    expect(withCode(spec, 'do-health-check-default')).toEqual([]);
  });

  it('names the path and address the check uses when cutover.healthCheck.path is unset', () => {
    // An unset path is the app's own health path (schema/inventory/health-target.ts), never "undefined".
    const spec = unstated();
    delete (spec.cutover!.healthCheck as { path?: string }).path;
    const [found] = withCode(spec, 'do-health-check-default');
    expect(found.message).toContain('HTTPS:443 on /healthz');
    expect(found.message).not.toContain('undefined');
    expect(found.hint).toContain(`'https://app.example-ledger.com:443/healthz'`);
    expect(found.hint).not.toContain('undefined');
  });

  it("probes a wildcard by a concrete name under it, on the load balancer's own address", () => {
    // laravel-app with its load balancer's rules unlisted, and a wildcard hostname DigitalOcean answers.
    const spec = example('laravel-app');
    spec.digitalocean.loadBalancers[0].forwardingRules = [];
    spec.digitalocean.domains[0].records.push({
      id: 39100199,
      type: 'A',
      name: '*',
      data: '203.0.113.70',
      ttl: 3600,
    } as (typeof spec.digitalocean.domains)[0]['records'][0]);
    const expose = spec.apps[0].expose as { public: { hostnames: string[] } };
    expose.public.hostnames = ['*.ledgerly.example'];
    const [found] = withCode(spec, 'do-health-check-default');
    expect(found.message).toContain('load-balancer ledgerly-lb');
    expect(found.hint).toContain(
      `--resolve 'dropship-health-check.ledgerly.example:443:203.0.113.70' ` +
        `'https://dropship-health-check.ledgerly.example:443/up'`,
    );
    expect(found.hint).not.toMatch(/\*|\$DROPLET_IP/);
  });
});

describe('do-managed-certificate-renewal', () => {
  /** laravel-app (dns: digitalocean) with its load balancer's https rule on a certificate of this type. */
  const withCertificate = (type: 'lets_encrypt' | 'custom'): MigrationSpec => {
    const spec = example('laravel-app');
    spec.digitalocean.certificates = [{ name: 'ledgerly-cert', type }];
    spec.digitalocean.loadBalancers[0].forwardingRules[0].certificate = 'ledgerly-cert';
    return spec;
  };

  it("warns at the rule's certificate, located, with the 90-day and renew-30-days-before arithmetic", () => {
    const text = stringify(withCertificate('lets_encrypt'));
    const found = withCode(text, 'do-managed-certificate-renewal');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'warning',
      path: 'digitalocean.loadBalancers[0].forwardingRules[0].certificate',
    });
    expect(text.split('\n')[found[0].line - 1].slice(found[0].column - 1)).toMatch(/^ledgerly-cert/);
    expect(found[0].message).toContain('ledgerly-lb terminates TLS on https:443');
    expect(found[0].message).toContain('last 90 days and are renewed 30 days before they expire');
    expect(found[0].message).toContain('between 30 and 90 days left');
    expect(found[0].hint).toContain('within 30 days of the nameserver switch');
    expect(found[0].hint).toContain('upload a custom certificate');
  });

  it('is silent without evidence: no certificate listed, a custom one, passthrough, nameservers that stay, 100 %', () => {
    // Every bundled example with an HTTPS load balancer lists no certificate: nothing to warn about.
    for (const { spec } of examplesWithCutover())
      expect(withCode(spec, 'do-managed-certificate-renewal')).toEqual([]);
    expect(withCode(withCertificate('custom'), 'do-managed-certificate-renewal')).toEqual([]);
    const passthrough = withCertificate('lets_encrypt');
    passthrough.digitalocean.loadBalancers[0].forwardingRules[0].tlsPassthrough = true;
    expect(withCode(passthrough, 'do-managed-certificate-renewal')).toEqual([]);
    for (const dns of ['route53', 'external'] as const) {
      const staying = withCertificate('lets_encrypt');
      for (const d of staying.digitalocean.domains) d.dns = dns;
      expect(withCode(staying, 'do-managed-certificate-renewal')).toEqual([]);
    }
    expect(withCode(at(withCertificate('lets_encrypt'), 100), 'do-managed-certificate-renewal')).toEqual([]);
  });

  it('refuses a forwarding rule naming a certificate the inventory does not list', () => {
    const spec = withCertificate('lets_encrypt');
    spec.digitalocean.loadBalancers[0].forwardingRules[0].certificate = 'ledgerly-crt';
    const found = diagnosticsOf(spec).filter((d) => d.code === 'unresolved-reference');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'error',
      path: 'digitalocean.loadBalancers[0].forwardingRules[0].certificate',
    });
  });
});
