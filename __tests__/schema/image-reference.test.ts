/**
 * `image.uri` and `image.copyFrom` follow Docker's reference grammar (schema/image-reference.ts): references
 * generated from the grammar are accepted with their parts; the parser agrees with a transcription of
 * distribution/reference's ReferenceRegexp (plus go-digest's lengths) on generated text; each kind of
 * breakage is refused at its part; the rule is a located error with a hint; nothing backtracks.
 */
import fc from 'fast-check';
import { parseImageReferenceText } from '../../schema/image-reference';
import { diagnosticsOf, withCode } from '../helpers/validate';
import { baseSpecInput } from '../helpers/synth';

const SEED = { seed: 1217 };

/** Strings over `chars`, without regular-expression generation (cheap to draw and to shrink). */
const over = (chars: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength, maxLength });
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM = `${LOWER}ABCDEFGHIJKLMNOPQRSTUVWXYZ`;

const alnum = over(LOWER, 1, 6);
const separator = fc.constantFrom('.', '_', '__', '-', '--');
const component = (separators: fc.Arbitrary<string>) =>
  fc
    .tuple(alnum, fc.array(fc.tuple(separators, alnum), { maxLength: 2 }))
    .map(([head, rest]) => head + rest.map(([sep, a]) => sep + a).join(''));
// Docker reads a first component with a "." as a registry host, so a path without a domain starts with none.
const path = fc
  .tuple(component(fc.constantFrom('_', '__', '-', '--')), fc.array(component(separator), { maxLength: 2 }))
  .map(([first, rest]) => [first, ...rest].join('/'));
const label = fc
  .tuple(over(ALNUM, 1, 1), over(`${ALNUM}-`, 0, 6), over(ALNUM, 0, 1))
  .map(([a, b, c]) => (c === '' ? a : a + b + c));
const domain = fc.oneof(
  fc.array(label, { minLength: 2, maxLength: 4 }).map((labels) => labels.join('.')),
  fc.constant('localhost'),
  fc.tuple(over('0123456789abcdef:', 0, 8), over('0123456789abcdef', 0, 4)).map(([a, b]) => `[${a}:${b}]`),
);
const port = fc.integer({ min: 1, max: 65535 }).map(String);
const tag = fc.tuple(over(`${ALNUM}_`, 1, 1), over(`${ALNUM}_.-`, 0, 20)).map(([a, b]) => a + b);
const digest = fc
  .constantFrom(['sha256', 64] as const, ['sha384', 96] as const, ['sha512', 128] as const)
  .chain(([alg, n]) => over('0123456789abcdef', n, n).map((hex) => `${alg}:${hex}`));

/** The reference text of its parts. */
const textOf = (g: Omit<Generated, 'text'>): string =>
  `${g.domain !== undefined ? `${g.domain}/` : ''}${g.path}${g.tag !== undefined ? `:${g.tag}` : ''}${g.digest !== undefined ? `@${g.digest}` : ''}`;

interface Generated {
  text: string;
  domain?: string;
  path: string;
  tag?: string;
  digest?: string;
}

const reference: fc.Arbitrary<Generated> = fc
  .record(
    {
      host: domain,
      port,
      path,
      tag,
      digest,
    },
    { requiredKeys: ['path'] },
  )
  .map(({ host, port: p, path: repo, tag: t, digest: d }) => {
    const dom = host === undefined ? undefined : p === undefined ? host : `${host}:${p}`;
    const parts = { domain: dom, path: repo, tag: t, digest: d };
    return { text: textOf(parts), ...parts };
  })
  .filter((g) => g.text.length <= 255 && !/^[a-f0-9]{64}$/.test(g.text));

/**
 * distribution/reference's grammar written out as two anchored regular expressions (a name with a domain,
 * and one without), chosen the way docker splits a familiar name (a first component with a "." or ":", or
 * `localhost`, is the registry host); then go-digest's lengths of the registered algorithms, ECS's 255
 * characters, and this module's departures (an uppercase one-label "host" is a repository; a port is at most
 * 65535).
 */
const HOST = String.raw`(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::([0-9]+))?`;
const NAME = String.raw`[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*`;
const REST = String.raw`(?::[\w][\w.-]{0,127})?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?`;
const WITH_DOMAIN = new RegExp(`^${HOST}\\/${NAME}${REST}$`);
const WITHOUT_DOMAIN = new RegExp(`^()${NAME}${REST}$`);

