/**
 * One ACM certificate per domain: generated estates (up to five domains, nested and look-alike ones, each DNS
 * mode, wildcards and apexes, spread over several apps). Each domain's certificate holds exactly its hostnames;
 * the first declared domain's (the listener's default) keeps the single certificate's ids, so adding a domain,
 * whatever its name sorts as, moves no existing certificate; the others are attached to the HTTPS listener (SNI); every construct id is distinct; every certificate and
 * attachment is created before its predecessor is destroyed. The quotas (ACM names per certificate, ALB
 * certificates per load balancer) become manual steps past their defaults. An offline terraform plan of a
 * three-domain stack creates what it declares.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { compile, planDecisions, planManualSteps } from '../../compiler';
import { ALB_CERTIFICATES_PER_LOAD_BALANCER } from '../../compiler/apps/alb';
import { domainOf } from '../../schema/inventory/records';
import { loadSpecText } from '../../schema/load';
import type { ValidSpec } from '../../schema/valid-spec';
import { baseSpecInput, cleanupSynth, resourcesOfType, specFrom, synthPlan } from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';

afterAll(cleanupSynth);

// www-alpha.com's apex and www.alpha.com share a host slug (the second gets the record_ id). (shop-alpha.com beside
// shop.alpha.com is left out: their hosted zones' construct ids clash in the dns stack, outside this test.)
const DOMAINS = ['alpha.com', 'beta.org', 'shop.alpha.com', 'www-alpha.com', 'gamma.net'] as const;
const LABELS = ['@', 'www', 'api', '*'] as const;
const hostOf = (label: string, domain: string) =>
  label === '@' ? domain : label === '*' ? `*.${domain}` : `${label}.${domain}`;

const estate = fc.record({
  domains: fc.uniqueArray(
    fc.record({
      name: fc.constantFrom(...DOMAINS),
      dns: fc.constantFrom('digitalocean', 'route53', 'route53-existing', 'external'),
    }),
    { minLength: 1, maxLength: 5, selector: (d) => d.name },
  ),
  picks: fc.uniqueArray(fc.tuple(fc.nat(4), fc.constantFrom(...LABELS)), {
    minLength: 1,
    maxLength: 9,
    selector: ([d, l]) => `${d}/${l}`,
  }),
  perApp: fc.integer({ min: 1, max: 3 }),
});

type Estate = typeof estate extends fc.Arbitrary<infer T> ? T : never;

/** The estate's public hostnames in order, and the spec input that serves them from one app per `perApp`. */
function specOfEstate(e: Estate): { hostnames: string[]; input: Record<string, unknown> } {
  const hostnames = [
    ...new Set(e.picks.map(([d, label]) => hostOf(label, e.domains[d % e.domains.length].name))),
  ];
  const apps = [];
  for (let i = 0; i < hostnames.length; i += e.perApp)
    apps.push({
      name: `app${i}`,
      containers: [{ name: 'web', image: { uri: 'nginx:1.27' }, port: 80 }],
      expose: { public: { hostnames: hostnames.slice(i, i + e.perApp), container: 'web', port: 80 } },
    });
  const domains = e.domains.map((d, i) => ({
    name: d.name,
    dns: d.dns === 'route53-existing' ? 'route53' : d.dns,
    ...(d.dns === 'route53-existing' ? { route53ZoneId: `Z0EXISTING${i}` } : {}),
  }));
  return {
    hostnames,
    input: {
      ...baseSpecInput(),
      digitalocean: { domains },
      apps,
    },
  };
}

const validated = (input: Record<string, unknown>): ValidSpec | undefined => {
  const result = loadSpecText(stringify(input), 'estate.yaml');
  return result.ok ? result.spec : undefined;
};

