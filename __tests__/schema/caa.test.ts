import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runValidate } from '../../cli/commands/validate';
import { issuerOf, parseCaa } from '../../schema/rules/caa';
import { loadSpecText } from '../../schema/load';
import type { Diagnostic } from '../../schema/diagnostics';
import type { MigrationSpec } from '../../schema/spec';
import { exampleFile } from '../helpers/synth';
import { captureOutput } from '../helpers/output';
import { diagnosticsOf } from '../helpers/validate';

const file = exampleFile('php-shop');
const original = readFileSync(file, 'utf8');
const AMAZON_LINE =
  '- { id: 28448433, type: CAA, name: "@", data: amazon.com, flags: 0, tag: issue, ttl: 3600 }';

const CODE = 'dns/caa-forbids-amazon';

/** php-shop (hostnames shop-example.com and www.shop-example.com) with its apex CAA record replaced. */
function shopText(caaLines: string[]): string {
  expect(original).toContain(AMAZON_LINE);
  const indent = original
    .split('\n')
    .find((l) => l.includes(AMAZON_LINE))!
    .indexOf('-');
  return original.replace(AMAZON_LINE, caaLines.join(`\n${' '.repeat(indent)}`) || '');
}

/** The CAA diagnostics of php-shop with these CAA records, validated as `file`, and the line of the first. */
function shopWith(caaLines: string[]): { diagnostics: Diagnostic[]; line: number } {
  const text = shopText(caaLines);
  const loaded = loadSpecText(text, file);
  const all = loaded.ok ? loaded.warnings : loaded.diagnostics;
  const line = text.split('\n').findIndex((l) => l.includes(caaLines[0] ?? '\0')) + 1;
  return { diagnostics: all.filter((d) => d.code === CODE), line };
}

const caaOf = (spec: MigrationSpec) => diagnosticsOf(spec).filter((d) => d.code === CODE);

const caa = (data: string, tag = 'issue', name = '@') =>
  `- { type: CAA, name: "${name}", data: ${JSON.stringify(data)}, flags: 0, tag: ${tag}, ttl: 3600 }`;

/** A spec with one extra public hostname on the shop app and the given CAA records on shop-example.com. */
function withHostname(hostname: string, records: { name: string; data: string; tag: string }[]) {
  const loaded = loadSpecText(shopText([]), file);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  const spec = loaded.spec;
  const apps = spec.apps.map((a) =>
    a.expose && 'public' in a.expose
      ? { ...a, expose: { public: { ...a.expose.public, hostnames: [hostname] } } }
      : a,
  );
  const domains = spec.digitalocean.domains.map((d) => ({
    ...d,
    records: [...d.records, ...records.map((r) => ({ type: 'CAA' as const, ttl: 3600, flags: 0, ...r }))],
  }));
  return { ...spec, apps, digitalocean: { ...spec.digitalocean, domains } } as MigrationSpec;
}

