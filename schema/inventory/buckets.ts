/**
 * Questions the rules and the compiler both ask of `storage.buckets`: which buckets an app uses and with what
 * access, the variables its containers receive for them, which Space a bucket takes over, and whether the
 * public reads its files today.
 */
import type {
  AppSpec,
  BucketAccessSpec,
  BucketSpec,
  CdnEndpointSpec,
  ContainerSpec,
  MigrationSpec,
  SpaceSpec,
} from '../spec';
import { isFirstPartyImage, receivesByDefault } from './container-uses';
import { findByName } from './by-name';
import { tasksUseDigitalOcean } from './data-mode';

export interface AppBucket {
  bucket: BucketSpec;
  bucketIndex: number;
  access: BucketAccessSpec;
  accessIndex: number;
}

const byApp = new WeakMap<MigrationSpec['storage'], Map<string, AppBucket[]>>();

/** The buckets `app` is granted, in the order of `storage.buckets` (indexed once per spec). */
export function bucketsOfApp(spec: MigrationSpec, app: string): AppBucket[] {
  let index = byApp.get(spec.storage);
  if (!index) {
    index = new Map();
    spec.storage.buckets.forEach((bucket, bucketIndex) =>
      bucket.access.forEach((access, accessIndex) => {
        const list = index!.get(access.app) ?? [];
        // One entry per app and bucket (the rules refuse a second): the first wins.
        if (!list.some((b) => b.bucketIndex === bucketIndex))
          list.push({ bucket, bucketIndex, access, accessIndex });
        index!.set(access.app, list);
      }),
    );
    byApp.set(spec.storage, index);
  }
  return index.get(app) ?? [];
}

export type BucketSetting = 'bucket' | 'region' | 'endpoint' | 'accessKeyId' | 'secretAccessKey';

export interface BucketVariable {
  name: string;
  setting: BucketSetting;
  bucket: string;
  /** Where the name comes from: the env mapping's key, or the access entry when it is the default. */
  path: (string | number)[];
  what: string;
}

/** The default variable of each setting, after the bucket's prefix when the app uses several. */
const DEFAULT_VARIABLE: Record<BucketSetting, string> = {
  bucket: 'S3_BUCKET',
  region: 'S3_REGION',
  endpoint: 'S3_ENDPOINT',
  accessKeyId: 'S3_ACCESS_KEY_ID',
  secretAccessKey: 'S3_SECRET_ACCESS_KEY',
};

const SETTING_TEXT: Record<BucketSetting, string> = {
  bucket: 'name',
  region: 'region',
  endpoint: 'endpoint',
  accessKeyId: 'access key id',
  secretAccessKey: 'secret key',
};

/** The settings that reach the containers only while they use the Space (its endpoint and keys). */
export const SPACE_SETTINGS: readonly BucketSetting[] = ['endpoint', 'accessKeyId', 'secretAccessKey'];

/**
 * The variables an app's containers receive for its buckets: S3_BUCKET and S3_REGION for one bucket,
 * <NAME>_S3_BUCKET and <NAME>_S3_REGION (NAME upper-cased, hyphens as underscores) for each of several; an
 * env mapping names exactly the settings it lists. While the tasks use the Space a bucket takes over
 * (spaceInUse), also its endpoint and keys (S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY).
 */
export function bucketVariables(spec: MigrationSpec, app: string): BucketVariable[] {
  const buckets = bucketsOfApp(spec, app);
  const several = buckets.length > 1;
  return buckets.flatMap(({ bucket, bucketIndex, access, accessIndex }) => {
    const at = ['storage', 'buckets', bucketIndex, 'access', accessIndex];
    const prefix = several ? `${bucket.name.toUpperCase().replace(/-/g, '_')}_` : '';
    const settings: BucketSetting[] = [
      'bucket',
      'region',
      ...(spaceInUse(spec, bucket) ? SPACE_SETTINGS : []),
    ];
    return settings.flatMap((setting): BucketVariable[] => {
      const what = `the ${SETTING_TEXT[setting]} of bucket \`${bucket.name}\``;
      if (access.env === undefined)
        return [
          { name: `${prefix}${DEFAULT_VARIABLE[setting]}`, setting, bucket: bucket.name, path: at, what },
        ];
      const chosen = access.env[setting];
      return chosen === undefined
        ? []
        : [{ name: chosen, setting, bucket: bucket.name, path: [...at, 'env', setting], what }];
    });
  });
}

/**
 * The Space the AWS tasks use in place of the bucket: the one it takes over, while the data stays on
 * DigitalOcean (cutover.dataMode digitalocean-until-100 until cutover.dataMoved), as the databases' clusters.
 * The droplets keep writing the Space through the split phases, so the tasks write there too: one place
 * for every file until the final copy at 100 %.
 */
export function spaceInUse(spec: MigrationSpec, bucket: BucketSpec): SpaceSpec | undefined {
  return tasksUseDigitalOcean(spec) ? sourceSpace(spec, bucket) : undefined;
}

/** The Spaces endpoint of a region, as DigitalOcean documents it for S3 SDKs. */
export function spacesEndpoint(region: string): string {
  return `https://${region}.digitaloceanspaces.com`;
}

/** The Space a bucket takes over, if any (the rules resolve `from`). */
export function sourceSpace(spec: MigrationSpec, bucket: BucketSpec): SpaceSpec | undefined {
  return bucket.from === undefined ? undefined : findByName(spec.digitalocean.spaces, bucket.from);
}

/** The CDN endpoints that serve a Space. */
export function cdnEndpointsOf(spec: MigrationSpec, space: string): CdnEndpointSpec[] {
  return spec.digitalocean.cdnEndpoints.filter((e) => e.space === space);
}

/** The public reads a Space's files today: through its CDN, its public-read ACL, or public-read objects. */
export function servesPublicFiles(spec: MigrationSpec, space: SpaceSpec): boolean {
  return space.acl === 'public-read' || space.publicFiles || cdnEndpointsOf(spec, space.name).length > 0;
}

/**
 * The custom domains of CDN endpoints whose Space becomes a bucket: CloudFront answers them on AWS, and with a
 * cutover they are weighted CNAMEs (the rules keep each in a zone dropship owns, below its apex).
 */
export function cdnCustomDomains(spec: MigrationSpec): { hostname: string; space: string }[] {
  const moved = new Set(spec.storage.buckets.flatMap((b) => (b.from === undefined ? [] : [b.from])));
  const out = new Map<string, string>();
  for (const e of spec.digitalocean.cdnEndpoints)
    if (e.customDomain !== undefined && moved.has(e.space) && !out.has(e.customDomain))
      out.set(e.customDomain, e.space);
  return [...out].map(([hostname, space]) => ({ hostname, space }));
}

/** Whether any bucket takes over a Space the public reads: CloudFront serves it, from the ALB's stack. */
export function anyBucketServedByCloudFront(spec: MigrationSpec): boolean {
  return spec.storage.buckets.some((b) => {
    const space = sourceSpace(spec, b);
    return space !== undefined && servesPublicFiles(spec, space);
  });
}

/**
 * Whether a container receives the Spaces keys while its app uses a Space: credentials, so as the stores'
 * (schema/inventory/container-uses.ts) only a container of the app's own images that takes its stores
 * (by `uses`, or the default rule: not a front proxy), never a third-party image.
 */
export function receivesSpaceKeys(app: AppSpec, container: ContainerSpec): boolean {
  return (
    isFirstPartyImage(container.image) && (container.uses !== undefined || receivesByDefault(app, container))
  );
}