describe('one certificate per domain', () => {
  it('holds exactly each domain’s hostnames, with distinct ids, the first keeping the single certificate’s', () => {
    let accepted = 0;
    fc.assert(
      fc.property(estate, (e) => {
        const { hostnames, input } = specOfEstate(e);
        const spec = validated(input);
        if (!spec) return;
        accepted++;
        const plan = compile(spec);
        const certificates = plan.apps.alb!.certificates;
        const declared = spec.digitalocean.domains;
        const domainOfHost = (h: string) => domainOf(declared, h.replace(/^\*\./, ''))!;
        // The default first: the first declared domain with a public hostname; the others in text order. Each
        // certificate's names shortest first, then in text order: never the app order, so reordering apps
        // replaces no certificate.
        const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
        const byLength = (a: string, b: string) => a.length - b.length || byText(a, b);
        const used = new Set(hostnames.map(domainOfHost));
        const first = declared.find((d) => used.has(d.name))!.name;
        expect(certificates.map((c) => c.domain)).toEqual([
          first,
          ...[...used].filter((d) => d !== first).sort(byText),
        ]);
        const ids: string[] = ['alb', 'listener-http', 'listener-https'];
        certificates.forEach((c, i) => {
          expect([c.domainName, ...c.subjectAlternativeNames]).toEqual(
            [...new Set(hostnames.filter((h) => domainOfHost(h) === c.domain))].sort(byLength),
          );
          const external = declared.find((d) => d.name === c.domain)!.dns === 'external';
          expect(c.validations.length === 0).toBe(external);
          expect(c.manualHostnames.length > 0).toBe(external);
          expect(c.createBeforeDestroy).toBe(true);
          if (i === 0) {
            expect(c.ids).toEqual({ certificate: 'certificate', validation: 'certificate-validation' });
          } else expect(c.ids.listenerCertificate).toBeDefined();
          ids.push(...Object.values(c.ids), ...c.validations.map((v) => v.id));
        });
        expect(new Set(ids).size).toBe(ids.length);
        const decision = planDecisions(plan).find((d) => d.subject === 'apps.alb.certificates')!;
        expect(decision.choice).toContain(`${certificates[0].domain} (the HTTPS listener's default`);
        if (certificates.length > 1)
          expect(decision.rule).toContain('replaces aws_acm_certificate.certificate');
      }),
      { numRuns: 150, seed: 18_0018 },
    );
    expect(accepted).toBeGreaterThan(50);
  });

  it('renders each certificate, its validation and (after the first) its listener attachment, create-before-destroy', () => {
    let rendered = 0;
    fc.assert(
      fc.property(estate, (e) => {
        const spec = validated(specOfEstate(e).input);
        if (!spec) return;
        rendered++;
        const plan = compile(spec);
        const out = synthPlan(plan);
        const json = out.stackJson(plan.apps.alb!.address.stack);
        const certificates = plan.apps.alb!.certificates;
        const acm = resourcesOfType(json, 'aws_acm_certificate');
        const validations = resourcesOfType(json, 'aws_acm_certificate_validation');
        const attached = resourcesOfType(json, 'aws_lb_listener_certificate');
        expect(Object.keys(acm).sort()).toEqual(certificates.map((c) => c.ids.certificate).sort());
        expect(Object.keys(validations).sort()).toEqual(certificates.map((c) => c.ids.validation).sort());
        expect(Object.keys(attached).sort()).toEqual(
          certificates
            .slice(1)
            .map((c) => c.ids.listenerCertificate!)
            .sort(),
        );
        for (const c of Object.values({ ...acm, ...attached }))
          expect(c.lifecycle).toEqual({ create_before_destroy: true });
        for (const c of certificates.slice(1))
          expect(attached[c.ids.listenerCertificate!]).toMatchObject({
            listener_arn: '${aws_lb_listener.listener-https.arn}',
            certificate_arn: `\${aws_acm_certificate_validation.${c.ids.validation}.certificate_arn}`,
          });
        expect(resourcesOfType(json, 'aws_lb_listener')['listener-https'].certificate_arn).toBe(
          '${aws_acm_certificate_validation.certificate-validation.certificate_arn}',
        );
        const manual = certificates.filter((c) => c.manualHostnames.length > 0);
        expect(json.output?.certificate_validation_records !== undefined).toBe(manual.length > 0);
      }),
      { numRuns: 20, seed: 18_0019 },
    );
    expect(rendered).toBeGreaterThan(5);
  });
});

/** A spec with one public app per domain (`d0.com` … `d<n-1>.com`), each at DigitalOcean. */
function specWithDomains(n: number, namesInFirst = 1): ValidSpec {
  const names = Array.from({ length: n }, (_, i) => `d${i}.com`);
  return specFrom({
    ...baseSpecInput(),
    digitalocean: { domains: names.map((name) => ({ name, dns: 'digitalocean' })) },
    apps: names.map((domain, i) => ({
      name: `app${i}`,
      containers: [{ name: 'web', image: { uri: 'nginx:1.27' }, port: 80 }],
      expose: {
        public: {
          hostnames:
            i === 0
              ? Array.from({ length: namesInFirst }, (_, j) => (j === 0 ? domain : `h${j}.${domain}`))
              : [domain],
          container: 'web',
          port: 80,
        },
      },
    })),
  });
}

