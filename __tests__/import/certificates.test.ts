/**
 * Certificates from `doctl compute certificate list -o json` (or `GET /v2/certificates`) become
 * `digitalocean.certificates`, and a load balancer forwarding rule's `certificate_id` becomes the name of an
 * imported one in `forwardingRules[].certificate` (which do-managed-certificate-renewal reads).
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { importInventory } from '../../cli/import';
import { loadSpecText } from '../../schema/load';
import { withCode } from '../helpers/validate';
import { api, doctl, hasApiFixtures, importAndLoad, warnIfNoApiFixtures } from './helpers';

/** The certificate the doctl fixtures' load balancer (shop-lb) terminates HTTPS with. */
const SHOP_CERT_ID = '892071a0-0000-4000-8000-0000000000c1';

/** godo's Certificate as doctl prints it (omitempty: a pending certificate has no not_after yet). */
const certificate = (over: Record<string, unknown> = {}) => ({
  id: SHOP_CERT_ID,
  name: 'shop-le',
  dns_names: ['shop-example.com', 'www.shop-example.com'],
  not_after: '2027-02-28T18:21:27Z',
  sha1_fingerprint: 'dfcc9f57d86bf58e321c2c6c31c7a971be244ac7',
  created_at: '2026-11-30T18:22:27Z',
  state: 'verified',
  type: 'lets_encrypt',
  ...over,
});

function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dropship-certs-'));
  for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(value));
  return dir;
}

const shopInputs = (certificates: unknown, name = 'certificates.json') => [
  doctl('droplets.json'),
  doctl('domains.json'),
  doctl('records-shop-example.com.json'),
  doctl('load-balancers.json'),
  join(folder({ [name]: certificates }), name),
];

