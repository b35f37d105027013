/**
 * Hints for keys written at the wrong level and host names written as URLs, generated from the schema's own
 * keys: a key of the app written under a container (`expose`), a key of a container, of a nested mapping
 * or of the wrapped `expose.public` written on the app (`image`, `hostnames`), and a host name with a
 * scheme, user, port, path or trailing dot.
 */
import fc from 'fast-check';
import { loadSpecText } from '../../schema/load';
import type { Diagnostic } from '../../schema/diagnostics';
import { MigrationSpec } from '../../schema/spec';
import { nearest } from '../../schema/suggest';
import { objectKeys, schemaAt } from '../../schema/zod-walk';
import { BASE, patch } from './base-spec';

function keysAt(path: PropertyKey[]): string[] {
  const schema = schemaAt(MigrationSpec, path);
  if (!schema) throw new Error(`no schema at ${String(path)}`);
  const { required, optional } = objectKeys(schema);
  return [...required, ...optional];
}

const APP = ['apps', 0];
const CONTAINER = [...APP, 'containers', 0];
const appKeys = keysAt(APP);
const containerKeys = keysAt(CONTAINER);

/**
 * Where each key is accepted one level up or down from the app, written the way the hint names it: BASE's
 * app has two containers (hence `containers[]`), one volume (hence `volumes[0]`) and no egress entry.
 */
const AROUND_APP: [string, PropertyKey[]][] = [
  ['', []],
  ['apps[0].containers[].', [...APP, 'containers', 0]],
  ['apps[0].volumes[0].', [...APP, 'volumes', 0]],
  // The app declares no egress: the hint names the list's entries without an index.
  ['apps[0].egress[].', [...APP, 'egress', 0]],
  ['apps[0].size.', [...APP, 'size']],
  ['apps[0].scaling.', [...APP, 'scaling']],
  ['apps[0].uses.', [...APP, 'uses']],
  ['apps[0].deployment.', [...APP, 'deployment']],
  ['apps[0].expose.public.', [...APP, 'expose', 'public']],
  ['apps[0].expose.internal.', [...APP, 'expose', 'internal']],
];
/** The same around the first container (nginx, with one dependsOn entry). */
const AROUND_CONTAINER: [string, PropertyKey[]][] = [
  ['apps[0].', APP],
  ['apps[0].containers[0].image.', [...CONTAINER, 'image']],
  ['apps[0].containers[0].healthCheck.', [...CONTAINER, 'healthCheck']],
  ['apps[0].containers[0].dependsOn[0].', [...CONTAINER, 'dependsOn', 0]],
];

/** key → the paths a hint may name for it, for keys unknown at `here` and no typo of a key there. */
function placesFor(around: [string, PropertyKey[]][], here: string[]): Map<string, string[]> {
  const places = new Map<string, string[]>();
  for (const [prefix, path] of around) {
    for (const key of keysAt(path)) {
      if (here.includes(key) || nearest(key, here) !== undefined) continue;
      places.set(key, [...(places.get(key) ?? []), `${prefix}${key}`]);
    }
  }
  return places;
}

const value = fc.oneof(
  fc.integer({ min: 0, max: 5000 }),
  fc.constantFrom('php', '/data', 'tcp', 'shop/web', 'x'),
  fc.boolean(),
  fc.array(fc.constantFrom('main', 'sessions', 'shop.example.com'), { maxLength: 2 }),
  fc.constant({}),
);

function diagnosticsOf(text: string): Diagnostic[] {
  const result = loadSpecText(text);
  if (result.ok) throw new Error('expected the document to be refused');
  return result.diagnostics;
}

/** The 1-based line of `search` in `text`. */
function lineOf(text: string, search: string): number {
  return text.slice(0, text.indexOf(search)).split('\n').length;
}

