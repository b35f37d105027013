/**
 * With `cutover:`, a hostname served by two apps (path routing on one name) is weighted once, against what
 * the inventory answers for it today (issue 18; before, validate refused it with cutover-shared-hostname).
 * An address there that no droplet or load balancer holds is refused at its record
 * (cutover-shared-hostname-address); in external DNS, where nothing is weighted, it is not.
 */
import fc from 'fast-check';
import { specOf, type SpecShape } from '../helpers/spec-arbitrary';
import { withCode, diagnosticsOf } from '../helpers/validate';

const web = (hostnames: SpecShape['apps'][number]['hostnames'], path: 'root' | 'own') => ({
  kind: 'web' as const,
  hostnames,
  path,
  externalImage: false,
  sidecar: false,
  egress: 'none' as const,
  mail: false,
  usesDatabase: false,
  usesCache: false,
  minTasks: 1 as const,
  publicScaleToZero: false,
  size: 's-1vcpu-2gb' as const,
  credentials: 'default' as const,
});

const shape = (cutover: boolean, dns: SpecShape['dns'] = 'digitalocean'): SpecShape => ({
  environment: 'staging',
  network: 'single',
  ipv6: false,
  dns,
  apps: [web(['www', '@'], 'root'), web(['www'], 'own')],
  database: 'none',
  dms: false,
  dataMode: 'default',
  cache: 'none',
  cutover,
  phases: [0, 10, 50, 100],
  imagesInEcr: true,
  externalVia: 'uri',
});

type Input = ReturnType<typeof specOf> & {
  digitalocean: { domains: { records: Record<string, unknown>[] }[] };
};

/** The spec with one more A record at www answering `ip`. */
function withWwwAddress(s: SpecShape, ip: string): Input {
  const input = specOf(s) as Input;
  input.digitalocean.domains[0].records.push({ type: 'A', name: 'www', data: ip, ttl: 300 });
  return input;
}

const errorsOf = (input: ReturnType<typeof specOf>) =>
  diagnosticsOf(input).filter((d) => d.severity === 'error');

describe('a hostname two apps share, with a cutover', () => {
  it('is accepted when what it answers today is a droplet of the inventory', () => {
    expect(errorsOf(specOf(shape(true)))).toEqual([]);
    // droplet-1 is the second app's: still a droplet the inventory holds.
    expect(errorsOf(withWwwAddress(shape(true), '198.51.100.11'))).toEqual([]);
  });

  it('is refused at the record when it answers an address no droplet or load balancer holds', () => {
    fc.assert(
      fc.property(
        fc.ipV4().filter((ip) => !ip.startsWith('198.51.100.')),
        (ip) => {
          const found = withCode(withWwwAddress(shape(true), ip), 'cutover-shared-hostname-address');
          expect(found).toHaveLength(1);
          expect(found[0]).toMatchObject({
            severity: 'error',
            path: 'digitalocean.domains[0].records[2]',
          });
          expect(found[0].message).toContain(
            `www.gen-example.com is served by apps app0, app1 and answers ${ip}`,
          );
        },
      ),
      { numRuns: 25 },
    );
  });

  it('is not refused without a cutover, in external DNS, or on a hostname of one app', () => {
    const stray = '192.0.2.99';
    expect(withCode(withWwwAddress(shape(false), stray), 'cutover-shared-hostname-address')).toEqual([]);
    expect(
      withCode(withWwwAddress(shape(true, 'external'), stray), 'cutover-shared-hostname-address'),
    ).toEqual([]);
    const own = specOf({ ...shape(true), apps: [web(['www', '@'], 'root'), web(['api'], 'root')] }) as Input;
    own.digitalocean.domains[0].records.push({ type: 'A', name: 'api', data: stray, ttl: 300 });
    expect(withCode(own, 'cutover-shared-hostname-address')).toEqual([]);
  });
});