describe('import of DigitalOcean certificates', () => {
  it('reads a doctl certificate list and names the forwarding rule’s certificate', () => {
    const pending = {
      id: 'b1',
      name: 'pending',
      dns_names: ['x.shop-example.com'],
      state: 'pending',
      type: 'lets_encrypt',
    };
    const { spec, warnings } = importAndLoad({
      inputs: shopInputs([
        certificate(),
        pending,
        certificate({ id: 'c1', name: 'uploaded', type: 'custom' }),
      ]),
      project: 'shop',
    });
    expect(spec.digitalocean.certificates).toEqual([
      { name: 'shop-le', id: SHOP_CERT_ID, type: 'lets_encrypt' },
      { name: 'pending', id: 'b1', type: 'lets_encrypt' },
      { name: 'uploaded', id: 'c1', type: 'custom' },
    ]);
    const rules = spec.digitalocean.loadBalancers[0].forwardingRules;
    expect(rules.map((r) => r.certificate)).toEqual([undefined, 'shop-le']);
    expect(warnings.join('\n')).not.toContain('certificate');
  });

  it('lets do-managed-certificate-renewal fire on an imported inventory', () => {
    const { text } = importAndLoad({ inputs: shopInputs([certificate()]), project: 'shop' });
    const found = withCode(text, 'do-managed-certificate-renewal');
    expect(found).toHaveLength(1);
    expect(found[0].path).toBe('digitalocean.loadBalancers[0].forwardingRules[1].certificate');
  });

  it('recognises an API body, a single certificate and an empty certificates.json', () => {
    const body = { certificates: [certificate()], links: {}, meta: { total: 1 } };
    const fromApi = importAndLoad({ inputs: shopInputs(body, 'any-name.json') }).spec.digitalocean;
    expect(fromApi.certificates).toEqual([{ name: 'shop-le', id: SHOP_CERT_ID, type: 'lets_encrypt' }]);
    const single = importAndLoad({ inputs: shopInputs({ certificate: certificate() }, 'one.json') });
    expect(single.spec.digitalocean.certificates).toEqual(fromApi.certificates);
    const empty = importAndLoad({ inputs: shopInputs([]) });
    expect(empty.spec.digitalocean.certificates).toEqual([]);
    expect(empty.raw).toMatchObject({ digitalocean: { certificates: [] } });
  });

  it('leaves out a certificate_id that is not among the imported certificates, and says so', () => {
    const { spec, warnings } = importAndLoad({
      inputs: shopInputs([certificate({ id: 'other' })]),
    });
    expect(spec.digitalocean.loadBalancers[0].forwardingRules.map((r) => r.certificate)).toEqual([
      undefined,
      undefined,
    ]);
    expect(warnings).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `load balancer shop-lb: forwarding rule https/443 refers to certificate ${SHOP_CERT_ID}, .*left out`,
        ),
      ),
    );
  });

  it('says so too when no certificate list was exported, and writes no certificates key', () => {
    const inputs = [doctl('droplets.json'), doctl('load-balancers.json')];
    const { raw, warnings } = importAndLoad({ inputs });
    expect(warnings).toContainEqual(expect.stringContaining('doctl compute certificate list -o json'));
    expect(Object.keys(raw.digitalocean as object)).not.toContain('certificates');
  });

  it('keeps odd names as data: a valid name, the original JSON-quoted in a comment', () => {
    const odd = 'shop: "prod" #1\n- {x: ${y}}\r\u2028';
    const { spec, text } = importAndLoad({ inputs: shopInputs([certificate({ name: odd })]) });
    const [cert] = spec.digitalocean.certificates;
    expect(cert.name).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(spec.digitalocean.loadBalancers[0].forwardingRules[1].certificate).toBe(cert.name);
    // The comment holds the name JSON-quoted, on one line; the YAML parses back to the same data.
    const quoted = '"shop: \\"prod\\" #1\\n- {x: ${y}}\\r\\u2028"';
    expect(text).toContain(`\n    # DigitalOcean name: ${quoted} · not after 2027-02-28T18:21:27Z\n`);
    expect(parse(text)).toEqual(parse(text.replace(/^\s*#.*$/gm, '')));
  });

  it('round-trips any name and id as data (property)', () => {
    const lbs = JSON.parse(readFileSync(doctl('load-balancers.json'), 'utf8')) as {
      forwarding_rules: Record<string, unknown>[];
    }[];
    const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(text, text, (name, id) => {
        lbs[0].forwarding_rules[1].certificate_id = id;
        const dir = folder({ 'lbs.json': lbs, 'certificates.json': [certificate({ id, name })] });
        const out = parse(importInventory({ inputs: [dir] }).text) as {
          digitalocean: {
            certificates: { name: string; id: string }[];
            loadBalancers: { forwardingRules: { certificate?: string }[] }[];
          };
        };
        const [cert] = out.digitalocean.certificates;
        expect(cert.id).toBe(id);
        expect(cert.name).toMatch(/^[a-z][a-z0-9-]*$/);
        expect(out.digitalocean.loadBalancers[0].forwardingRules[1].certificate).toBe(cert.name);
      }),
      { numRuns: 25, endOnFailure: true },
    );
  });

  it('keeps a not_after that is not a timestamp out of the comment', () => {
    const { text } = importAndLoad({
      inputs: shopInputs([certificate({ not_after: '2027\n  evil: true' })]),
    });
    expect(text).not.toContain('not after');
    expect(text).not.toContain('evil');
  });

  it('leaves out a certificate of an unknown type with a warning', () => {
    const { spec, warnings } = importAndLoad({
      inputs: shopInputs([certificate({ type: 'managed-elsewhere' })]),
    });
    expect(spec.digitalocean.certificates).toEqual([]);
    expect(warnings).toContainEqual(expect.stringContaining('neither lets_encrypt nor custom; left out'));
  });
});

