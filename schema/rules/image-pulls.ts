/**
 * Image pulls: what a task needs to fetch its images.
 *
 * - Without NAT the private subnets reach only the VPC endpoints, and the ECR endpoints serve the private
 *   registries of the VPC's own region. An image anywhere else (Docker Hub, GHCR, ECR Public, another region)
 *   can never be pulled: the task would stay PENDING, so it is refused. A pull-through cached image is ECR in
 *   the region, but AWS needs an internet route for the first pull of each image through a rule even behind
 *   the ECR endpoints (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html,
 *   "Considerations"): allowed, with a warning that every new tag needs seeding from a networked host.
 * - Pull-through cache rules: one per upstream and prefix; Docker Hub and GHCR need upstream credentials, in
 *   a secret named `ecr-pullthroughcache/…` in the rule's account and region; Quay and ECR Public take none
 *   (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-creating-rule.html).
 * - `repositoryCredentials` names a declared secret, for an image outside ECR (ECS uses it for no other).
 */
import { ecrRegistryOf, parseImageReference } from '../inventory/images';
import { usesVpcEndpoints } from '../inventory/network';
import type { FindingPath, Report } from '../report';
import type { ContainerSpec, MigrationSpec } from '../spec';
import { resolve, type Names } from './names';
import type { Used } from './unused';

