/**
 * Object storage in migration.yaml: the inventory's DigitalOcean Spaces and Spaces CDN endpoints
 * (`digitalocean.spaces`, `digitalocean.cdnEndpoints`) and the target's S3 buckets (`storage.buckets`).
 * Its own module so spec.ts only gains three fields; it imports nothing from spec.ts (no cycle), so the few
 * atoms it needs are written here with the same patterns.
 */
import './defer-zod-locales';
import { z } from 'zod';

/** As spec.ts's ResourceName. */
const Name = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$/,
    'a name of lowercase letters, digits and hyphens that starts with a letter and does not end with a hyphen',
  )
  .max(48);

/** As spec.ts's EnvVarName (POSIX "Name"). */
const EnvVarName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'an environment variable name: letters, digits and _, not starting with a digit',
  );

/** A host name without a wildcard: a CDN endpoint's custom domain. */
const Hostname = z
  .string()
  .regex(
    /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'a lowercase fully qualified host name such as cdn.example.com',
  );

/**
 * A Space's name: 3–63 lowercase letters, digits and hyphens, starting and ending with a letter or digit
 * (DigitalOcean "Spaces limits": bucket names follow the S3 rules without dots).
 */
export const SpaceName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
    'a Space name: 3–63 lowercase letters, digits and hyphens, starting and ending with a letter or digit',
  );

const SpacesRegion = z.string().regex(/^[a-z]{3}[0-9]$/, 'a Spaces region slug such as nyc3, ams3, fra1');

const HttpMethod = z.enum(['GET', 'PUT', 'POST', 'DELETE', 'HEAD']);

/** Printable ASCII: what S3 accepts in a CORS origin, header or rule id, and what stays one line of text. */
const HeaderText = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

const CorsRule = z.strictObject({
  allowedOrigins: z
    .array(HeaderText)
    .min(1)
    .describe('Origins allowed to make cross-origin requests (https://shop.example.com, or *).'),
  allowedMethods: z.array(HttpMethod).min(1).describe('HTTP methods allowed: GET, PUT, POST, DELETE, HEAD.'),
  allowedHeaders: z
    .array(HeaderText)
    .default([])
    .describe('Request headers allowed in a preflight. Default: [].'),
  exposeHeaders: z
    .array(HeaderText)
    .default([])
    .describe('Response headers the browser may read. Default: [].'),
  maxAgeSeconds: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('How long a browser caches the preflight. Default: none.'),
});

const LifecycleRule = z.strictObject({
  id: z
    .string()
    .max(255)
    .regex(/^[\x20-\x7e]*$/, 'printable ASCII')
    .optional()
    .describe('The rule id. Default: rule-<position>.'),
  prefix: z
    .string()
    .max(1024)
    .default('')
    .describe('Key prefix the rule applies to. Default: "" (every object).'),
  enabled: z.boolean().default(true).describe('Whether the rule is on. Default: true.'),
  expirationDays: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Objects expire this many days after creation. Default: never.'),
  noncurrentVersionExpirationDays: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Noncurrent versions expire this many days after they become noncurrent. Default: never.'),
  abortIncompleteMultipartUploadDays: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Incomplete multipart uploads are aborted after this many days. Default: never.'),
});

export const Space = z.strictObject({
  name: SpaceName.describe('The Space (bucket) name at DigitalOcean.'),
  region: SpacesRegion.describe('Its region slug: the endpoint is https://<region>.digitaloceanspaces.com.'),
  acl: z
    .enum(['private', 'public-read'])
    .default('private')
    .describe(
      'The bucket ACL: public-read means anyone may list and read its files. Default: private (files may still be public-read one by one: say so with publicFiles).',
    ),
  publicFiles: z
    .boolean()
    .default(false)
    .describe(
      'Some objects are uploaded public-read (x-amz-acl: public-read) and read anonymously. Default: false.',
    ),
  sizeGb: z
    .number()
    .min(0)
    .max(10_000_000)
    .optional()
    .describe(
      'What it stores, in GB (`rclone size` prints the bytes): the cost estimate prices the storage of the bucket that takes it over from it. Default: unknown (that storage is listed as missing).',
    ),
  cors: z.array(CorsRule).default([]).describe('Its CORS rules (get-bucket-cors). Default: [].'),
  lifecycle: z
    .array(LifecycleRule)
    .default([])
    .describe('Its lifecycle rules (get-bucket-lifecycle-configuration; time-based only). Default: [].'),
});

