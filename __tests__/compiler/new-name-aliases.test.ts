/**
 * A public hostname with no DigitalOcean side that nothing answers today (a new name) gets a plain alias to
 * the ALB in the ALB's stack, at every phase; one that answers something today keeps its records and is
 * warned (cutover/no-digitalocean-side). External DNS gets neither (a manual step).
 */
import { compile } from '../../compiler';
import { specOf, type SpecShape } from '../helpers/spec-arbitrary';
import { revalidated } from '../helpers/validate';
import { cleanupSynth, resourcesOfType, synthPlan } from '../helpers/synth';

afterAll(cleanupSynth);

const web = (hostnames: SpecShape['apps'][number]['hostnames']) => ({
  kind: 'web' as const,
  hostnames,
  path: 'root' as const,
  externalImage: false,
  sidecar: false,
  egress: 'none' as const,
  mail: false,
  usesDatabase: false,
  usesCache: false,
  minTasks: 1 as const,
  size: 's-1vcpu-2gb' as const,
  credentials: 'default' as const,
  publicScaleToZero: false,
});

/** app0 on www (droplet-0), app1 on api and shop without droplets; only api has a record today. */
function spec(dns: SpecShape['dns'], ipv6: boolean, current: number) {
  const input = specOf({
    environment: 'staging',
    network: 'single',
    ipv6,
    dns,
    apps: [web(['www']), web(['api', 'shop'])],
    database: 'none',
    dms: false,
    cache: 'none',
    cutover: true,
    phases: [0, 10, 50, 100],
    imagesInEcr: true,
    externalVia: 'uri',
    dataMode: 'default',
  }) as ReturnType<typeof specOf> & {
    apps: Record<string, unknown>[];
    digitalocean: { domains: { records: { name: string }[] }[] };
    cutover: Record<string, unknown>;
  };
  input.apps[1].droplets = [];
  const records = input.digitalocean.domains[0].records;
  input.digitalocean.domains[0].records = records.filter((r) => r.name !== 'shop');
  input.cutover.current = current;
  return revalidated(input);
}

describe('new hostnames', () => {
  it.each([
    ['digitalocean', false],
    ['route53', true],
    ['route53-new', false],
  ] as const)(
    '%s (ipv6 %s): a plain alias for the new name at every phase, a warning for the other',
    (dns, ipv6) => {
      for (const phase of [0, 10, 50, 100]) {
        const plan = compile(spec(dns, ipv6, phase));
        const aliases = plan.apps.alb!.newNameAliases;
        expect(aliases.map((a) => `${a.hostname} ${a.type}`)).toEqual(
          ipv6 ? ['shop.gen-example.com A', 'shop.gen-example.com AAAA'] : ['shop.gen-example.com A'],
        );
        expect(plan.cutover!.hostnames.map((h) => h.hostname)).toEqual(['www.gen-example.com']);
        expect(
          plan.warnings.filter((w) => w.code === 'cutover/no-digitalocean-side').map((w) => w.message),
        ).toEqual([expect.stringContaining('api.gen-example.com (app app1): the app names no droplet')]);
        const out = synthPlan(plan);
        const records = resourcesOfType(
          out.stackJson(plan.stacks.find((s) => s.role === 'apps')!.name),
          'aws_route53_record',
        );
        const alias = records['alias-shop-gen-example-com-a'] as {
          name: string;
          type: string;
          alias: Record<string, unknown>;
        };
        expect(alias).toMatchObject({
          name: 'shop.gen-example.com',
          type: 'A',
          alias: { evaluate_target_health: false, zone_id: '${aws_lb.alb.zone_id}' },
        });
        expect(alias.alias.name).toBe(ipv6 ? 'dualstack.${aws_lb.alb.dns_name}' : '${aws_lb.alb.dns_name}');
      }
    },
  );

  it('external DNS: no alias (dropship cannot write the zone), and no cutover at all: none', () => {
    expect(compile(spec('external', false, 0)).apps.alb!.newNameAliases).toEqual([]);
    const input = { ...spec('digitalocean', false, 0) } as Record<string, unknown>;
    delete input.cutover;
    expect(compile(revalidated(input)).apps.alb!.newNameAliases).toEqual([]);
  });
});