function oracle(text: string): boolean {
  if (text.length > 255 || /^[a-f0-9]{64}$/.test(text)) return false;
  const slash = text.indexOf('/');
  const first = slash < 0 ? '' : text.slice(0, slash);
  const hasDomain = slash >= 0 && (/[.:]/.test(first) || first === 'localhost');
  const m = (hasDomain ? WITH_DOMAIN : WITHOUT_DOMAIN).exec(text);
  if (!m) return false;
  const [, p, dig] = m;
  if (p !== undefined && p !== '' && Number(p) > 65535) return false;
  if (dig !== undefined) {
    const [alg, hex] = dig.split(':');
    const n = ({ sha256: 64, sha384: 96, sha512: 128 } as Record<string, number>)[alg];
    if (n === undefined || hex.length !== n || hex !== hex.toLowerCase()) return false;
  }
  return true;
}

/** Breakages of a generated reference, and the part each is refused at. */
const broken: [string, fc.Arbitrary<string>, string][] = [
  [
    'a space or line break',
    reference.chain((g) => fc.constantFrom(' ', '\t', '\n').map((ws) => `${g.text}${ws}x`)),
    'text',
  ],
  ['a template', reference.map((g) => `${g.text.replace(/[:@].*$/, '')}:\${TAG}`), 'text'],
  [
    'an uppercase repository',
    reference.map((g) => textOf({ ...g, path: `${g.path.toUpperCase()}X` })),
    'repository',
  ],
  [
    'a tag starting with "." or "-"',
    fc.tuple(path, fc.constantFrom('.', '-'), tag).map(([p, c, t]) => `${p}:${c}${t}`),
    'tag',
  ],
  [
    'a tag over 128 characters',
    fc.tuple(path, fc.integer({ min: 129, max: 200 })).map(([p, n]) => `${p}:${'v'.repeat(n)}`),
    'tag',
  ],
  [
    'a registry label starting or ending with "-"',
    fc.tuple(label, path).map(([l, p]) => `-${l}.example.com/${p}`),
    'registry',
  ],
  ['a registry with "_"', fc.tuple(label, path).map(([l, p]) => `${l}_x.io/${p}`), 'registry'],
  ['a port that is no number', fc.tuple(label, path).map(([l, p]) => `${l}.io:http/${p}`), 'registry'],
  [
    'a digest of the wrong length',
    fc.tuple(path, fc.integer({ min: 32, max: 63 })).map(([p, n]) => `${p}@sha256:${'a'.repeat(n)}`),
    'digest',
  ],
  ['an unknown digest algorithm', path.map((p) => `${p}@md5:${'a'.repeat(32)}`), 'digest'],
  ['uppercase digest hex', path.map((p) => `${p}@sha256:${'A'.repeat(64)}`), 'digest'],
  ['an empty path component', fc.tuple(path, path).map(([a, b]) => `${a}//${b}`), 'repository'],
];

describe('image references (Docker grammar)', () => {
  it('accepts every reference the grammar generates, with its parts', () => {
    fc.assert(
      fc.property(reference, (g) => {
        const result = parseImageReferenceText(g.text);
        if (!result.ok) throw new Error(`${g.text}: ${result.problem.message}`);
        expect(result.parts).toEqual({
          ...(g.domain !== undefined ? { domain: g.domain } : {}),
          path: g.path,
          tag: g.tag,
          digest: g.digest,
        });
      }),
      { ...SEED, numRuns: 200 },
    );
  });

  it('agrees with the grammar written as one regular expression, on generated text', () => {
    const noisy = over('aB0._:/@[]${} -', 0, 30);
    const mutated = fc
      .tuple(
        reference,
        fc.nat(),
        fc.constantFrom('', 'A', '-', '.', '_', '/', ':', '@', ' ', '$', '[', '__', '..'),
      )
      .map(([g, at, insert]) => {
        const i = at % (g.text.length + 1);
        return g.text.slice(0, i) + insert + g.text.slice(i);
      });
    fc.assert(
      fc.property(
        fc.oneof(
          noisy,
          mutated,
          reference.map((g) => g.text),
        ),
        (text) => {
          expect({ text, ok: parseImageReferenceText(text).ok }).toEqual({ text, ok: oracle(text) });
        },
      ),
      { ...SEED, numRuns: 1000 },
    );
  });

  it.each(broken)('refuses %s, naming the part', (_name, arb, part) => {
    fc.assert(
      fc.property(arb, (text) => {
        const result = parseImageReferenceText(text);
        expect(result.ok ? 'accepted' : result.problem.part).toBe(part);
        if (!result.ok) expect(result.problem.hint.length).toBeGreaterThan(10);
      }),
      { ...SEED, numRuns: 60 },
    );
  });

  it('refuses over 255 characters (ECS) and a bare image id', () => {
    expect(parseImageReferenceText(`${'a'.repeat(250)}:1.0.0`).ok).toBe(false);
    expect(parseImageReferenceText('a'.repeat(64)).ok).toBe(false);
    expect(parseImageReferenceText('a'.repeat(63)).ok).toBe(true);
  });

  it('never backtracks: the longest refused texts parse in well under a millisecond each', () => {
    const texts = [
      `${'a-'.repeat(127)}!`,
      `${'a'.repeat(254)}!`,
      `${'a.'.repeat(126)}a/x!`,
      `x@${'a'.repeat(60)}:${'0'.repeat(190)}!`,
    ];
    const start = process.hrtime.bigint();
    for (let i = 0; i < 100; i++) for (const t of texts) parseImageReferenceText(t);
    const perParse = Number(process.hrtime.bigint() - start) / 1e6 / 400;
    expect(perParse).toBeLessThan(1);
  });
});

