/**
 * What `validate` runs stays linear in the fleet: the rules (schema/rules/) and the compiler's reporting
 * parts (checkSpec) read the inventory's lists about ten times as often for ten times the apps. Counted, not
 * timed: every read of an element of the lists a rule could scan per app (droplets, firewalls, load
 * balancers, DNS records, apps, databases, caches) goes through a counting proxy. A rule that scans a list
 * once per app reads it about a hundred times as often instead: the staying-droplet needs, which rebuilt
 * every firewall's droplets for each app, read 45-50 times as much at 20 -> 200 apps here.
 */
import { generateSpec } from '../../bench/generate';
import { checkSpec } from '../../compiler';
import { checkRules } from '../../schema/rules/index';
import { MigrationSpec } from '../../schema/spec';
import type { ValidSpec } from '../../schema/valid-spec';

/** Linear work reads ~10 x as much (a sort adds a little); quadratic work ~100 x. */
const MAX_GROWTH = 20;

/** The element reads of `check` on the fleet of `apps` apps. */
function readsOn(apps: number, check: (spec: ValidSpec) => unknown): number {
  const spec = MigrationSpec.parse(generateSpec(apps));
  let reads = 0;
  const counted = <T extends object>(list: T[]): T[] =>
    new Proxy(list, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
  const inventory = spec.digitalocean;
  inventory.droplets = counted(inventory.droplets);
  inventory.firewalls = counted(inventory.firewalls);
  inventory.loadBalancers = counted(inventory.loadBalancers);
  for (const domain of inventory.domains) domain.records = counted(domain.records);
  spec.apps = counted(spec.apps);
  spec.databases = counted(spec.databases);
  spec.caches = counted(spec.caches);
  check(spec as ValidSpec);
  return reads;
}

// 20 and 200 apps: below the fleet's bends (at most 90 public apps, 30 databases), so each kind of app,
// store and droplet grows ten times.
it.each([
  ['the rules', (spec: ValidSpec) => expect(checkRules(spec)).toEqual([])],
  ['checkSpec (the reporting parts)', (spec: ValidSpec) => checkSpec(spec)],
])('%s read the inventory ~10 x as often for 10 x the apps', (_, check) => {
  const small = readsOn(20, check);
  const large = readsOn(200, check);
  expect(small).toBeGreaterThan(100);
  expect(large / small).toBeLessThan(MAX_GROWTH);
});