export const CdnEndpoint = z.strictObject({
  space: SpaceName.describe('The Space it serves (its origin is <space>.<region>.digitaloceanspaces.com).'),
  id: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9-]*$/, 'a DigitalOcean id')
    .optional()
    .describe('The CDN endpoint id at DigitalOcean.'),
  customDomain: Hostname.optional().describe(
    'The custom host name it answers (a CNAME to the endpoint today). Default: none.',
  ),
  ttlSeconds: z
    .number()
    .int()
    .min(0)
    .default(3600)
    .describe('How long the edge caches a file. Default: 3600.'),
});

const BucketAccess = z.strictObject({
  app: Name.describe('An app of apps: its task role gets exactly this access, its containers the bucket.'),
  mode: z
    .enum(['read', 'read-write'])
    .describe('read: get and list objects. read-write: also put and delete them.'),
  env: z
    .strictObject({
      bucket: EnvVarName.optional().describe(
        'The variable of the bucket name. Without env: S3_BUCKET (<NAME>_S3_BUCKET when the app uses several buckets).',
      ),
      region: EnvVarName.optional().describe(
        'The variable of the bucket region. Without env: S3_REGION (<NAME>_S3_REGION when several).',
      ),
      endpoint: EnvVarName.optional().describe(
        'The variable of the endpoint URL, set only while the tasks use the Space the bucket takes over (cutover.dataMode digitalocean-until-100 until cutover.dataMoved): https://<region>.digitaloceanspaces.com. Without env: S3_ENDPOINT (<NAME>_S3_ENDPOINT when several).',
      ),
      accessKeyId: EnvVarName.optional().describe(
        'The variable of the Spaces access key id, from Secrets Manager, set only while the tasks use the Space. Without env: S3_ACCESS_KEY_ID (<NAME>_S3_ACCESS_KEY_ID when several). Not AWS_ACCESS_KEY_ID: it would replace the task role for every AWS call of the container.',
      ),
      secretAccessKey: EnvVarName.optional().describe(
        'The variable of the Spaces secret key, from Secrets Manager, set only while the tasks use the Space. Without env: S3_SECRET_ACCESS_KEY (<NAME>_S3_SECRET_ACCESS_KEY when several).',
      ),
    })
    .optional()
    .describe(
      'The variables the app’s containers receive: exactly those named. Default: both, under their default names.',
    ),
});

export const Bucket = z.strictObject({
  name: Name.describe('The bucket’s name in the spec; the S3 name is <project>-<environment>-<name>.'),
  from: SpaceName.optional().describe(
    'The Space of digitalocean.spaces whose files, CORS and lifecycle rules it takes over. Default: a new, empty bucket.',
  ),
  access: z
    .array(BucketAccess)
    .default([])
    .describe('The apps that use it, each with read or read-write. Default: [] (no app).'),
});

export const StorageSpec = z.strictObject({
  buckets: z
    .array(Bucket)
    .default([])
    .describe(
      'S3 buckets: public access blocked, SSE-KMS with the environment key, versioning, TLS only. Default: [].',
    ),
});

export type SpaceSpec = z.output<typeof Space>;
export type CdnEndpointSpec = z.output<typeof CdnEndpoint>;
export type BucketSpec = z.output<typeof Bucket>;
export type BucketAccessSpec = BucketSpec['access'][number];
