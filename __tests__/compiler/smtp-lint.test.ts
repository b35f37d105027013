/**
 * lint/smtp-egress: a container configured for an SMTP server whose app has no TCP egress on its port is a
 * warning at the host variable, from `validate` (checkSpec) as from `plan`; the fix never names port 25, and
 * a port 25 in the environment is called out.
 */
import fc from 'fast-check';
import { checkSpec, compile } from '../../compiler';
import { baseSpecInput, loadExample, specWithApps, type AppInput } from '../helpers/synth';
import { load } from '../helpers/validate';

const HOST_VARIABLES = ['EMAIL_HOST', 'MAIL_HOST', 'SMTP_HOST'] as const;
const SMTP_PORTS = [25, 465, 587, 2525];

const egressEntry = fc.record({
  protocol: fc.constantFrom('tcp', 'udp'),
  from: fc.constantFrom(25, 443, 465, 500, 587, 2525, 3000),
  span: fc.constantFrom(0, 0, 1, 100, 3000),
});

const shape = fc.record({
  variable: fc.constantFrom(...HOST_VARIABLES),
  where: fc.constantFrom('environment', 'secrets'),
  host: fc.constantFrom(
    'smtp.eu.mailgun.org',
    'email-smtp.eu-west-1.amazonaws.com',
    'localhost',
    '127.0.0.1',
  ),
  port: fc.option(fc.constantFrom(25, 465, 587, 2525, 1025), { nil: undefined }),
  egress: fc.array(egressEntry, { maxLength: 3 }),
});
type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;

const appOf = (s: Shape): AppInput =>
  ({
    name: 'web',
    containers: [
      {
        name: 'main',
        image: { repository: 'demo/web', tag: '1.0.0' },
        environment: {
          ...(s.where === 'environment' ? { [s.variable]: s.host } : {}),
          ...(s.port === undefined ? {} : { [s.variable.replace('_HOST', '_PORT')]: s.port }),
        },
        ...(s.where === 'secrets' ? { secrets: { [s.variable]: 'mail:HOST' } } : {}),
      },
    ],
    egress: s.egress
      .filter(
        (e, i, all) =>
          all.findIndex((o) => o.protocol === e.protocol && o.from === e.from && o.span === e.span) === i,
      )
      .map((e) => ({
        description: 'mail',
        protocol: e.protocol,
        ...(e.span === 0 ? { port: e.from } : { ports: `${e.from}-${e.from + e.span}` }),
        to: { cidrs: ['0.0.0.0/0'] },
      })),
  }) as AppInput;

/** The oracle: a TCP entry covers the named port, or (with none named) any SMTP port; a local host needs none. */
function expectsWarning(s: Shape): boolean {
  if (s.where === 'environment' && ['localhost', '127.0.0.1'].includes(s.host)) return false;
  const wanted = s.port === undefined ? SMTP_PORTS : [s.port];
  return !s.egress.some(
    (e) => e.protocol === 'tcp' && wanted.some((p) => e.from <= p && p <= e.from + e.span),
  );
}

const smtpWarnings = (s: Shape) =>
  checkSpec(specWithApps([appOf(s)], { secrets: [{ name: 'mail', keys: ['HOST'] }] })).filter(
    (d) => d.code === 'lint/smtp-egress',
  );

describe('lint/smtp-egress', () => {
  it('fires exactly when no TCP egress reaches the SMTP port, at the host variable', () => {
    let fired = 0;
    fc.assert(
      fc.property(shape, (s) => {
        const found = smtpWarnings(s);
        expect(found).toHaveLength(expectsWarning(s) ? 1 : 0);
        if (found.length === 0) return;
        fired++;
        const w = found[0];
        expect(w.severity).toBe('warning');
        expect(w.path).toBe(`apps[0].containers[0].${s.where}.${s.variable}`);
        // The fix names a submission port, never 25; a port 25 in the environment is called out.
        // (the port the environment names, else 587 with 465 and 2525 as alternatives).
        expect(w.hint).toContain(s.port === undefined || s.port === 25 ? 'port: 587' : `port: ${s.port}`);
        expect(w.hint).not.toMatch(/port: 25\b/);
        expect(w.message.includes('port 25 is throttled')).toBe(s.port === 25);
      }),
      { numRuns: 150, seed: 2526 },
    );
    expect(fired).toBeGreaterThan(30);
  });

  it('the django-app example declares its SMTP egress and is clean; without it, validate and plan warn alike', () => {
    const spec = loadExample('django-app');
    expect(checkSpec(spec).filter((d) => d.code === 'lint/smtp-egress')).toEqual([]);
    const withoutEgress = structuredClone(spec);
    withoutEgress.apps[0].egress = [];
    const fromValidate = checkSpec(withoutEgress).filter((d) => d.code === 'lint/smtp-egress');
    expect(fromValidate.map((d) => d.path)).toEqual(['apps[0].containers[1].environment.EMAIL_HOST']);
    const fromPlan = compile(withoutEgress).warnings.filter((d) => d.code === 'lint/smtp-egress');
    expect(fromPlan.map((d) => d.message)).toEqual(fromValidate.map((d) => d.message));
  });
});

describe('SMTP under nat: none', () => {
  const mailApp = (egress: unknown[] = []): AppInput =>
    ({
      name: 'web',
      containers: [
        {
          name: 'main',
          image: { repository: 'demo/web', tag: '1.0.0' },
          environment: { MAIL_HOST: 'smtp.eu.mailgun.org', MAIL_PORT: '587' },
        },
      ],
      egress,
    }) as AppInput;
  const noNat = (egress: unknown[] = []) => {
    const base = baseSpecInput();
    const vpc = (base.aws.network as { vpc: Record<string, unknown> }).vpc;
    return load({
      ...base,
      aws: { ...base.aws, network: { vpc: { ...vpc, nat: 'none' } } },
      ecr: { repositories: [{ name: 'demo/web' }] },
      apps: [mailApp(egress)],
    });
  };

  it('is a located error (no route), not the lint warning; a relay inside the VPC is accepted', () => {
    const refused = noNat();
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    const errors = refused.diagnostics.filter((d) => d.code === 'smtp-no-route');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      severity: 'error',
      path: 'apps[0].containers[0].environment.MAIL_HOST',
    });
    expect(errors[0].line).toBeGreaterThan(1);
    expect(errors[0].hint).toMatch(/nat: single.*relay inside the VPC/);
    const base = baseSpecInput();
    const vpcCidr = (base.aws.network as { vpc: { cidr: string } }).vpc.cidr;
    const relay = noNat([{ description: 'relay in the VPC', port: 587, to: { cidrs: [vpcCidr] } }]);
    expect(relay.ok ? [] : relay.diagnostics.filter((d) => d.code === 'smtp-no-route')).toEqual([]);
  });
});
