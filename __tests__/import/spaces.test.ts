/**
 * Spaces from `aws s3api` JSON (list-buckets, get-bucket-acl/-cors/-lifecycle-configuration/-location, named
 * after their region or Space) and Spaces CDN endpoints from `doctl compute cdn list -o json`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { importInventory, ImportError, type ImportOptions } from '../../cli/import';
import { compile, compileSpec } from '../../compiler';
import { cleanupSynth, synthRoleJson } from '../helpers/synth';
import { loadSpecText } from '../../schema/load';
import { doctl, doctlFixtures, importAndLoad, repoRoot } from './helpers';

const spacesFixtures = join(repoRoot, '__tests__', 'fixtures', 'spaces');
const fixture = (name: string) => join(spacesFixtures, name);
const fixtureJson = (name: string) => JSON.parse(readFileSync(fixture(name), 'utf8')) as unknown;

/** A folder holding the given files (name → JSON value or raw text). */
function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dropship-spaces-'));
  for (const [name, value] of Object.entries(files))
    writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value, null, 4));
  return dir;
}

function failure(options: ImportOptions): ImportError {
  try {
    importInventory(options);
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('expected the import to fail');
}

const list = (...names: string[]) => ({
  Buckets: names.map((Name) => ({ Name, CreationDate: '2024-01-02T03:04:05.000Z' })),
  Owner: { DisplayName: '7091234', ID: '7091234' },
});
const cdn = (over: Record<string, unknown> = {}) => [
  {
    id: '19f06b6a-3ace-4315-b086-499a0e521b76',
    origin: 'media.ams3.digitaloceanspaces.com',
    endpoint: 'media.ams3.cdn.digitaloceanspaces.com',
    created_at: '2023-04-11T09:20:01Z',
    ttl: 3600,
    ...over,
  },
];

describe('import of Spaces and CDN endpoints', () => {
  const { spec, raw, warnings } = importAndLoad({ inputs: [spacesFixtures], project: 'gallery' });

  it('reads each Space with its region, ACL, CORS and lifecycle rules', () => {
    expect(spec.digitalocean.spaces).toEqual([
      {
        name: 'gallery-uploads',
        region: 'fra1',
        acl: 'private',
        publicFiles: false,
        cors: [
          {
            allowedOrigins: ['https://gallery-example.org'],
            allowedMethods: ['GET', 'PUT'],
            allowedHeaders: ['*'],
            exposeHeaders: [],
            maxAgeSeconds: 3000,
          },
        ],
        lifecycle: [
          { id: 'expire-tmp', prefix: 'tmp/', enabled: true, expirationDays: 7 },
          { id: 'abort-uploads', prefix: '', enabled: true, abortIncompleteMultipartUploadDays: 2 },
        ],
      },
      {
        name: 'gallery-assets',
        region: 'fra1',
        acl: 'public-read',
        publicFiles: false,
        cors: [],
        lifecycle: [],
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it('reads the CDN endpoint with its custom host name (godo field names)', () => {
    expect(spec.digitalocean.cdnEndpoints).toEqual([
      {
        space: 'gallery-assets',
        id: '19f06b6a-3ace-4315-b086-499a0e521b76',
        customDomain: 'cdn.gallery-example.org',
        ttlSeconds: 86400,
      },
    ]);
    // Only what DigitalOcean said: defaults stay implicit.
    expect((raw.digitalocean as { spaces: object[] }).spaces[1]).toEqual({
      name: 'gallery-assets',
      region: 'fra1',
      acl: 'public-read',
    });
  });

  it('drafts a bucket per Space, named without the project prefix, used by no app yet', () => {
    expect(spec.storage.buckets).toEqual([
      { name: 'uploads', from: 'gallery-uploads', access: [] },
      { name: 'assets', from: 'gallery-assets', access: [] },
    ]);
    const outcome = compileSpec(spec);
    expect(outcome.ok ? [] : outcome.diagnostics).toEqual([]);
    if (!outcome.ok) return;
    expect(outcome.plan.storage.buckets.map((b) => b.bucketName)).toEqual([
      'gallery-production-uploads',
      'gallery-production-assets',
    ]);
  });

  it('drafts no bucket for a Space served at a CDN host name outside the imported domains, and says why', () => {
    const dir = folder({
      'spaces-fra1.json': list('media', 'static'),
      'cdn.json': [
        ...cdn({
          origin: 'static.fra1.digitaloceanspaces.com',
          endpoint: 'static.fra1.cdn.digitaloceanspaces.com',
          custom_domain: 'static.elsewhere.example',
        }),
      ],
      'domains.json': [{ name: 'shop.example', ttl: 1800, zone_file: '' }],
    });
    const { spec: s, text } = importAndLoad({ inputs: [dir], project: 'shop' });
    expect(s.storage.buckets.map((b) => b.from)).toEqual(['media']);
    expect(text).toContain(
      '# TODO: Space static is served at static.elsewhere.example, outside the imported domains',
    );
    const inside = folder({
      'spaces-fra1.json': list('static'),
      'cdn.json': cdn({
        origin: 'static.fra1.digitaloceanspaces.com',
        endpoint: 'static.fra1.cdn.digitaloceanspaces.com',
        custom_domain: 'cdn.shop.example',
      }),
      'domains.json': [{ name: 'shop.example', ttl: 1800, zone_file: '' }],
    });
    expect(
      importAndLoad({ inputs: [inside], project: 'shop' }).spec.storage.buckets.map((b) => b.from),
    ).toEqual(['static']);
  });

  it('is deterministic whatever the order the files are named in', () => {
    const names = [
      'cdn-endpoints.json',
      'space-gallery-uploads.lifecycle.json',
      'spaces-fra1.json',
      'space-gallery-assets.acl.json',
      'space-gallery-uploads.cors.json',
      'space-gallery-uploads.acl.json',
    ];
    const once = importInventory({ inputs: names.map(fixture), project: 'gallery' }).text;
    const reversed = importInventory({ inputs: [...names].reverse().map(fixture), project: 'gallery' }).text;
    expect(reversed).toBe(once);
    expect(importInventory({ inputs: names.map(fixture), project: 'gallery' }).text).toBe(once);
  });

  it('the API body shape of the CDN list reads the same', () => {
    const dir = folder({
      'spaces-fra1.json': fixtureJson('spaces-fra1.json'),
      'endpoints.json': { endpoints: fixtureJson('cdn-endpoints.json'), links: {}, meta: { total: 1 } },
    });
    const { spec: fromApi } = importAndLoad({ inputs: [dir] });
    expect(fromApi.digitalocean.cdnEndpoints.map((e) => e.customDomain)).toEqual(['cdn.gallery-example.org']);
    const single = folder({
      'spaces-fra1.json': fixtureJson('spaces-fra1.json'),
      'endpoint.json': { endpoint: (fixtureJson('cdn-endpoints.json') as object[])[0] },
    });
    expect(importAndLoad({ inputs: [single] }).spec.digitalocean.cdnEndpoints).toEqual(
      fromApi.digitalocean.cdnEndpoints,
    );
  });

  it('leaves out, with a warning, what migration.yaml cannot say', () => {
    const dir = folder({
      'spaces-ams3.json': list('media'),
      'space-media.acl.json': {
        Grants: [
          {
            Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' },
            Permission: 'FULL_CONTROL',
          },
        ],
      },
      'space-media.lifecycle.json': {
        Rules: [
          {
            ID: 'by-tag',
            Filter: { Tag: { Key: 'tmp', Value: '1' } },
            Status: 'Enabled',
            Expiration: { Days: 1 },
          },
          {
            ID: 'on-a-date',
            Filter: { Prefix: 'x/' },
            Status: 'Disabled',
            Expiration: { Date: '2027-01-01T00:00:00Z' },
          },
          {
            ID: 'versions',
            Filter: {},
            Status: 'Disabled',
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          },
        ],
      },
      'space-other.cors.json': { CORSRules: [] },
      'cdn.json': cdn({
        origin: 'gone.ams3.digitaloceanspaces.com',
        endpoint: 'gone.ams3.cdn.digitaloceanspaces.com',
      }),
    });
    const result = importAndLoad({ inputs: [dir] });
    expect(result.spec.digitalocean.spaces[0]).toMatchObject({
      name: 'media',
      acl: 'public-read',
      lifecycle: [{ id: 'versions', prefix: '', enabled: false, noncurrentVersionExpirationDays: 30 }],
    });
    expect(result.spec.digitalocean.cdnEndpoints).toEqual([]);
    expect(result.warnings.join('\n')).toMatch(/lifecycle rule 1 of Space media filters by Tag/);
    expect(result.warnings.join('\n')).toMatch(/lifecycle rule 2 of Space media has no action/);
    expect(result.warnings.join('\n')).toMatch(/Space media: its ACL lets anyone write to it/);
    expect(result.warnings.join('\n')).toMatch(/Space other is in no imported list-buckets file/);
    expect(result.warnings.join('\n')).toMatch(
      /CDN endpoint .* serves the Space gone in ams3, which is not among/,
    );
  });

  it('a bucket policy that lets anyone read objects marks the Space publicFiles', () => {
    const policy = (statement: object) => ({
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
    });
    const dir = folder({
      'spaces-ams3.json': list('open', 'referer', 'closed'),
      'space-open.policy.json': policy({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::open/public/*',
      }),
      'space-referer.policy.json': policy({
        Effect: 'Allow',
        Principal: { AWS: ['*'] },
        Action: ['s3:GetObject'],
        Resource: 'arn:aws:s3:::referer/*',
        Condition: { StringLike: { 'aws:Referer': 'https://shop.example.com/*' } },
      }),
      'space-closed.policy.json': policy({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: 'arn:aws:s3:::closed/*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    });
    const { spec: s } = importAndLoad({ inputs: [dir] });
    expect(s.digitalocean.spaces.map((x) => [x.name, x.publicFiles])).toEqual([
      ['open', true],
      ['referer', true],
      ['closed', false],
    ]);
    const bad = folder({
      'spaces-ams3.json': list('open'),
      'space-open.policy.json': { Policy: '{"Statement": [' },
    });
    expect(failure({ inputs: [bad] }).message).toMatch(
      /space-open.policy.json: \$.Policy: expected a bucket policy document as a JSON string/,
    );
  });

  it('a Space without an exported ACL is written private, with a warning', () => {
    const { spec: s, warnings: w } = importAndLoad({
      inputs: [folder({ 'spaces-nyc3.json': list('logs') })],
    });
    expect(s.digitalocean.spaces).toMatchObject([{ name: 'logs', region: 'nyc3', acl: 'private' }]);
    expect(w).toEqual([expect.stringContaining('Space logs: no get-bucket-acl response')]);
  });

  it('takes a Spaces slug from BucketRegion, and ignores any other value there', () => {
    const dir = folder({
      'spaces-fra1.json': {
        Buckets: [
          { Name: 'a-space', BucketRegion: 'ams3' },
          { Name: 'b-space', BucketRegion: 'us-east-1' },
          { Name: 'c-space', BucketRegion: '${x}' },
        ],
      },
    });
    const { spec: s } = importAndLoad({ inputs: [dir] });
    expect(s.digitalocean.spaces.map((x) => x.region)).toEqual(['ams3', 'fra1', 'fra1']);
  });

  it('takes the region from get-bucket-location over the list it appears in, and refuses a guess', () => {
    const both = { 'spaces-fra1.json': list('media'), 'spaces-ams3.json': list('media') };
    const err = failure({ inputs: [folder(both)] });
    expect(err.message).toMatch(/Space media is listed in .*spaces-ams3.json \(ams3\) too \(fra1\)/);
    expect(err.message).toContain(
      'aws s3api get-bucket-location --bucket media --endpoint-url https://fra1.digitaloceanspaces.com > space-media.location.json',
    );
    const located = importAndLoad({
      inputs: [folder({ ...both, 'space-media.location.json': { LocationConstraint: 'ams3' } })],
    });
    expect(located.spec.digitalocean.spaces.map((s) => [s.name, s.region])).toEqual([['media', 'ams3']]);
  });
});

describe('Spaces exports: bad input names the file and the JSON path', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'a list whose file does not name the region',
      { 'buckets.json': list('media') },
      /buckets.json: \$: a list-buckets response does not say which Spaces region.*spaces-<region>.json/,
    ],
    [
      'a CORS file that does not name its Space',
      { 'spaces-ams3.json': list('media'), 'cors.json': { CORSRules: [] } },
      /cors.json: \$: a get-bucket-cors response does not say which Space.*space-<space>/,
    ],
    [
      'a bucket name that is not a Space name',
      { 'spaces-ams3.json': list('Media_Files') },
      /spaces-ams3.json: \$.Buckets\[0\].Name: expected a Space name/,
    ],
    [
      'a lifecycle status that is neither',
      {
        'spaces-ams3.json': list('media'),
        'space-media.lifecycle.json': { Rules: [{ Status: 'On', Expiration: { Days: 1 } }] },
      },
      /space-media.lifecycle.json: \$.Rules\[0\].Status: expected Enabled or Disabled/,
    ],
    [
      'zero days',
      {
        'spaces-ams3.json': list('media'),
        'space-media.lifecycle.json': { Rules: [{ Status: 'Enabled', Expiration: { Days: 0 } }] },
      },
      /\$.Rules\[0\].Expiration.Days: expected a whole number of days, at least 1/,
    ],
    [
      'a CDN origin that is not a Space',
      { 'cdn.json': cdn({ origin: 'evil.example.com' }) },
      /cdn.json: \$\[0\].origin: expected a Space’s host name/,
    ],
    [
      'a location that is not a region slug',
      { 'spaces-ams3.json': list('media'), 'space-media.location.json': { LocationConstraint: 'EU' } },
      /space-media.location.json: \$.LocationConstraint: expected a Spaces region slug/,
    ],
  ];
  it.each(cases)('%s', (_name, files, message) => {
    const err = failure({ inputs: [folder(files)] });
    expect(err.message).toMatch(message);
    expect(err.exitCode).toBe(1);
  });

  it('malformed JSON in a Spaces file is located like any other', () => {
    const err = failure({
      inputs: [folder({ 'spaces-ams3.json': '{"Buckets": [\n  {"Name": "media",}\n]}' })],
    });
    expect(err.message).toMatch(/spaces-ams3.json: malformed JSON at line 2, column 20/);
  });
});

describe('hostile values in Spaces exports', () => {
  afterAll(cleanupSynth);
  const payloads = ['${file("/etc/passwd")}', '%{ if true }x%{ endif }', '`touch /tmp/pwned`', '$(id)'];

  it.each(payloads)('a bucket name %s is refused, located, and not echoed', (payload) => {
    const err = failure({ inputs: [folder({ 'spaces-ams3.json': list(payload) })] });
    expect(err.message).toMatch(/\$.Buckets\[0\].Name: expected a Space name/);
    expect(err.message).not.toContain(payload);
  });

  it.each(payloads)('a CORS origin %s stays data, exactly as exported', (payload) => {
    const dir = folder({
      'spaces-ams3.json': list('media'),
      'space-media.cors.json': {
        CORSRules: [
          { AllowedOrigins: [payload.replace(/ /g, '')], AllowedMethods: ['GET'], ExposeHeaders: ['`x`'] },
        ],
      },
    });
    const { spec: s } = importAndLoad({ inputs: [dir] });
    expect(s.digitalocean.spaces[0].cors[0]).toMatchObject({
      allowedOrigins: [payload.replace(/ /g, '')],
      exposeHeaders: ['`x`'],
    });
  });

  it('an imported ${...} origin and prefix reach Terraform as literal text', () => {
    const origin = 'https://${aws_s3_bucket.x.id}.example.com';
    const prefix = '${var.x}/%{ if true }/';
    const dir = folder({
      'spaces-ams3.json': list('media'),
      'space-media.cors.json': { CORSRules: [{ AllowedOrigins: [origin], AllowedMethods: ['GET'] }] },
      'space-media.lifecycle.json': {
        Rules: [{ ID: 'r', Filter: { Prefix: prefix }, Status: 'Enabled', Expiration: { Days: 3 } }],
      },
    });
    const { spec: s } = importAndLoad({ inputs: [dir], project: 'shop' });
    const json = JSON.parse(synthRoleJson(compile(s), 'data')) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    const [cors] = Object.values(json.resource.aws_s3_bucket_cors_configuration);
    expect(cors.cors_rule).toMatchObject([
      { allowed_origins: ['https://$${aws_s3_bucket.x.id}.example.com'] },
    ]);
    const [lifecycle] = Object.values(json.resource.aws_s3_bucket_lifecycle_configuration);
    expect(lifecycle.rule).toMatchObject([{ filter: [{ prefix: '$${var.x}/%%{ if true }/' }] }]);
  });

  it('a hostile lifecycle filter key is not echoed in the warning', () => {
    const key = '\u001b[2J${x}\nEVIL';
    const dir = folder({
      'spaces-ams3.json': list('media'),
      'space-media.lifecycle.json': {
        Rules: [{ Filter: { [key]: 1 }, Status: 'Enabled', Expiration: { Days: 3 } }],
      },
    });
    const { warnings: w } = importAndLoad({ inputs: [dir] });
    expect(w.join('\n')).toContain('lifecycle rule 1 of Space media filters by another key;');
    expect(w.join('\n')).not.toMatch(/EVIL|\u001b/);
  });

  it('a CORS origin or header with a line break or space is refused, located', () => {
    for (const [key, value] of [
      ['AllowedOrigins', 'https://a.example\n  - https://evil.example'],
      ['AllowedHeaders', 'x-a: 1'],
    ]) {
      const dir = folder({
        'spaces-ams3.json': list('media'),
        'space-media.cors.json': {
          CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], [key]: [value] }],
        },
      });
      expect(failure({ inputs: [dir] }).message).toMatch(
        new RegExp(
          `\\$.CORSRules\\[0\\].${key}\\[0\\]: expected printable ASCII without spaces or line breaks`,
        ),
      );
    }
  });

  it('a lifecycle prefix with ${...}, backticks and a newline stays data', () => {
    const prefix = '${var.x}/`id`/\n- evil: true';
    const dir = folder({
      'spaces-ams3.json': list('media'),
      'space-media.lifecycle.json': {
        Rules: [{ ID: 'r', Filter: { Prefix: prefix }, Status: 'Enabled', Expiration: { Days: 3 } }],
      },
    });
    const { spec: s, text } = importAndLoad({ inputs: [dir] });
    expect(s.digitalocean.spaces[0].lifecycle[0].prefix).toBe(prefix);
    expect((parse(text) as { evil?: unknown }).evil).toBeUndefined();
  });

  it.each([
    ['custom_domain', 'cdn.example.com\nevil: true'],
    ['custom_domain', '${aws_s3_bucket.x.id}.example.com'],
    ['custom_domain', '`id`.example.com'],
    ['id', '${x}'],
    ['origin', 'media.ams3.digitaloceanspaces.com\n'],
  ])('a CDN endpoint %s of %j is refused, located', (key, value) => {
    const err = failure({
      inputs: [folder({ 'spaces-ams3.json': list('media'), 'cdn.json': cdn({ [key]: value }) })],
    });
    expect(err.message).toMatch(new RegExp(`cdn.json: \\$\\[0\\].${key}: expected`));
    expect(err.message).not.toContain(value);
  });
});

describe('import --into with Spaces', () => {
  /** A valid file from the doctl fixtures, plus hand-written Spaces, a CDN endpoint and a bucket using one. */
  function handWritten(): string {
    const base = importInventory({ inputs: [doctlFixtures], project: 'shop' }).text;
    const text = base
      .replace(/\n(ecr:)/, '\nstorage:\n  buckets:\n    - { name: assets, from: shop-assets }\n\n$1')
      .replace(
        /\n(# ---- The AWS target)/,
        [
          '',
          '  spaces:',
          '    - name: shop-assets',
          '      region: fra1',
          '      acl: public-read',
          '      publicFiles: true # the app uploads with x-amz-acl: public-read',
          '    - { name: shop-backups, region: nyc3, lifecycle: [{ prefix: daily/, expirationDays: 14 }] }',
          '  cdnEndpoints:',
          '    - { space: shop-assets, customDomain: static.shop-example.com }',
          '',
          '$1',
        ].join('\n'),
      );
    const loaded = loadSpecText(text, 'hand.yaml');
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => `${d.line}: ${d.message}`).join('\n'));
    const file = join(mkdtempSync(join(tmpdir(), 'dropship-spaces-merge-')), 'migration.yaml');
    writeFileSync(file, text);
    return file;
  }
  const spacesOf = (text: string) => {
    const loaded = loadSpecText(text, 'merged.yaml');
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => `${d.line}: ${d.message}`).join('\n'));
    return loaded.spec.digitalocean;
  };

  it('keeps hand-written Spaces and CDN endpoints when the refresh names no Spaces export', () => {
    const into = handWritten();
    const { text } = importInventory({ inputs: [doctlFixtures], into });
    const inventory = spacesOf(text);
    expect(inventory.spaces.map((s) => [s.name, s.region, s.acl, s.publicFiles])).toEqual([
      ['shop-assets', 'fra1', 'public-read', true],
      ['shop-backups', 'nyc3', 'private', false],
    ]);
    expect(inventory.spaces[1].lifecycle).toEqual([{ prefix: 'daily/', enabled: true, expirationDays: 14 }]);
    expect(inventory.cdnEndpoints).toEqual([
      { space: 'shop-assets', customDomain: 'static.shop-example.com', ttlSeconds: 3600 },
    ]);
  });

  it('refreshes the regions exported, keeps the others, and what only a human knows', () => {
    const into = handWritten();
    const dir = folder({
      'spaces-fra1.json': list('shop-assets', 'shop-media'),
      'space-shop-assets.cors.json': {
        CORSRules: [{ AllowedOrigins: ['https://shop-example.com'], AllowedMethods: ['GET'] }],
      },
      'cdn.json': cdn({
        origin: 'shop-assets.fra1.digitaloceanspaces.com',
        endpoint: 'shop-assets.fra1.cdn.digitaloceanspaces.com',
        custom_domain: 'cdn.shop-example.com',
      }),
    });
    const result = importInventory({ inputs: [doctlFixtures, dir], into });
    const inventory = spacesOf(result.text);
    expect(inventory.spaces.map((s) => [s.name, s.region, s.acl, s.publicFiles, s.cors.length])).toEqual([
      // The ACL was not exported: the file's stays; publicFiles is the user's.
      ['shop-assets', 'fra1', 'public-read', true, 1],
      ['shop-media', 'fra1', 'private', false, 0],
      // nyc3 was not exported: kept as written.
      ['shop-backups', 'nyc3', 'private', false, 0],
    ]);
    expect(inventory.cdnEndpoints.map((e) => e.customDomain)).toEqual(['cdn.shop-example.com']);
    expect(result.warnings.filter((w) => /Space/.test(w))).toEqual([
      expect.stringContaining('Space shop-media: no get-bucket-acl response'),
    ]);
    // Idempotent.
    writeFileSync(into, result.text);
    expect(importInventory({ inputs: [doctlFixtures, dir], into }).text).toBe(result.text);
  });

  it('a null entry in a hand-written Spaces list does not crash the refresh', () => {
    const into = handWritten();
    writeFileSync(into, readFileSync(into, 'utf8').replace('  spaces:\n', '  spaces:\n    - ~\n'));
    const dir = folder({ 'spaces-fra1.json': list('shop-assets') });
    const { text } = importInventory({ inputs: [doctlFixtures, dir], into });
    expect(spacesOf(text).spaces.map((x) => x.name)).toEqual(['shop-assets', 'shop-backups']);
  });

  it('a Space gone from an exported region leaves the inventory (and a bucket from it stops the refresh)', () => {
    const into = handWritten();
    const before = readFileSync(into, 'utf8');
    const dir = folder({ 'spaces-fra1.json': list('shop-media') });
    expect(() => importInventory({ inputs: [doctlFixtures, dir], into })).toThrow(
      /no longer validates; nothing written/,
    );
    expect(readFileSync(into, 'utf8')).toBe(before);
  });

  it('the droplets-only refresh of the doctl fixtures is unchanged by the Spaces support', () => {
    // No Spaces in the file, none exported: no spaces or cdnEndpoints key appears.
    const text = importInventory({ inputs: [doctl('droplets.json')], project: 'shop' }).text;
    expect(text).not.toMatch(/spaces:|cdnEndpoints:/);
  });
});
