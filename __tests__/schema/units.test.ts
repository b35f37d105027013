import { isCredentialName } from '../../schema/credentials';
import { scanValue } from '../../schema/secrets/scan';
import { containsCidr, normalized, overlaps, parseCidr } from '../../schema/cidr';
import { editDistance, nearest } from '../../schema/suggest';
import { loadSpecText } from '../../schema/load';
import { patch } from './base-spec';

describe('credential names', () => {
  it.each([
    'DB_PASSWORD',
    'PASSWORD',
    'STRIPE_SECRET',
    'SECRET',
    'APP_KEY',
    'GITHUB_TOKEN',
    'DB_PASS',
    'SECRET_KEY_BASE',
    'AWS_SECRET_ACCESS_KEY',
    'dbPassword',
    'SENDGRID_APIKEY',
    'GOOGLE_CREDENTIALS',
  ])('%s is a credential', (name) => expect(isCredentialName(name)).toBe(true));
  it.each([
    'AWS_ACCESS_KEY_ID',
    'PASSWORD_MIN_LENGTH',
    'TOKEN_TTL',
    'SECRET_NAME',
    'DB_PASSWORD_FILE',
    'JWT_PUBLIC_KEY',
    'STRIPE_PUBLISHABLE_KEY',
    'PWD',
    'APP_ENV',
    'KEYCLOAK_URL',
  ])('%s is not a credential', (name) => expect(isCredentialName(name)).toBe(false));
  it('finds passwords in URLs and DSNs, not in plain URLs', () => {
    const passwordInUrl = (v: string) => scanValue(v).some((m) => m.rule.id === 'url-userinfo-password');
    expect(passwordInUrl('postgres://app:hunter2@db:5432/app')).toBe(true);
    expect(passwordInUrl('redis://:hunter2@cache:6379/0')).toBe(true);
    expect(passwordInUrl('https://user@example.com/')).toBe(false);
    expect(passwordInUrl('https://example.com:8443/path')).toBe(false);
    expect(passwordInUrl('mysql://db:3306/shop')).toBe(false);
  });
  it('an empty credential-named value and a non-credential name pass validation', () => {
    const text = patch(
      '{ APP_ENV: production }',
      '{ APP_ENV: production, DB_PASSWORD: "", AWS_ACCESS_KEY_ID: AKIAEXAMPLE }',
    );
    expect(loadSpecText(text).ok).toBe(true);
  });
});

describe('CIDR arithmetic', () => {
  const c = (t: string) => parseCidr(t)!;
  it('clears host bits', () => {
    expect(normalized(c('10.0.0.1/16'))).toBe('10.0.0.0/16');
    expect(normalized(c('10.0.0.0/16'))).toBeUndefined();
    expect(normalized(c('192.168.1.77/26'))).toBe('192.168.1.64/26');
  });
  it('containment and overlap', () => {
    expect(containsCidr(c('10.0.0.0/16'), c('10.0.255.0/24'))).toBe(true);
    expect(containsCidr(c('10.0.0.0/16'), c('10.1.0.0/24'))).toBe(false);
    expect(containsCidr(c('10.0.0.0/24'), c('10.0.0.0/16'))).toBe(false);
    expect(overlaps(c('10.0.0.0/24'), c('10.0.0.128/25'))).toBe(true);
    expect(overlaps(c('10.0.0.0/25'), c('10.0.0.128/25'))).toBe(false);
    expect(overlaps(c('0.0.0.0/0'), c('255.255.255.255/32'))).toBe(true);
  });
  it('rejects malformed text', () => {
    expect(parseCidr('10.0.0.256/16')).toBeUndefined();
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
  });
});

describe('did you mean', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('contianers', 'containers')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
  it('suggests only near candidates', () => {
    expect(nearest('contianers', ['name', 'containers', 'volumes'])).toBe('containers');
    expect(nearest('regoin', ['region', 'tags'])).toBe('region');
    expect(nearest('xyz', ['region', 'tags'])).toBeUndefined();
    expect(nearest('Region', ['region'])).toBe('region');
  });
});

/** The base spec with its php container (an image from outside the spec's ECR) given the app's stores. */
const withPhpUses = (text?: string) =>
  patch(
    '        environment: { APP_ENV: production }\n',
    '        environment: { APP_ENV: production }\n        uses: [main, sessions]\n',
    text,
  );

describe('warnings', () => {
  it('are returned with a valid spec, located, with severity warning', () => {
    const text = withPhpUses(
      patch(
        '  - { name: stripe, keys: [secret_key] }\n',
        '  - { name: stripe, keys: [secret_key] }\n  - { name: unused }\n',
      ),
    );
    const result = loadSpecText(text, 'w.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'unused-secret',
        path: 'secrets[1].name',
        line: 29,
        column: 13,
      }),
    ]);
  });
  it('nat: none, a cutover that stops short of 100 %', () => {
    let text = patch(
      'privateSubnets: [10.0.10.0/24, 10.0.11.0/24]\n',
      'privateSubnets: [10.0.10.0/24, 10.0.11.0/24]\n      nat: none\n',
    );
    text = patch('phases: [0, 50, 100]', 'phases: [0, 50]', text);
    // Without NAT only ECR in the region is reachable: the sidecar's image is a copy there.
    text = patch(
      'uri: "php:8.3-fpm"',
      'uri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/php:8.3-fpm"',
      text,
    );
    const result = loadSpecText(withPhpUses(text));
    // and, the data moving first (no NAT reaches DigitalOcean), the 50 % phase writes at two sites
    expect(result.ok && result.warnings.map((w) => w.code)).toEqual([
      'nat-none',
      'cutover-incomplete',
      'move-first-split-phase',
    ]);
  });
});

describe('rules scale linearly', () => {
  it('a spec with 2,000 apps that all reference the same names has no errors', () => {
    const apps = Array.from(
      { length: 2000 },
      (_, i) =>
        `  - { name: app-${i}, droplets: [web-1], containers: [{ name: c, image: { repository: shop/web, tag: "1" } }], uses: { databases: [main], caches: [sessions] } }`,
    ).join('\n');
    const text = patch('apps:\n', `apps:\n${apps}\n`);
    const result = loadSpecText(text);
    expect(result.ok ? result.spec.apps.length : result.diagnostics.slice(0, 3)).toBe(2001);
  });
});

describe('hostile documents', () => {
  it('deep nesting is a diagnostic, not a stack overflow', () => {
    const result = loadSpecText(`version: 1\nx: ${'['.repeat(100000)}${']'.repeat(100000)}\n`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics[0]).toMatchObject({
      code: 'yaml/resource-exhaustion',
      line: 2,
      path: '',
      message: expect.stringMatching(/^the document nests too deeply to read/),
    });
  });

  it('a merge key (<<) shares settings, and errors inside it are still located', () => {
    const text = patch(
      '      - name: php\n        image: { uri: "php:8.3-fpm" }\n',
      '      - <<: { image: { uri: ~ } }\n        name: php\n',
    );
    const result = loadSpecText(text, 'm.yaml');
    expect(result.ok ? [] : result.diagnostics).toEqual([
      expect.objectContaining({ path: 'apps[0].containers[1].image.uri', line: 39, code: 'invalid-type' }),
    ]);
  });

  it('a byte-order mark does not shift columns', () => {
    const result = loadSpecText('\uFEFFversion: 2\n');
    expect(result.ok ? [] : result.diagnostics.find((d) => d.path === 'version')).toMatchObject({
      line: 1,
      column: 10,
    });
  });
});