describe('import --into with certificates', () => {
  const base = importInventory({ inputs: shopInputs([certificate()]), project: 'shop' }).text;
  const edited = base.replace(/(\n {2}certificates:\n)/, '$1    # hand-written note about the certificate\n');
  const into = () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dropship-certs-into-')), 'migration.yaml');
    writeFileSync(file, edited);
    return file;
  };
  const block = (text: string) => /\n {2}certificates:\n(?: {4}.*\n)*/.exec(text)![0];

  it('keeps certificates byte for byte when the input names only droplets', () => {
    expect(edited).toContain('# hand-written note about the certificate');
    const result = importInventory({ inputs: [doctl('droplets.json')], into: into() });
    expect(block(result.text)).toBe(block(edited));
    expect(result.kept).toContain('certificates');
  });

  it('resolves a refreshed load balancer’s certificate through the file’s certificates', () => {
    const result = importInventory({ inputs: [doctl('load-balancers.json')], into: into() });
    expect(result.refreshed).toEqual(['loadBalancers']);
    expect(block(result.text)).toBe(block(edited));
    const loaded = loadSpecText(result.text, 'merged.yaml');
    expect(loaded.ok && loaded.spec.digitalocean.loadBalancers[0].forwardingRules[1].certificate).toBe(
      'shop-le',
    );
    expect(result.warnings.join('\n')).not.toContain('refers to certificate');
  });

  it('keeps a hand-written rule certificate (no id) through a load balancer refresh, not a stale one', () => {
    // Before import read certificates, docs/cutover.md said to add them by hand: name and type, no id.
    const byHand = importInventory({ inputs: shopInputs([]).slice(0, 4), project: 'shop' }).text.replace(
      '  loadBalancers:\n',
      '  certificates:\n    - {name: shop-le, type: lets_encrypt}\n  loadBalancers:\n',
    );
    const httpsRule = '{entryProtocol: https, entryPort: 443, targetProtocol: http, targetPort: 8080';
    expect(byHand).toContain(`${httpsRule}}`);
    const withRule = byHand.replace(`${httpsRule}}`, `${httpsRule}, certificate: shop-le}`);
    expect(withRule).toContain('certificate: shop-le');
    const file = join(mkdtempSync(join(tmpdir(), 'dropship-certs-hand-')), 'migration.yaml');
    writeFileSync(file, withRule);
    const kept = importInventory({ inputs: [doctl('load-balancers.json')], into: file });
    const loaded = loadSpecText(kept.text, 'merged.yaml');
    expect(loaded.ok && loaded.spec.digitalocean.loadBalancers[0].forwardingRules[1].certificate).toBe(
      'shop-le',
    );
    expect(kept.warnings.join('\n')).not.toContain('refers to certificate');
    // Once the file knows the certificate's id, a rule now on another certificate does not keep the old name.
    writeFileSync(
      file,
      withRule.replace('{name: shop-le, type: lets_encrypt}', '{name: shop-le, id: old, type: lets_encrypt}'),
    );
    const moved = importInventory({ inputs: [doctl('load-balancers.json')], into: file });
    expect(moved.text).not.toContain('certificate: shop-le');
    expect(moved.warnings).toContainEqual(expect.stringContaining(`refers to certificate ${SHOP_CERT_ID}`));
  });

  it('refreshes certificates from a certificate list, and only them', () => {
    const file = into();
    const renewed = certificate({ not_after: '2027-05-29T18:21:27Z' });
    const extra = certificate({ id: 'c2', name: 'uploaded', type: 'custom' });
    const result = importInventory({ inputs: shopInputs([renewed, extra]).slice(-1), into: file });
    expect(result.refreshed).toEqual(['certificates']);
    expect(result.text).toContain('not after 2027-05-29T18:21:27Z');
    expect(result.text).not.toContain('# hand-written note about the certificate');
    const outside = (text: string) => text.replace(block(text), '');
    expect(outside(result.text)).toBe(outside(edited));
  });

  it('refuses a certificate refresh that removes one a kept load balancer uses', () => {
    const file = into();
    expect(() =>
      importInventory({
        inputs: shopInputs([certificate({ id: 'c9', name: 'other' })]).slice(-1),
        into: file,
      }),
    ).toThrow(/shop-le/);
    expect(readFileSync(file, 'utf8')).toBe(edited);
  });
});

const describeIf = hasApiFixtures ? describe : describe.skip;
warnIfNoApiFixtures();

describeIf('certificates with the real load balancer response (../shared)', () => {
  it('maps its forwarding rule’s certificate_id to the imported certificate', () => {
    const lbs = JSON.parse(readFileSync(api('load-balancers-list.json'), 'utf8')) as {
      load_balancers: { name: string; forwarding_rules: { certificate_id?: string }[] }[];
    };
    const ids = lbs.load_balancers
      .flatMap((lb) => lb.forwarding_rules.map((r) => r.certificate_id))
      .filter(Boolean);
    expect(ids.length).toBeGreaterThan(0);
    const dir = folder({ 'certificates.json': ids.map((id, i) => certificate({ id, name: `cert-${i}` })) });
    const { spec, warnings } = importAndLoad({ inputs: [api('load-balancers-list.json'), dir] });
    const named = spec.digitalocean.loadBalancers.flatMap((lb) =>
      lb.forwardingRules.map((r) => r.certificate),
    );
    expect(named.filter(Boolean)).toEqual(ids.map((_, i) => `cert-${i}`));
    expect(warnings.join('\n')).not.toContain('refers to certificate');
  });
});
