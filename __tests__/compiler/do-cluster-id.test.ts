import fc from 'fast-check';
import { doClusterId, doClusterIdVariable } from '../../compiler/data/do-stores';
import { sh } from '../../compiler/shell';
import type { DoDatabaseSpec } from '../../schema/spec';

const cluster = (name: string, firewallId?: string) =>
  ({ name, engine: 'pg', ...(firewallId ? { firewallId } : {}) }) as unknown as DoDatabaseSpec;

// DigitalOcean cluster names: lowercase letters, digits and hyphens.
const clusterName = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/);

describe('the id of a DigitalOcean cluster the runbook names', () => {
  it('is a variable of its own per cluster, so one cluster’s commands never reach another', () => {
    fc.assert(
      fc.property(clusterName, clusterName, (a, b) => {
        fc.pre(a.replace(/-/g, '_') !== b.replace(/-/g, '_'));
        const ta = sh`doctl databases get-ca ${doClusterId(cluster(a))}`.toString();
        const tb = sh`doctl databases get-ca ${doClusterId(cluster(b))}`.toString();
        expect(ta).toContain(doClusterIdVariable(a));
        expect(tb).toContain(doClusterIdVariable(b));
        expect(ta).not.toContain(`$${doClusterIdVariable(b)}:`);
        expect(doClusterIdVariable(a)).toMatch(/^[A-Z_][A-Z0-9_]*$/);
      }),
      { seed: 17, numRuns: 200 },
    );
  });

  it('is the inventory’s id when it has one', () => {
    expect(doClusterId(cluster('shop-mysql', '9cc10173-e9ea-4176-9dbc-a4cee4c4ff30'))).toBe(
      '9cc10173-e9ea-4176-9dbc-a4cee4c4ff30',
    );
  });
});
