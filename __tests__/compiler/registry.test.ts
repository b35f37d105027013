/** The registry plan: repository settings, lifecycle rules, and logical keys that never collide. */
import { address, ref } from '../../compiler/refs';
import fc from 'fast-check';
import { createContext } from '../../compiler/context';
import { compileRegistry, lifecycleRules, repositoryKeys } from '../../compiler/registry';

const repositoryKey = (name: string, all: readonly string[] = [name]) => repositoryKeys(all).get(name);
import { baseSpecInput, loadExample, specFrom } from '../helpers/synth';

const registryOf = (repositories: Record<string, unknown>[]) =>
  compileRegistry(createContext(specFrom({ ...baseSpecInput(), ecr: { repositories } })));

describe('repositories', () => {
  it('php-shop: one immutable, scanned, KMS-encrypted repository per entry, with its refs', () => {
    const plan = compileRegistry(createContext(loadExample('php-shop')));
    expect(
      plan.repositories.map((r) => [r.name, r.key, r.keepImages, r.untaggedExpireDays, r.address.name]),
    ).toEqual([
      ['shop/nginx', 'shop-nginx', 30, 7, 'repo-shop-nginx'],
      ['shop/php-fpm', 'shop-php-fpm', 50, 7, 'repo-shop-php-fpm'],
    ]);
    for (const r of plan.repositories) {
      expect(r.address).toEqual(address('shop-production-registry', 'aws_ecr_repository', `repo-${r.key}`));
      expect([r.url, r.arn]).toEqual([ref(r.address, 'repository_url'), ref(r.address, 'arn')]);
      expect(r).toMatchObject({
        imageTagMutability: 'IMMUTABLE',
        scanOnPush: true,
        encryptionType: 'KMS',
        forceDelete: false,
      });
    }
    expect(plan.decisions.map((d) => d.subject)).toEqual(['registry.encryption', 'registry.tags']);
  });

  it('has no repositories and no decisions when the spec declares none', () => {
    expect(registryOf([])).toEqual({ repositories: [], pullThroughCacheRules: [], decisions: [] });
  });
});

describe('lifecycle rules', () => {
  it('expires untagged images after N days first, then keeps the newest tagged images', () => {
    expect(lifecycleRules(12, 3)).toEqual([
      {
        rulePriority: 1,
        description: 'Expire untagged images 3 days after push',
        selection: {
          tagStatus: 'untagged',
          countType: 'sinceImagePushed',
          countUnit: 'days',
          countNumber: 3,
        },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        description: 'Keep the last 12 tagged images',
        selection: {
          tagStatus: 'tagged',
          tagPatternList: ['*'],
          countType: 'imageCountMoreThan',
          countNumber: 12,
        },
        action: { type: 'expire' },
      },
    ]);
  });

  it('takes keepImages and untaggedExpireDays from the spec', () => {
    const [repo] = registryOf([{ name: 'team/api', keepImages: 5, untaggedExpireDays: 2 }]).repositories;
    expect(repo.lifecycleRules.map((r) => r.selection.countNumber)).toEqual([2, 5]);
  });
});

describe('logical keys', () => {
  it('keeps plain names as they are and rewrites / . _ to hyphens', () => {
    expect(repositoryKey('api')).toBe('api');
    expect(repositoryKey('shop/php-fpm')).toBe('shop-php-fpm');
    expect(repositoryKey('team.a/svc_b')).toBe('team-a-svc-b');
  });

  it('disambiguates names that map to the same key, independent of their order', () => {
    const names = ['a/b', 'a.b', 'a-b'];
    const keys = names.map((n) => repositoryKey(n, names));
    expect(keys[2]).toBe('a-b');
    expect(new Set(keys).size).toBe(3);
    const reversed = [...names].reverse();
    expect(names.map((n) => repositoryKey(n, reversed))).toEqual(keys);
  });

  it('never gives two repository names of one spec the same key', () => {
    const component = fc.stringMatching(/^[a-z0-9]{1,4}([._-][a-z0-9]{1,4})?$/);
    const name = fc.array(component, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 8 }), (names) => {
        const keys = names.map((n) => repositoryKey(n, names));
        expect(new Set(keys).size).toBe(names.length);
        for (const k of keys) expect(k).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      }),
      { numRuns: 200 },
    );
  });
});