describe('certificate addresses', () => {
  it('stay put when a domain that sorts first is added at the end of digitalocean.domains', () => {
    const addressesOf = (input: Record<string, unknown>) =>
      new Map(compile(validated(input)!).apps.alb!.certificates.map((c) => [c.domain, c.ids]));
    let compared = 0;
    fc.assert(
      fc.property(estate, fc.constantFrom('digitalocean', 'route53', 'external'), (e, dns) => {
        const { input } = specOfEstate(e);
        if (!validated(input)) return;
        compared++;
        const before = addressesOf(input);
        const apps = input.apps as Record<string, unknown>[];
        const doSide = input.digitalocean as { domains: unknown[] };
        const after = addressesOf({
          ...input,
          digitalocean: { ...doSide, domains: [...doSide.domains, { name: 'aaa.example', dns }] },
          apps: [
            ...apps,
            {
              name: 'newcomer',
              containers: [{ name: 'web', image: { uri: 'nginx:1.27' }, port: 80 }],
              expose: { public: { hostnames: ['api.aaa.example'], container: 'web', port: 80 } },
            },
          ],
        });
        // Every existing certificate (the listener's default at `certificate` among them) keeps its ids.
        for (const [domain, ids] of before) expect(after.get(domain)).toEqual(ids);
        expect(after.get('aaa.example')!.certificate).toBe('certificate_aaa_example');
      }),
      { numRuns: 40, seed: 2026_1208 },
    );
    expect(compared).toBeGreaterThan(10);
  });
  it('give the default to the first declared domain, and say how to keep the text-order default of before', () => {
    const { input } = specOfEstate({
      domains: [
        { name: 'gamma.net', dns: 'route53' },
        { name: 'alpha.com', dns: 'digitalocean' },
      ],
      picks: [
        [0, 'www'],
        [1, '@'],
      ],
      perApp: 1,
    });
    const plan = compile(validated(input)!);
    expect(plan.apps.alb!.certificates.map((c) => [c.domain, c.ids.certificate])).toEqual([
      ['gamma.net', 'certificate'],
      ['alpha.com', 'certificate_alpha_com'],
    ]);
    const decision = planDecisions(plan).find((d) => d.subject === 'apps.alb.certificates')!;
    expect(decision.rule).toContain('declare alpha.com first in digitalocean.domains to keep them');
  });
});

describe('validation record ids', () => {
  it('keep the single certificate’s ids, and give a name whose host slug is taken one of its own', () => {
    const { input } = specOfEstate({
      domains: [
        { name: 'alpha.com', dns: 'digitalocean' },
        { name: 'www-alpha.com', dns: 'digitalocean' },
      ],
      picks: [
        [0, 'www'],
        [1, '@'],
      ],
      perApp: 1,
    });
    const certificates = compile(validated(input)!).apps.alb!.certificates;
    expect(certificates.map((c) => c.validations.map((v) => v.id))).toEqual([
      ['certificate-validation-www-alpha-com'],
      ['certificate-validation-record_www-alpha_com'],
    ]);
  });
});

describe('quotas', () => {
  const titles = (spec: ValidSpec) => planManualSteps(compile(spec)).map((s) => s.title);

  it('asks for more ALB certificates once the attached ones and a replacement exceed 25', () => {
    // 25 domains: 24 attached + 1 while one is replaced = 25, the default.
    expect(titles(specWithDomains(ALB_CERTIFICATES_PER_LOAD_BALANCER))).not.toContain(
      'Raise the ALB certificates-per-load-balancer quota',
    );
    const step = planManualSteps(compile(specWithDomains(ALB_CERTIFICATES_PER_LOAD_BALANCER + 1))).find(
      (s) => s.title === 'Raise the ALB certificates-per-load-balancer quota',
    );
    expect(step?.detail).toContain('holds 25 certificates besides its default');
    expect(step?.detail).toContain('load-balancer-limits.html');
  });

  it('counts ACM names per certificate, not over all domains', () => {
    // Two domains of 6 and 1 names: 7 names, within 10 per certificate either way.
    expect(titles(specWithDomains(2, 6))).not.toContain('Raise the ACM names-per-certificate quota');
    // 11 names on one domain's certificate.
    const step = planManualSteps(compile(specWithDomains(2, 11))).find(
      (s) => s.title === 'Raise the ACM names-per-certificate quota',
    );
    expect(step?.detail).toContain('d0.com covers 11 names');
  });
});

describeTerraform('per-domain certificates under terraform', () => {
  it('plans a three-domain stack offline: three certificates and validations, two attachments', () => {
    const spec = validated(
      specOfEstate({
        domains: [
          { name: 'alpha.com', dns: 'digitalocean' },
          { name: 'beta.org', dns: 'route53-existing' },
          { name: 'gamma.net', dns: 'external' },
        ],
        picks: [
          [0, '@'],
          [0, '*'],
          [1, 'www'],
          [2, 'api'],
          [0, 'www'],
        ],
        perApp: 2,
      }).input,
    )!;
    const plan = compile(spec);
    const out = synthPlan(plan);
    const result = planStack(out.outdir, plan.apps.alb!.address.stack);
    expect(result.validate.errorCount).toBe(0);
    expect(result.createdByType).toMatchObject({
      aws_acm_certificate: 3,
      aws_acm_certificate_validation: 3,
      aws_lb_listener_certificate: 2,
      // alpha.com and *.alpha.com share one record, www.alpha.com has its own; beta.org one; gamma.net none.
      aws_route53_record: 3,
    });
  });
});
