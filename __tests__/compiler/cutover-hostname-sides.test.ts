/**
 * Principal review of the Route 53 cutover, on the multi-domain example with edits:
 * 1. each hostname's DigitalOcean-side checks request the health path of the app answering there (of apps
 *    sharing it by path, the one serving its default route); `cutover.healthCheck.path` only overrides, and
 *    is warned where it differs from an app's own;
 * 2. the DigitalOcean side of a hostname is what DigitalOcean DNS answers for it today: a new name of an app
 *    with droplets is not sent to the droplets (a plain alias to the ALB), and a name only a wildcard answers
 *    is weighted against what the wildcard answers.
 */
import { parse, stringify } from 'yaml';
import { exampleText } from '../helpers/examples';
import { revalidated } from '../helpers/validate';
import { compile } from '../../compiler';
import { loadSpecText } from '../../schema/load';

interface Input {
  apps: { name: string; expose?: { public: { hostnames: string[]; paths?: string[] } } }[];
  digitalocean: { domains: { name: string; records: Record<string, unknown>[] }[] };
  cutover: { current: number; healthCheck: Record<string, unknown> };
}

function estate(edit: (input: Input) => void, current = 10): Record<string, unknown> {
  const input = parse(exampleText('multi-domain')) as Input;
  input.cutover.current = current;
  edit(input);
  return input as unknown as Record<string, unknown>;
}

const app = (input: Input, name: string) => input.apps.find((a) => a.name === name)!;
const comDomain = (input: Input) => input.digitalocean.domains.find((d) => d.name === 'example-estate.com')!;

/** www answers api-1 today (not the load balancer): the side's checks are named after app api. */
const wwwAtApiDroplet = (input: Input) => {
  const domain = comDomain(input);
  domain.records = domain.records.filter((r) => r.name !== 'www');
  domain.records.push({ id: 41000009, type: 'A', name: 'www', data: '203.0.113.23', ttl: 1800 });
};

const checkPaths = (plan: ReturnType<typeof compile>) =>
  Object.fromEntries(plan.cutover!.healthChecks.map((c) => [c.key, c.resourcePath]));

describe('the DigitalOcean-side check path, per hostname', () => {
  it('a shared hostname is checked on the health path of the app serving its default route', () => {
    const plan = compile(revalidated(estate(wwwAtApiDroplet)));
    const paths = checkPaths(plan);
    // site serves www's /* (api only /api/*): /healthz, not api's /api/healthz, though api-1 answers.
    expect(paths['www_example-estate_com__api-1']).toBe('/healthz');
    expect(paths['shop_example-estate_org__shop-1']).toBe('/healthz');
    const decision = plan.cutover!.decisions.find((d) => d.subject === 'cutover.healthCheck.path')!;
    expect(decision.choice).toContain(
      "www.example-estate.com: /healthz (app site, which serves www.example-estate.com's default route (of site, api): its expose.public.healthCheckPath)",
    );
  });

  it('each app’s own path, whatever the other apps name; `/` in the spec means the default', () => {
    const plan = compile(
      revalidated(
        estate((input) => {
          Object.assign(app(input, 'shop').expose!.public, { healthCheckPath: '/shop/up' });
        }),
      ),
    );
    const paths = checkPaths(plan);
    expect(paths['shop_example-estate_org__shop-1']).toBe('/shop/up');
    expect(paths['example-estate_com__estate-lb']).toBe('/healthz');
    expect(plan.warnings.filter((w) => w.code === 'cutover/health-path-override')).toEqual([]);
  });

  it('an explicit cutover.healthCheck.path overrides every hostname’s, warned at it where an app names another', () => {
    const loaded = loadSpecText(
      stringify(
        estate((i) => {
          i.cutover.healthCheck = { protocol: 'HTTP', path: '/up' };
        }),
      ),
      'estate.yaml',
    );
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    const plan = compile(loaded.spec, { source: loaded.source });
    expect(new Set(plan.cutover!.healthChecks.map((c) => c.resourcePath))).toEqual(new Set(['/up']));
    const warnings = plan.warnings.filter((w) => w.code === 'cutover/health-path-override');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      path: 'cutover.healthCheck.path',
      message: expect.stringContaining(
        'app site (example-estate.com, www.example-estate.com) names /healthz; app shop (shop.example-estate.org) names /healthz',
      ),
    });
    expect(warnings[0].line).toBeGreaterThan(1);
  });
});

describe('the DigitalOcean side is what DigitalOcean DNS answers today', () => {
  /** api also serves api.example-estate.com. */
  const apiName = (input: Input) => app(input, 'api').expose!.public.hostnames.push('api.example-estate.com');

  it.each([0, 10, 100])(
    'a new name of an app with droplets gets no weighted records, a plain alias to the ALB (phase %i)',
    (current) => {
      const plan = compile(revalidated(estate(apiName, current)));
      expect(plan.cutover!.hostnames.map((h) => h.hostname)).not.toContain('api.example-estate.com');
      expect(plan.cutover!.records.filter((r) => r.name === 'api.example-estate.com')).toEqual([]);
      expect(plan.cutover!.healthChecks.filter((c) => c.fqdn === 'api.example-estate.com')).toEqual([]);
      expect(
        plan.apps
          .alb!.newNameAliases.filter((a) => a.hostname === 'api.example-estate.com')
          .map((a) => a.type),
      ).toEqual(['A', 'AAAA']);
    },
  );

  it('a name only a wildcard answers is weighted against what the wildcard answers, not its app’s droplets', () => {
    const plan = compile(
      revalidated(
        estate((input) => {
          apiName(input);
          comDomain(input).records.push({
            id: 41000010,
            type: 'A',
            name: '*',
            data: '203.0.113.20',
            ttl: 300,
          });
        }),
      ),
    );
    const api = plan.cutover!.hostnames.find((h) => h.hostname === 'api.example-estate.com')!;
    expect(api.source).toBe('dns');
    expect(api.endpoints.map((e) => e.name)).toEqual(['estate-lb']);
    expect(
      plan
        .cutover!.records.filter((r) => r.name === 'api.example-estate.com' && r.type === 'A')
        .map((r) => r.setIdentifier),
    ).toEqual(['digitalocean-estate-lb', 'aws']);
    expect(plan.apps.alb!.newNameAliases.map((a) => a.hostname)).not.toContain('api.example-estate.com');
  });
});
