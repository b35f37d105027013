/**
 * The apps whose task definition changes at the switch of cutover.dataMoved (their stores' endpoints, and the
 * Spaces their buckets take over), split by who deploys it: the data runbook (compiler/data/ci-redeploy.ts)
 * and the storage runbook (compiler/storage/copy.ts) name the same apps.
 */
import type { AppSpec, MigrationSpec } from '../spec';
import { bucketsOfApp } from './buckets';

const isBlueGreen = (a: AppSpec) => a.deployment.strategy === 'blue-green';

/**
 * Apps whose task definition env changes with the switch: they use a database or cache moved from
 * DigitalOcean, or a bucket that takes over a Space (its endpoint and keys go, compiler/storage/spaces-in-use.ts).
 */
function usesMovingStore(spec: MigrationSpec, app: AppSpec): boolean {
  const moving = (list: readonly { name: string; from?: string }[], names: readonly string[]) =>
    names.some((n) => list.find((s) => s.name === n)?.from !== undefined);
  return (
    moving(spec.databases, app.uses.databases) ||
    moving(spec.caches, app.uses.caches) ||
    bucketsOfApp(spec, app.name).some((b) => b.bucket.from !== undefined)
  );
}

/**
 * The apps the switch reaches, split by who deploys their task definition: Terraform (a pinned rolling
 * service; a pinned scheduled task runs the revision the rule names), or CI/CodeDeploy (`outside`). A scheduled
 * app with imageTagMode ci runs its family's newest revision, which the apply registered with the spec's
 * (stale) image tag: it is re-registered with CI's images.
 */
export function switchedServices(spec: MigrationSpec): { terraform: AppSpec[]; outside: AppSpec[] } {
  const apps = spec.apps.filter((a) => usesMovingStore(spec, a));
  const outside = apps.filter((a) => a.deployment.imageTagMode === 'ci' || isBlueGreen(a));
  return { terraform: apps.filter((a) => !outside.includes(a) && a.schedule === undefined), outside };
}