describe('the image-reference rule', () => {
  const specWith = (image: Record<string, unknown>) => ({
    ...baseSpecInput(),
    ecr: { repositories: [{ name: 'demo/web' }] },
    apps: [{ name: 'web', containers: [{ name: 'main', image }] }],
  });

  it('is a located error with what was expected and a hint, at uri and at copyFrom', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...broken.map(([, arb]) => arb)).chain((arb) => arb),
        fc.boolean(),
        (text, copy) => {
          fc.pre(!text.includes('\n'));
          const image = copy ? { repository: 'demo/web', tag: '1.0.0', copyFrom: text } : { uri: text };
          const found = diagnosticsOf(specWith(image)).filter((d) => d.code === 'image-reference');
          if (copy && found.length === 0) {
            // copyFrom's own pattern may refuse it first, at the same field.
            const any = diagnosticsOf(specWith(image)).filter(
              (d) => d.path === 'apps[0].containers[0].image.copyFrom',
            );
            expect(any.length).toBeGreaterThan(0);
            return;
          }
          expect(found).toHaveLength(1);
          expect(found[0]).toMatchObject({
            severity: 'error',
            path: `apps[0].containers[0].image.${copy ? 'copyFrom' : 'uri'}`,
          });
          expect(found[0].line).toBeGreaterThan(1);
          expect(found[0].expected).toBeTruthy();
          expect(found[0].hint).toBeTruthy();
        },
      ),
      { ...SEED, numRuns: 60 },
    );
  });

  it('accepts generated references at uri', () => {
    fc.assert(
      fc.property(reference, (g) => {
        const found = diagnosticsOf(specWith({ uri: g.text })).filter((d) => d.code === 'image-reference');
        expect(found).toEqual([]);
      }),
      { ...SEED, numRuns: 40 },
    );
  });

  it('refuses a loopback registry at uri and copyFrom (the task or the copy host has its own loopback), located', () => {
    const loopback = [
      'localhost:5000/acme/api:1.0',
      'localhost/acme/api:1.0',
      'LOCALHOST:5000/acme/api:1.0',
      'registry.localhost:5000/api:1',
      '127.0.0.1:5000/acme/api:1.0',
      '127.1.2.3/api:1',
      '[::1]:5000/acme/api:1.0',
      '[0:0:0:0:0:0:0:1]:5000/api:1',
    ];
    for (const text of loopback)
      for (const copy of [false, true]) {
        const image = copy ? { repository: 'demo/web', tag: '1.0.0', copyFrom: text } : { uri: text };
        const path = `apps[0].containers[0].image.${copy ? 'copyFrom' : 'uri'}`;
        const found = diagnosticsOf(specWith(image)).filter((d) => d.path === path);
        // copyFrom's own pattern refuses brackets first; every other one is this rule's error.
        if (copy && text.startsWith('[')) {
          expect(found.length).toBeGreaterThan(0);
          continue;
        }
        expect(found.map((d) => d.code)).toEqual(['image-loopback-registry']);
        expect(found[0]).toMatchObject({ severity: 'error' });
        expect(found[0].line).toBeGreaterThan(1);
        expect(found[0].message).toContain('loopback');
        expect(found[0].hint).toMatch(/ECR|repository/);
      }
    for (const text of [
      'registry.example.com:5000/acme/api:1.0',
      'localhost.example.com/api:1',
      '10.0.0.1:5000/api:1',
      '[2001:db8::1]:5000/api:1',
      'nginx:1.27',
    ])
      expect(withCode(specWith({ uri: text }), 'image-loopback-registry')).toEqual([]);
  });
});