describe('the CAA rule (ACM must be allowed to issue the ALB certificate)', () => {
  it('reports a CAA set that allows only letsencrypt.org, at the record, with the fix', () => {
    const { diagnostics, line } = shopWith([caa('letsencrypt.org')]);
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d).toMatchObject({
      severity: 'error',
      code: 'dns/caa-forbids-amazon',
      file,
      line,
      path: 'digitalocean.domains[0].records[4]',
    });
    expect(line).toBeGreaterThan(1);
    expect(d.message).toMatch(/allow only letsencrypt\.org/);
    expect(d.message).toMatch(/shop-example\.com, www\.shop-example\.com/);
    expect(d.hint).toContain('0 issue "amazon.com"');
  });

  it('refuses the spec when it is loaded (validate, plan and synth)', () => {
    const loaded = loadSpecText(shopText([caa('letsencrypt.org')]), file);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.diagnostics.map((d) => d.code)).toEqual([CODE]);
  });

  it('makes `dropship validate` exit non-zero with the located error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'caa-'));
    const yaml = join(dir, 'migration.yaml');
    writeFileSync(yaml, original.replace(AMAZON_LINE, caa('letsencrypt.org')));
    const refused = captureOutput(() => runValidate({ file: yaml, format: 'json' }));
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toContain('dns/caa-forbids-amazon');
    expect(refused.stdout + refused.stderr).toContain('digitalocean.domains[0].records[4]');
    writeFileSync(yaml, original);
    expect(captureOutput(() => runValidate({ file: yaml, format: 'json' })).code).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a set that names an Amazon issuer beside another CA', () => {
    for (const issuer of ['amazon.com', 'amazontrust.com', 'awstrust.com', 'amazonaws.com']) {
      expect(shopWith([caa('letsencrypt.org'), caa(issuer)]).diagnostics).toEqual([]);
    }
    expect(loadSpecText(shopText([caa('amazon.com')]), file).ok).toBe(true);
  });

  it('accepts a domain without CAA records, or with only iodef', () => {
    expect(shopWith([]).diagnostics).toEqual([]);
    expect(shopWith([caa('mailto:sec@shop-example.com', 'iodef')]).diagnostics).toEqual([]);
  });

  it('treats ";" as "no CA may issue"', () => {
    const [d] = shopWith([caa(';')]).diagnostics;
    expect(d.message).toMatch(/allow only no CA/);
  });

  it('uses the closest name with CAA records: a record at www overrides the apex for www only', () => {
    const { diagnostics } = shopWith([caa('amazon.com'), caa('letsencrypt.org', 'issue', 'www')]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].path).toBe('digitalocean.domains[0].records[5]');
    expect(diagnostics[0].message).toMatch(
      /records of www\.shop-example\.com .* for www\.shop-example\.com \(/,
    );
    expect(diagnostics[0].hint).toContain('name: "www"');
  });

  describe('wildcard hostnames', () => {
    const apexIssue = { name: '@', data: 'amazon.com', tag: 'issue' };

    it('are governed by issuewild when the set has any: issuewild without Amazon is an error', () => {
      const spec = withHostname('*.shop-example.com', [
        apexIssue,
        { name: '@', data: 'letsencrypt.org', tag: 'issuewild' },
      ]);
      const [d, ...rest] = caaOf(spec);
      expect(rest).toEqual([]);
      expect(d.path).toBe('digitalocean.domains[0].records[5]');
      expect(d.hint).toContain('0 issuewild "amazon.com"');
    });

    it('fall back to issue when the set has no issuewild', () => {
      expect(caaOf(withHostname('*.shop-example.com', [apexIssue]))).toEqual([]);
      const [d] = caaOf(
        withHostname('*.shop-example.com', [{ name: '@', data: 'letsencrypt.org', tag: 'issue' }]),
      );
      expect(d.hint).toContain('0 issue "amazon.com"');
    });

    it('allow Amazon through issuewild even when issue names only another CA', () => {
      const spec = withHostname('*.shop-example.com', [
        { name: '@', data: 'letsencrypt.org', tag: 'issue' },
        { name: '@', data: 'amazon.com', tag: 'issuewild' },
      ]);
      expect(caaOf(spec)).toEqual([]);
    });

    it('do not govern plain names: issuewild without Amazon leaves a non-wildcard hostname alone', () => {
      const spec = withHostname('shop-example.com', [
        apexIssue,
        { name: '@', data: 'letsencrypt.org', tag: 'issuewild' },
      ]);
      expect(caaOf(spec)).toEqual([]);
    });
  });

  it('ignores CAA records of domains that hold no public hostname', () => {
    const spec = withHostname('shop-example.com', []);
    const other = {
      name: 'mail-only.example',
      dns: 'digitalocean' as const,
      records: [
        { type: 'CAA' as const, name: '@', data: 'letsencrypt.org', ttl: 3600, tag: 'issue', flags: 0 },
      ],
    };
    const domains = [...spec.digitalocean.domains, other] as MigrationSpec['digitalocean']['domains'];
    expect(caaOf({ ...spec, digitalocean: { ...spec.digitalocean, domains } })).toEqual([]);
  });
});

describe('CAA record values', () => {
  it('reads the DigitalOcean form and the zone-file form', () => {
    expect(parseCaa('letsencrypt.org', 'issue')).toEqual({ tag: 'issue', value: 'letsencrypt.org' });
    expect(parseCaa('0 issuewild "amazon.com"', undefined)).toEqual({
      tag: 'issuewild',
      value: '"amazon.com"',
    });
    expect(parseCaa('amazon.com', undefined).tag).toBe('issue');
  });

  it('takes the issuer domain before any parameters', () => {
    expect(issuerOf('"Amazon.com; accounturi=x"')).toBe('amazon.com');
    expect(issuerOf('amazontrust.com.')).toBe('amazontrust.com');
    expect(issuerOf(';')).toBe('');
  });
});
