/**
 * Listener rule priorities are a rule (schema/rules/listener-rules.ts): an explicit priority that runs one
 * app's rules into another's, or past the ALB's 50,000, is refused when the spec is loaded, located at the
 * priority, with the code and message the compiler used to throw (apps/invalid). What the rules accept, the
 * compiler plans with distinct priorities within the maximum.
 */
import fc from 'fast-check';
import type { MigrationSpecInput } from '../../schema/spec';
import { MAX_RULE_PRIORITY } from '../../schema/inventory/listener-rules';
import { compile } from '../../compiler';
import { baseSpecInput } from '../helpers/synth';
import { diagnosticsOf, load, specText } from '../helpers/validate';

const app = (name: string, hostnames: string[], priority?: number) => ({
  name,
  containers: [{ name: 'web', image: { uri: 'nginx:1.27' }, port: 8080 }],
  expose: {
    public: { hostnames, container: 'web', port: 8080, ...(priority === undefined ? {} : { priority }) },
  },
});

const withApps = (apps: ReturnType<typeof app>[]): MigrationSpecInput => ({
  ...baseSpecInput(),
  digitalocean: { domains: [{ name: 'example.com', dns: 'digitalocean' }] },
  apps,
});

const hosts = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}.example.com`);

const errorsOf = (input: MigrationSpecInput) => diagnosticsOf(input).filter((d) => d.severity === 'error');

describe('listener rule priorities', () => {
  it('refuses a rule past the ALB maximum, at the priority', () => {
    // Five hostnames make two rules (at most three values per condition): 50000 and 50001.
    const input = withApps([app('web', hosts('h', 5), 50000)]);
    const [d, ...rest] = errorsOf(input);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      code: 'apps/invalid',
      path: 'apps[0].expose.public.priority',
      message: "listener rule priority 50001 of web is above the ALB's maximum 50000",
    });
    expect(specText(input).split('\n')[d.line - 1]).toContain('priority: 50000');
  });

  it('refuses a priority that one app’s earlier rules already take, at the later app', () => {
    const input = withApps([app('a', hosts('a', 5), 10), app('b', ['b.example.com'], 11)]);
    expect(errorsOf(input)).toEqual([
      expect.objectContaining({
        code: 'apps/invalid',
        path: 'apps[1].expose.public.priority',
        message: 'listener rule priority 11 of b is already used by a',
      }),
    ]);
    // The same base twice is the rule users have always seen for it.
    expect(errorsOf(withApps([app('a', ['a.example.com'], 10), app('b', ['b.example.com'], 10)]))).toEqual([
      expect.objectContaining({ code: 'duplicate-priority', path: 'apps[1].expose.public.priority' }),
    ]);
  });

  it('accepts exactly the apps whose rules get distinct priorities within the maximum, which the compiler plans', () => {
    const apps = fc.array(
      fc.record({
        hostnames: fc.integer({ min: 1, max: 7 }),
        priority: fc.option(
          fc.oneof(
            fc.integer({ min: 1, max: 40 }),
            fc.integer({ min: MAX_RULE_PRIORITY - 4, max: MAX_RULE_PRIORITY }),
          ),
          { nil: undefined },
        ),
      }),
      { minLength: 1, maxLength: 5 },
    );
    let accepted = 0;
    fc.assert(
      fc.property(apps, (generated) => {
        const input = withApps(
          generated.map((a, i) => app(`app${i}`, hosts(`x${i}-`, a.hostnames), a.priority)),
        );
        const result = load(input);
        if (!result.ok) {
          const codes = result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
          expect(codes.every((c) => c === 'apps/invalid' || c === 'duplicate-priority')).toBe(true);
          return;
        }
        accepted++;
        const priorities = compile(result.spec).apps.apps.flatMap((a) =>
          a.listenerRules.map((r) => r.priority),
        );
        expect(new Set(priorities).size).toBe(priorities.length);
        expect(Math.max(...priorities)).toBeLessThanOrEqual(MAX_RULE_PRIORITY);
      }),
      { numRuns: 150 },
    );
    expect(accepted).toBeGreaterThan(15);
  });
});