/** An ECR repository path (the cache repository is `<prefix>/<path>`), and a tag or digest after it. */
const CACHEABLE_PATH = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const CACHEABLE_REFERENCE = /^(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** Upstreams AWS pulls only with credentials from Secrets Manager. */
const NEEDS_CREDENTIALS = new Set(['docker-hub', 'github-container-registry']);

export function checkImagePulls(r: Report, spec: MigrationSpec, names: Names, used: Used): void {
  checkPullThroughRules(r, spec);
  const rules = new Set(spec.ecr.pullThroughCache.map((rule) => rule.upstream));
  const copies = new Map<string, string>();
  spec.apps.forEach((app, a) =>
    app.containers.forEach((c, j) => {
      const at: FindingPath = ['apps', a, 'containers', j];
      checkCopySource(r, c, at, copies);
      const cached = checkCachedImage(r, c, at, rules);
      checkRepositoryCredentials(r, c, at, names, used);
      if (usesVpcEndpoints(spec)) checkPullWithoutNat(r, spec, c, at, cached);
    }),
  );
}

/** One repository tag is one image: two containers may not copy different sources into it. */
function checkCopySource(r: Report, c: ContainerSpec, at: FindingPath, copies: Map<string, string>): void {
  if (!('repository' in c.image) || c.image.copyFrom === undefined) return;
  const target = `${c.image.repository}:${c.image.tag ?? 'latest'}`;
  const earlier = copies.get(target);
  if (earlier === undefined) copies.set(target, c.image.copyFrom);
  else if (earlier !== c.image.copyFrom)
    r.error(
      [...at, 'image', 'copyFrom'],
      'copy-from-conflict',
      `${target} is copied from both ${earlier} and ${c.image.copyFrom}`,
      {
        hint: 'tags are immutable: copy each source into its own tag',
      },
    );
}

function checkPullThroughRules(r: Report, spec: MigrationSpec): void {
  const upstreams = new Set<string>();
  const prefixes = new Set<string>();
  const repositories = spec.ecr.repositories.map((repo) => repo.name);
  spec.ecr.pullThroughCache.forEach((rule, i) => {
    const at: FindingPath = ['ecr', 'pullThroughCache', i];
    const prefix = rule.prefix ?? rule.upstream;
    if (upstreams.has(rule.upstream))
      r.error(
        [...at, 'upstream'],
        'pull-through-cache-duplicate',
        `a second pull-through cache rule for ${rule.upstream}`,
        {
          hint: 'an image names its registry, not a rule: keep one rule per upstream',
        },
      );
    upstreams.add(rule.upstream);
    if (prefixes.has(prefix))
      r.error(
        at,
        'pull-through-cache-duplicate',
        `the ECR repository prefix ${prefix} is used by two rules`,
        {
          hint: 'give each rule its own prefix',
        },
      );
    prefixes.add(prefix);
    const clash = repositories.find((name) => name === prefix || name.startsWith(`${prefix}/`));
    if (clash !== undefined)
      r.error(
        at,
        'pull-through-cache-prefix',
        `ecr.repositories declares ${clash}, under the cache prefix ${prefix}/`,
        {
          hint: 'the cache creates the repositories under its prefix itself: choose another prefix or rename the repository',
        },
      );
    checkCredentials(r, spec, rule.upstream, rule.credentialArn, at);
  });
}

function checkCredentials(
  r: Report,
  spec: MigrationSpec,
  upstream: string,
  credentialArn: string | undefined,
  at: FindingPath,
): void {
  if (credentialArn === undefined) {
    if (NEEDS_CREDENTIALS.has(upstream))
      r.error(
        at,
        'pull-through-cache-credentials',
        `a pull-through cache rule for ${upstream} needs upstream credentials`,
        {
          expected: `credentialArn: arn:aws:secretsmanager:${spec.aws.region}:<account>:secret:ecr-pullthroughcache/<name>`,
          hint: `store the ${upstream} user name and access token in a Secrets Manager secret whose name starts with ecr-pullthroughcache/ (AWS requires the prefix), and give its ARN; never the token itself`,
        },
      );
    return;
  }
  const path = [...at, 'credentialArn'];
  if (!NEEDS_CREDENTIALS.has(upstream)) {
    r.error(
      path,
      'pull-through-cache-credentials',
      `a pull-through cache rule for ${upstream} takes no credentials`,
      {
        hint: `${upstream} is cached without authentication: remove credentialArn`,
      },
    );
    return;
  }
  const [, , , region, account] = credentialArn.split(':');
  if (region !== spec.aws.region || (spec.aws.accountId !== undefined && account !== spec.aws.accountId))
    r.error(
      path,
      'pull-through-cache-credentials',
      `the credentials secret is in ${account} ${region}, but a pull-through cache rule reads only a secret of its own account and region (${spec.aws.accountId ?? 'the target account'} ${spec.aws.region})`,
      { hint: `create the ecr-pullthroughcache/ secret in ${spec.aws.region} of the target account` },
    );
}

/** The upstream of an image pulled through the cache, when its rule exists. */
function checkCachedImage(r: Report, c: ContainerSpec, at: FindingPath, rules: Set<string>): boolean {
  if (!('uri' in c.image) || !c.image.pullThroughCache) return false;
  const path = [...at, 'image', 'pullThroughCache'];
  const image = parseImageReference(c.image.uri);
  if (image?.upstream === undefined) {
    r.error(
      path,
      'pull-through-cache-upstream',
      `${c.image.uri} is not on a registry dropship caches (Docker Hub, GHCR, Quay, ECR Public)`,
      {
        hint: 'remove pullThroughCache, or copy the image into a repository under ecr.repositories (copyFrom)',
      },
    );
    return false;
  }
  if (!CACHEABLE_PATH.test(image.path) || !CACHEABLE_REFERENCE.test(image.reference)) {
    r.error(
      [...at, 'image', 'uri'],
      'pull-through-cache-upstream',
      `${c.image.uri} is not an image reference ECR can cache: its repository path must be lowercase names separated by /, its tag a Docker tag or its digest sha256:<hex>`,
      { expected: 'e.g. nginx:1.27, ghcr.io/acme/api:2.1 or quay.io/org/app@sha256:…' },
    );
    return false;
  }
  if (!rules.has(image.upstream)) {
    r.error(
      path,
      'pull-through-cache-no-rule',
      `no pull-through cache rule for ${image.upstream}, where ${c.image.uri} is`,
      {
        expected: `ecr.pullThroughCache: [{ upstream: ${image.upstream} }]`,
        hint: `declare a rule for ${image.upstream} under ecr.pullThroughCache${NEEDS_CREDENTIALS.has(image.upstream) ? ' with its credentialArn' : ''}, or remove pullThroughCache`,
      },
    );
    return false;
  }
  return true;
}

function checkRepositoryCredentials(
  r: Report,
  c: ContainerSpec,
  at: FindingPath,
  names: Names,
  used: Used,
): void {
  if (c.repositoryCredentials === undefined) return;
  const path = [...at, 'repositoryCredentials'];
  used.secrets.add(c.repositoryCredentials);
  resolve(r, names.secrets, c.repositoryCredentials, path, 'secrets');
  const inEcr =
    'repository' in c.image || ecrRegistryOf(c.image.uri) !== undefined || c.image.pullThroughCache;
  if (inEcr)
    r.error(path, 'repository-credentials-ecr', 'repositoryCredentials are for registries outside ECR', {
      hint: 'ECS pulls ECR images (pull-through cached ones included) with the execution role: remove repositoryCredentials',
    });
}

function checkPullWithoutNat(
  r: Report,
  spec: MigrationSpec,
  c: ContainerSpec,
  at: FindingPath,
  cached: boolean,
): void {
  if (!('uri' in c.image)) return;
  const { region } = spec.aws;
  const path = [...at, 'image', 'uri'];
  if (cached) {
    r.warn(
      path,
      'nat-none-pull-through-seed',
      `${c.image.uri} is pulled through the ECR pull-through cache, but with nat: none the tasks cannot make the first pull of a tag: AWS needs an internet route for it, even behind the ECR endpoints`,
      {
        hint: 'seed every new tag from a networked host before the tasks need it (the plan lists the step), or set aws.network.vpc.nat: single',
      },
    );
    return;
  }
  if (c.image.pullThroughCache) return; // refused above: no rule or no upstream
  const registry = ecrRegistryOf(c.image.uri);
  if (registry?.region === region) return;
  r.error(
    path,
    'nat-none-external-image',
    registry
      ? `${c.image.uri} is in ECR in ${registry.region}, but with nat: none the tasks reach ECR in ${region} only (through the VPC endpoints): the image can never be pulled`
      : `${c.image.uri} is outside ECR, and with nat: none the tasks reach only ECR in ${region} (through the VPC endpoints): the image can never be pulled`,
    {
      expected: `an image in ECR in ${region}: { repository, tag } or { uri: <account>.dkr.ecr.${region}.amazonaws.com/<name>:<tag> }`,
      hint: registry
        ? `replicate the repository into ${region} (ECR replication) and use that URI, or set aws.network.vpc.nat: single`
        : `copy the image into an ECR repository of ${region} before apply (declare it under ecr.repositories and write image: { repository, tag, copyFrom: ${c.image.uri} }: the plan's push step copies it from a networked host), pull it through a pull-through cache rule (pullThroughCache: true; every new tag seeded from a networked host), or set aws.network.vpc.nat: single`,
    },
  );
}
