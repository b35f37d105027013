/** Generated names: within AWS limits, deterministic, and never colliding, however long the spec's names. */
import fc from 'fast-check';
import { awsName, fitName, NAME_LIMITS, shortHash, type NameKind } from '../../schema/facts/aws-names';
import { compileSecurity } from '../../compiler/security';
import { compileNetwork } from '../../compiler/network';
import { createContext } from '../../compiler/context';
import { baseSpecInput, specFrom } from '../helpers/synth';

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,46}[a-z0-9]$/);

describe('fitName', () => {
  it('keeps a name that fits', () => {
    expect(fitName(['shop', 'production', 'web'], 32)).toBe('shop-production-web');
  });

  it('cuts a long name and appends a hash of the full name', () => {
    const name = fitName(['shop', 'production', 'a-very-long-application-name'], 32);
    expect(name).toHaveLength(32);
    expect(name).toBe(
      `shop-production-a-very-lo-${shortHash('shop-production-a-very-long-application-name')}`,
    );
  });

  it('normalizes characters and never leaves -- or a trailing hyphen (RDS and ElastiCache forbid them)', () => {
    expect(fitName(['Shop_', '--Prod', 'web.'], 63)).toBe('shop-prod-web');
  });

  it('fits, is deterministic and never collides, for any parts and any limit', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.array(label, { minLength: 1, maxLength: 4 }), {
          minLength: 2,
          maxLength: 12,
          selector: (parts) => parts.join('-'),
        }),
        fc.constantFrom(...(Object.keys(NAME_LIMITS) as NameKind[])),
        (partsList, kind) => {
          const names = partsList.map((parts) => awsName(kind, ...parts));
          for (const [i, name] of names.entries()) {
            expect(name.length).toBeLessThanOrEqual(NAME_LIMITS[kind]);
            expect(name).not.toMatch(/--|-$|^-/);
            expect(awsName(kind, ...partsList[i])).toBe(name);
          }
          expect(new Set(names).size).toBe(names.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the results docs/naming.md shows', () => {
    expect(fitName(['bookclub-production', 'notifications-service-a'], 32)).toBe(
      'bookclub-production-notif-8ec6b8',
    );
    expect(fitName(['bookclub-production', 'notifications-service-b'], 32)).toBe(
      'bookclub-production-notif-1de9b7',
    );
  });

  it('keeps two long names that share a 27-character prefix apart', () => {
    const a = awsName('targetGroup', 'bookclub-production', 'notifications-service-a');
    const b = awsName('targetGroup', 'bookclub-production', 'notifications-service-b');
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(32);
    expect(b.length).toBeLessThanOrEqual(32);
  });
});

describe('names in the network plan', () => {
  it('stay within limits and unique with the longest names the schema allows', () => {
    const project = 'p'.repeat(20);
    const environment = 'e'.repeat(12);
    const apps = ['a', 'b'].map((c) => ({
      name: `${c}${'x'.repeat(47)}`,
      containers: [{ name: 'main', image: { uri: 'public.ecr.aws/x/y:1' } }],
    }));
    const spec = specFrom({ ...baseSpecInput(), project, environment, apps });
    const ctx = createContext(spec);
    const security = compileSecurity(ctx);
    const names = security.nodes.map((n) => n.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(NAME_LIMITS.securityGroup);
    const network = compileNetwork(ctx);
    expect(network.mode === 'new' && network.flowLogs.roleName.length).toBeLessThanOrEqual(
      NAME_LIMITS.iamRole,
    );
  });
});
