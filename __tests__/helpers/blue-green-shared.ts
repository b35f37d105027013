/**
 * multi-domain with its api (which shares www.example-estate.com with site, by path) on blue/green and on a
 * second domain (api.example-estate.org, a new name): a blue/green app behind a shared hostname, whose test
 * listener needs two domains' certificates.
 */
import type { MigrationSpec } from '../../schema/spec';
import { loadExample, specFrom } from './synth';

export function multiDomainBlueGreenApi(phase: number) {
  const spec = structuredClone(loadExample('multi-domain')) as MigrationSpec;
  const api = spec.apps.find((a) => a.name === 'api')!;
  api.deployment = {
    ...api.deployment,
    strategy: 'blue-green',
    blueGreen: { testListener: { port: 8443, allowedCidrs: ['198.51.100.0/24'] }, bakeMinutes: 15 },
  };
  const expose = api.expose as { public: { hostnames: string[] } };
  expose.public.hostnames = ['www.example-estate.com', 'api.example-estate.org'];
  return specFrom({ ...spec, cutover: { ...spec.cutover!, current: phase } });
}
