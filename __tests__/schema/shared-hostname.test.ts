/**
 * With `cutover:`, a hostname served by two apps (path routing on one name) is refused by validate: the
 * cutover would publish two sets of weighted records of one name (synth crashed from phase 1 on) and, at
 * phase 0, weight the site's visitors over both apps' droplets. Without a cutover the same spec is valid.
 */
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
  size: 's-1vcpu-2gb' as const,
});

const shape = (cutover: boolean, second = web(['www'], 'own')): SpecShape => ({
  environment: 'staging',
  network: 'single',
  ipv6: false,
  dns: 'digitalocean',
  apps: [web(['www', '@'], 'root'), second],
  database: 'none',
  dms: false,
  dataMode: 'default',
  cache: 'none',
  cutover,
  phases: [0, 10, 50, 100],
  imagesInEcr: true,
});

describe('cutover-shared-hostname', () => {
  it('refuses a hostname two apps serve, at the second app', () => {
    const found = withCode(specOf(shape(true)), 'cutover-shared-hostname');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'error',
      path: 'apps[1].expose.public.hostnames[0]',
    });
    expect(found[0].message).toContain('www.gen-example.com is served by apps app0 and app1');
  });

  it('accepts the same apps without a cutover, and apps on hostnames of their own', () => {
    expect(diagnosticsOf(specOf(shape(false))).filter((d) => d.severity === 'error')).toEqual([]);
    const own = shape(true, web(['api'], 'root'));
    expect(diagnosticsOf(specOf(own)).filter((d) => d.severity === 'error')).toEqual([]);
  });
});