/** The paths a hint names (each in backticks after "move it to"). */
function namedPaths(hint: string): string[] {
  const list = /move it to (.*)$/.exec(hint)?.[1] ?? '';
  return [...list.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}

function expectPlacementHint(
  text: string,
  path: string,
  line: number,
  column: number,
  key: string,
  allowed: string[],
): void {
  const found = diagnosticsOf(text).filter((d) => d.path === path);
  expect(found).toHaveLength(1);
  const [d] = found;
  expect(d).toMatchObject({ code: 'unknown-key', line, column, message: `unknown key \`${key}\`` });
  expect(d.hint).toMatch(new RegExp(`^\`${key}\` belongs one level (up|down)( or (up|down))?: move it to `));
  const named = namedPaths(d.hint ?? '');
  expect(named.length).toBeGreaterThan(0);
  for (const p of named) expect(allowed).toContain(p);
}

describe('a key written one level too deep or too shallow', () => {
  const fromContainer = placesFor(AROUND_CONTAINER, containerKeys);
  const fromApp = placesFor(AROUND_APP, appKeys);

  test('the schema gives both directions something to test', () => {
    expect(fromContainer.get('expose')).toEqual(['apps[0].expose']); // the example
    expect(fromApp.get('hostnames')).toEqual(['apps[0].expose.public.hostnames']);
    expect(fromApp.get('image')).toEqual(['apps[0].containers[].image']);
    expect(fromContainer.size).toBeGreaterThan(10);
    expect(fromApp.size).toBeGreaterThan(20);
  });

  test('under a container: the hint names the app, or the mapping inside the container, that takes it', () => {
    const anchor = '      - name: nginx\n';
    fc.assert(
      fc.property(fc.constantFrom(...fromContainer.keys()), value, (key, v) => {
        const text = patch(anchor, `${anchor}        ${key}: ${JSON.stringify(v)}\n`);
        const line = lineOf(BASE, anchor) + 1;
        expectPlacementHint(text, `apps[0].containers[0].${key}`, line, 9, key, fromContainer.get(key) ?? []);
      }),
      { numRuns: 150 },
    );
  });

  test('on the app: the hint names the containers, the nested mapping or the top level that takes it', () => {
    const anchor = '  - name: web\n';
    fc.assert(
      fc.property(fc.constantFrom(...fromApp.keys()), value, (key, v) => {
        const text = patch(anchor, `${anchor}    ${key}: ${JSON.stringify(v)}\n`);
        const line = lineOf(BASE, anchor) + 1;
        expectPlacementHint(text, `apps[0].${key}`, line, 5, key, fromApp.get(key) ?? []);
      }),
      { numRuns: 200 },
    );
  });

  test('the issue’s case: expose under a container, the app has none', () => {
    const text = patch(
      '    expose:\n      public: { hostnames: [shop.example.com], container: nginx, port: 80 }\n',
      '',
      patch(
        '        port: 80\n',
        '        port: 80\n        expose:\n          public: { hostnames: [shop.example.com], container: nginx, port: 80 }\n',
      ),
    );
    const [d] = diagnosticsOf(text).filter((x) => x.code === 'unknown-key');
    expect(d).toMatchObject({ path: 'apps[0].containers[0].expose', line: 37, column: 9 });
    expect(d.hint).toBe('`expose` belongs one level up: move it to `apps[0].expose`');
  });

  test('where the key is already set, the hint says to merge', () => {
    const text = patch('    uses: {', '    hostnames: [www.example.com]\n    uses: {');
    const [d] = diagnosticsOf(text);
    expect(d.hint).toBe(
      '`hostnames` belongs one level down: move it to `apps[0].expose.public.hostnames` (already set there: merge the two)',
    );
  });

  test('a key two places take is named at the one whose type its value has', () => {
    // `databases` is a list of names under `uses` and a list of mappings at the top level.
    const names = diagnosticsOf(patch('    uses: {', '    databases: [main]\n    uses: {'))[0];
    expect(namedPaths(names.hint ?? '')).toEqual(['apps[0].uses.databases']);
    const mappings = diagnosticsOf(
      patch('    uses: {', '    databases: [{ name: x, from: y }]\n    uses: {'),
    )[0];
    expect(namedPaths(mappings.hint ?? '')).toEqual(['databases']);
  });

  test('a key named like an Object.prototype member is only an unknown key', () => {
    // (`__proto__` has a diagnostic of its own, yaml/reserved-key.)
    for (const key of ['valueOf', 'constructor', 'toString', 'hasOwnProperty', 'isPrototypeOf']) {
      for (const [anchor, indent, path] of [
        ['      - name: nginx\n', '        ', 'apps[0].containers[0]'],
        ['  - name: web\n', '    ', 'apps[0]'],
        ['version: 1\n', '', ''],
      ]) {
        const text = patch(anchor, `${anchor}${indent}${key}: ""\n`);
        const found = diagnosticsOf(text).filter((d) => d.code === 'unknown-key');
        expect(found.map((d) => [d.path, d.hint])).toEqual([[path ? `${path}.${key}` : key, undefined]]);
      }
    }
  });

  test('a typo of a key where it is keeps its did-you-mean', () => {
    const [d] = diagnosticsOf(patch('    uses: {', '    container: php\n    uses: {'));
    expect(d.hint).toBe('did you mean `containers`?');
  });
});

describe('a host name written as a URL', () => {
  const HOSTNAME = ['apps', 0, 'expose', 'public', 'hostnames', 0];
  const hostnameSchema = schemaAt(MigrationSpec, HOSTNAME);
  const accepted = (name: string): boolean => hostnameSchema?.safeParse(name).success ?? false;
  const host = fc.domain().filter(accepted);
  const at = 'hostnames: [shop.example.com]';
  const line = lineOf(BASE, at);
  const column = BASE.split('\n')[line - 1].indexOf('shop.example.com') + 1;

  function hintFor(written: string): Diagnostic {
    const found = diagnosticsOf(patch(at, `hostnames: [${JSON.stringify(written)}]`)).filter(
      (d) => d.path === 'apps[0].expose.public.hostnames[0]',
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'invalid-format', line, column });
    return found[0];
  }

  test('a scheme, user, port, path or trailing dot: the hint shows the bare host name', () => {
    fc.assert(
      fc.property(
        host,
        fc.record({
          scheme: fc.option(fc.constantFrom('https://', 'http://', 'HTTPS://', 'wss://'), { nil: undefined }),
          user: fc.option(fc.constantFrom('admin@', 'deploy:hunter2@'), { nil: undefined }),
          dot: fc.boolean(),
          port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
          path: fc.option(fc.constantFrom('/', '/shop', '/a/b?c=1', '?q', '#top'), { nil: undefined }),
          upper: fc.boolean(),
        }),
        (name, parts) => {
          const written =
            (parts.scheme ?? '') +
            (parts.user ?? '') +
            (parts.upper ? name.toUpperCase() : name) +
            (parts.dot ? '.' : '') +
            (parts.port !== undefined ? `:${parts.port}` : '') +
            (parts.path ?? '');
          fc.pre(written.toLowerCase() !== name);
          const d = hintFor(written);
          if (!parts.scheme && !parts.user && !parts.dot && parts.port === undefined && !parts.path) {
            expect(d.hint).toBe(`write it in lowercase: ${name}`);
            return;
          }
          expect(d.hint).toMatch(/^a host name has no scheme, path, port or trailing dot: write /);
          expect(d.hint).toContain(`write ${name} (without `);
          if (parts.scheme) expect(d.hint).toContain(`the scheme "${parts.scheme}"`);
          if (parts.port !== undefined) expect(d.hint).toContain(`the port ":${parts.port}"`);
          if (parts.dot) expect(d.hint).toContain('the trailing dot');
          // A user:password@ part may be a credential: named, never repeated.
          if (parts.user) expect(d.hint).toContain('the user name and password');
          expect(d.hint).not.toContain('hunter2');
        },
      ),
      { numRuns: 200 },
    );
  });

  test('whatever was written, a hint that says "write X" names an X the field accepts', () => {
    const junk = fc
      .tuple(
        fc.constantFrom('', 'https://', 'a@'),
        fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', '.', ':', '/', '@', '*', '_', ' ') }),
        fc.constantFrom('', '.', ':8', '/', '.com'),
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(junk, (written) => {
        fc.pre(!accepted(written));
        const d = hintFor(written);
        const said = /write (?:it in lowercase: )?(\S+)/.exec(d.hint ?? '')?.[1];
        if (said !== undefined) expect(accepted(said)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('a domain under digitalocean.domains gets the same hint, as a domain name', () => {
    const text = patch('{ name: example.com, dns', '{ name: "https://example.com/", dns');
    const [d] = diagnosticsOf(text);
    expect(d).toMatchObject({ path: 'digitalocean.domains[0].name', line: 21 });
    expect(d.hint).toBe(
      'a domain name has no scheme, path, port or trailing dot: write example.com (without the scheme "https://", the path "/")',
    );
  });
});
