/**
 * ci.github in the spec: the repository, provider ARN and environment formats (zod), at least one branch or
 * environment, branch names git accepts, and builds of declared repositories (schema/rules/ci.ts), each a
 * located error; a well-formed block validates.
 */
import fc from 'fast-check';
import { BASE } from '../schema/base-spec';
import { diagnosticsOf } from '../helpers/validate';
import { branchProblem } from '../../schema/rules/ci';

const withCi = (ci: string): string => `${BASE}ci:\n  github:\n${ci}`;
const GOOD = `    repository: acme/shop\n    branches: [main]\n    oidcProvider: create\n`;
const errorsOf = (text: string) => diagnosticsOf(text).filter((d) => d.severity === 'error');
const CI_LINE = BASE.split('\n').length; // the line of `ci:` (BASE ends with a newline)

describe('ci.github spec', () => {
  it('accepts a repository with a branch, and an existing provider by ARN with an environment', () => {
    expect(errorsOf(withCi(GOOD))).toEqual([]);
    const existing =
      '    repository: acme/shop.web\n    environments: [production]\n' +
      '    oidcProvider: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com\n';
    expect(errorsOf(withCi(existing))).toEqual([]);
  });

  it.each([
    ['repository: acme', 'repository: acme/shop', 'ci.github.repository'],
    ['repository: -acme/shop', 'repository: acme/shop', 'ci.github.repository'],
    ['repository: acme/..', 'repository: acme/shop', 'ci.github.repository'],
    [
      'oidcProvider: arn:aws:iam::123456789012:oidc-provider/example.com',
      'oidcProvider: create',
      'ci.github.oidcProvider',
    ],
    ['branches: ["feature/*"]', 'branches: [main]', 'ci.github.branches[0]'],
    ['branches: [main, "a..b"]', 'branches: [main]', 'ci.github.branches[1]'],
    ['branches: []', 'branches: [main]', 'ci.github'],
  ])('refuses %s, located at its field', (bad, good, path) => {
    const found = errorsOf(withCi(GOOD.replace(good, bad)));
    expect(found.map((d) => d.path)).toEqual([path]);
    expect(found[0].line).toBeGreaterThanOrEqual(CI_LINE);
    expect(found[0].file).toBe('case.yaml');
  });

  it('refuses an environment name with a character outside the safe set', () => {
    const found = errorsOf(withCi(GOOD.replace('branches: [main]', 'environments: ["prod ${{ x }}"]')));
    expect(found.map((d) => d.path)).toEqual(['ci.github.environments[0]']);
  });

  it('refuses a build of an undeclared repository, at its key', () => {
    const found = errorsOf(withCi(`${GOOD}    builds:\n      shop/api: { context: api }\n`));
    expect(found.map((d) => [d.code, d.path])).toEqual([
      ['ci-build-repository', 'ci.github.builds["shop/api"]'],
    ]);
  });

  it('refuses a build path that leaves the repository', () => {
    const found = errorsOf(withCi(`${GOOD}    builds:\n      shop/web: { context: ../other }\n`));
    expect(found.map((d) => d.path)).toEqual(['ci.github.builds["shop/web"].context']);
  });

  it('branch names: what git check-ref-format --branch refuses is refused, ordinary names pass', () => {
    for (const ok of ['main', 'release/2024.1', 'feature/x-y_z', 'dependabot/npm/a+b', '$weird{}'])
      expect(branchProblem(ok)).toBeUndefined();
    fc.assert(
      fc.property(
        fc.string({ maxLength: 10 }),
        fc.constantFrom(' ', '~', '^', ':', '?', '*', '[', '\\', '..', '@{', '\n', '\u007f'),
        fc.string({ maxLength: 10 }),
        (a, bad, b) => branchProblem(`x${a}${bad}${b}`) !== undefined,
      ),
    );
  });
});
