/**
 * Spaces, read from the S3-compatible API's JSON as the AWS CLI prints it against a Spaces endpoint
 * (`aws s3api ... --endpoint-url https://<region>.digitaloceanspaces.com`), and Spaces CDN endpoints
 * (`doctl compute cdn list -o json`, `GET /v2/cdn/endpoints`).
 *
 * The S3 responses do not name the bucket or region they describe, so the file name does (docs/import.md):
 * `spaces-<region>.json` holds `list-buckets`, `space-<bucket>.<anything>.json` one bucket's `get-bucket-acl`,
 * `get-bucket-cors`, `get-bucket-lifecycle-configuration`, `get-bucket-location` or `get-bucket-policy`; the
 * content says which.
 * Every value is checked here against what migration.yaml accepts, with the file and JSON path, so a
 * hostile or mistyped export stops the import instead of reaching the spec.
 */
import { basename } from 'node:path';
import type { Warnings } from './errors';
import { Json } from './json';
import type { RawCdnEndpoint, RawCorsRule, RawLifecycleRule, RawSpaceDetail, RawSpaceList } from './raw';

/** DigitalOcean "Spaces limits": S3's bucket rules without dots (schema/storage-spec.ts SpaceName). */
const SPACE_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const SPACES_REGION = /^[a-z]{3}[0-9]$/;
/** What S3 accepts in a CORS origin or header, and what stays one line of text (schema HeaderText). */
const HEADER_TEXT = /^[\x21-\x7e]{1,1024}$/;
const HOSTNAME = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** A CDN origin: the Space's own host name (DigitalOcean API: "currently restricted to a Space"). */
const SPACE_ORIGIN = /^([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\.([a-z]{3}[0-9])\.digitaloceanspaces\.com$/;
const CORS_METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'HEAD']);
/** The groups whose grants make a bucket public (S3 "Access control list (ACL) overview": predefined groups). */
const PUBLIC_GROUPS = new Set([
  'http://acs.amazonaws.com/groups/global/AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
]);

/** `spaces-fra1.json` → fra1. */
export function regionFromFileName(file: string): string | undefined {
  const match = /^spaces-([a-z]{3}[0-9])\.json$/i.exec(basename(file));
  return match?.[1].toLowerCase();
}

/** `space-gallery-uploads.cors.json` → gallery-uploads. */
export function bucketFromFileName(file: string): string | undefined {
  const match = /^space-([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\.[A-Za-z0-9_-]+\.json$/.exec(basename(file));
  return match?.[1];
}

function spaceName(value: Json): string {
  const name = value.string();
  if (!SPACE_NAME.test(name))
    value.fail(
      'expected a Space name: 3–63 lowercase letters, digits and hyphens, starting and ending with a letter or digit',
    );
  return name;
}

function region(value: Json): string {
  const slug = value.string().toLowerCase();
  if (!SPACES_REGION.test(slug)) value.fail('expected a Spaces region slug such as nyc3, ams3 or fra1');
  return slug;
}

function headerText(value: Json): string {
  const text = value.string();
  if (!HEADER_TEXT.test(text))
    value.fail('expected printable ASCII without spaces or line breaks, at most 1024 characters');
  return text;
}

/** `aws s3api list-buckets`: `{"Buckets": [{"Name", "CreationDate"}], "Owner": ...}`. */
export function readSpaceList(root: Json): RawSpaceList {
  const fileRegion = regionFromFileName(root.file);
  const buckets = root
    .get('Buckets')
    .optArray()
    .map((bucket) => {
      bucket.object();
      // AWS CLI v2 prints BucketRegion where the service reports one. Only a Spaces slug is taken: an S3
      // default such as us-east-1 says nothing about a Space, and the file's region stands.
      const own = bucket.get('BucketRegion').value;
      const slug = typeof own === 'string' && SPACES_REGION.test(own) ? own : undefined;
      return { name: spaceName(bucket.get('Name')), region: slug };
    });
  if (fileRegion === undefined && buckets.some((b) => b.region === undefined))
    root.fail(
      'a list-buckets response does not say which Spaces region it lists: name the file spaces-<region>.json after the endpoint it came from (spaces-fra1.json for https://fra1.digitaloceanspaces.com)',
    );
  return { file: root.file, region: fileRegion, buckets };
}

/** The bucket a per-bucket response describes, from its file name. */
function bucketOf(root: Json, what: string): string {
  const bucket = bucketFromFileName(root.file);
  if (bucket === undefined)
    root.fail(
      `a ${what} response does not say which Space it describes: name the file space-<space>.<anything>.json (space-gallery-uploads.${what.replace(/^get-bucket-/, '').replace(/-configuration$/, '')}.json)`,
    );
  return bucket;
}

/** `aws s3api get-bucket-acl`: public-read when AllUsers (or any authenticated user) may read. */
export function readSpaceAcl(root: Json): RawSpaceDetail {
  const bucket = bucketOf(root, 'get-bucket-acl');
  let read = false;
  let write = false;
  for (const grant of root.get('Grants').optArray()) {
    const grantee = grant.get('Grantee');
    if (!grantee.present) continue;
    const uri = grantee.get('URI').optString();
    if (uri === undefined || !PUBLIC_GROUPS.has(uri)) continue;
    const permission = grant.get('Permission').string();
    if (permission === 'READ' || permission === 'FULL_CONTROL') read = true;
    if (permission === 'WRITE' || permission === 'FULL_CONTROL') write = true;
  }
  return { kind: 'acl', file: root.file, bucket, publicRead: read, publicWrite: write };
}

/** `aws s3api get-bucket-cors`: `{"CORSRules": [{"AllowedOrigins", "AllowedMethods", ...}]}`. */
export function readSpaceCors(root: Json, warnings: Warnings): RawSpaceDetail {
  const bucket = bucketOf(root, 'get-bucket-cors');
  const rules = root
    .get('CORSRules')
    .optArray()
    .flatMap((rule, i): RawCorsRule[] => {
      rule.object();
      const methods = rule
        .get('AllowedMethods')
        .optArray()
        .flatMap((m) => {
          const method = m.string().toUpperCase();
          if (CORS_METHODS.has(method)) return [method];
          warnings.add(
            `${root.file}: ${m.path}: not an S3 CORS method (GET, PUT, POST, DELETE, HEAD); left out`,
          );
          return [];
        });
      const origins = rule.get('AllowedOrigins').optArray().map(headerText);
      if (methods.length === 0 || origins.length === 0) {
        warnings.add(
          `${root.file}: CORS rule ${i + 1} of Space ${bucket} allows no origin or method; left out`,
        );
        return [];
      }
      const maxAge = rule.get('MaxAgeSeconds').optInt();
      if (maxAge !== undefined && maxAge < 0) rule.get('MaxAgeSeconds').fail('expected 0 or more seconds');
      return [
        {
          allowedOrigins: origins,
          allowedMethods: [...new Set(methods)],
          allowedHeaders: rule.get('AllowedHeaders').optArray().map(headerText),
          exposeHeaders: rule.get('ExposeHeaders').optArray().map(headerText),
          ...(maxAge !== undefined ? { maxAgeSeconds: maxAge } : {}),
        },
      ];
    });
  return { kind: 'cors', file: root.file, bucket, rules };
}

const days = (value: Json): number | undefined => {
  const n = value.optInt();
  if (n !== undefined && n < 1) value.fail('expected a whole number of days, at least 1');
  return n;
};

/**
 * `aws s3api get-bucket-lifecycle-configuration`: `{"Rules": [{"ID", "Filter": {"Prefix"}, "Status",
 * "Expiration": {"Days"}, ...}]}`. Spaces supports expiration by age, noncurrent-version expiration and
 * aborting incomplete uploads; what migration.yaml cannot express is left out with a warning.
 */
export function readSpaceLifecycle(root: Json, warnings: Warnings): RawSpaceDetail {
  const bucket = bucketOf(root, 'get-bucket-lifecycle-configuration');
  const rules = root
    .get('Rules')
    .optArray()
    .flatMap((rule, i): RawLifecycleRule[] => {
      rule.object();
      const label = `${root.file}: lifecycle rule ${i + 1} of Space ${bucket}`;
      const idValue = rule.get('ID');
      const id = idValue.optString();
      if (id !== undefined && !/^[\x20-\x7e]{1,255}$/.test(id))
        idValue.fail('expected a rule id of printable ASCII, at most 255 characters');
      const filter = rule.get('Filter');
      const narrowed = filter.present && filter.keys().some((k) => k !== 'Prefix');
      if (narrowed) {
        warnings.add(
          `${label} filters by ${filterKeys(filter)}; migration.yaml models prefix filters only; rule left out`,
        );
        return [];
      }
      const prefixValue = filter.present ? filter.get('Prefix') : rule.get('Prefix');
      if (prefixValue.present && typeof prefixValue.value !== 'string') prefixValue.fail('expected a string');
      const prefix = (prefixValue.value as string | undefined) ?? '';
      if (prefix.length > 1024) prefixValue.fail('expected a key prefix of at most 1024 characters');
      const status = rule.get('Status').string();
      if (status !== 'Enabled' && status !== 'Disabled')
        rule.get('Status').fail('expected Enabled or Disabled');

      const expiration = rule.get('Expiration');
      const expirationDays = expiration.present ? days(expiration.get('Days')) : undefined;
      if (expiration.present && (expiration.has('Date') || expiration.has('ExpiredObjectDeleteMarker')))
        warnings.add(
          `${label}: expiration on a date or of expired delete markers is not modeled in migration.yaml; left out`,
        );
      const noncurrent = rule.get('NoncurrentVersionExpiration');
      const noncurrentDays = noncurrent.present ? days(noncurrent.get('NoncurrentDays')) : undefined;
      const abort = rule.get('AbortIncompleteMultipartUpload');
      const abortDays = abort.present ? days(abort.get('DaysAfterInitiation')) : undefined;
      if (rule.has('Transitions') || rule.has('NoncurrentVersionTransitions'))
        warnings.add(`${label}: storage-class transitions are not modeled in migration.yaml; left out`);
      if (expirationDays === undefined && noncurrentDays === undefined && abortDays === undefined) {
        warnings.add(`${label} has no action migration.yaml models; left out`);
        return [];
      }
      return [
        {
          ...(id !== undefined ? { id } : {}),
          prefix,
          enabled: status === 'Enabled',
          ...(expirationDays !== undefined ? { expirationDays } : {}),
          ...(noncurrentDays !== undefined ? { noncurrentVersionExpirationDays: noncurrentDays } : {}),
          ...(abortDays !== undefined ? { abortIncompleteMultipartUploadDays: abortDays } : {}),
        },
      ];
    });
  return { kind: 'lifecycle', file: root.file, bucket, rules };
}

/** A filter's keys for a warning: S3's names (Tag, And, ObjectSizeGreaterThan) as they are, others not echoed. */
function filterKeys(filter: Json): string {
  return filter
    .keys()
    .map((key) => (/^[A-Za-z]{1,40}$/.test(key) ? key : 'another key'))
    .join(', ');
}

/** `aws s3api get-bucket-location`: `{"LocationConstraint": "fra1"}`. */
export function readSpaceLocation(root: Json): RawSpaceDetail {
  const bucket = bucketOf(root, 'get-bucket-location');
  return { kind: 'location', file: root.file, bucket, region: region(root.get('LocationConstraint')) };
}

/**
 * `aws s3api get-bucket-policy`: `{"Policy": "<the policy document as a JSON string>"}`. Anonymous reads
 * when a statement allows `s3:GetObject` (or `s3:*`, `*`) to the principal `*` (or `{"AWS": "*"}`),
 * whatever its conditions (a Referer condition still admits anyone who sends that header).
 */
export function readSpacePolicy(root: Json): RawSpaceDetail {
  const bucket = bucketOf(root, 'get-bucket-policy');
  const text = root.get('Policy');
  let document: unknown;
  try {
    document = JSON.parse(text.string());
  } catch {
    text.fail('expected a bucket policy document as a JSON string');
  }
  const policy = new Json(root.file, `${text.path}(parsed)`, document);
  const statements = policy.get('Statement');
  const list = Array.isArray(statements.value) ? statements.array() : statements.present ? [statements] : [];
  const anyone = (principal: unknown): boolean =>
    principal === '*' ||
    (typeof principal === 'object' &&
      principal !== null &&
      [(principal as { AWS?: unknown }).AWS].flat().includes('*'));
  const reads = (action: unknown): boolean =>
    [action].flat().some((a) => a === '*' || a === 's3:*' || a === 's3:GetObject');
  const anonymousRead = list.some((statement) => {
    statement.object();
    const s = statement.value as { Effect?: unknown; Principal?: unknown; Action?: unknown };
    return s.Effect === 'Allow' && anyone(s.Principal) && reads(s.Action);
  });
  return { kind: 'policy', file: root.file, bucket, anonymousRead };
}

/** A Spaces CDN endpoint: its origin names the Space and region; the custom domain is a host name. */
export function readCdnEndpoint(item: Json): RawCdnEndpoint {
  item.object();
  const idValue = item.get('id');
  const id = idValue.string();
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) idValue.fail('expected a DigitalOcean id (letters, digits, hyphens)');
  const originValue = item.get('origin');
  const origin =
    SPACE_ORIGIN.exec(originValue.string().toLowerCase().replace(/\.$/, '')) ??
    originValue.fail('expected a Space’s host name, <space>.<region>.digitaloceanspaces.com');
  const domainValue = item.get('custom_domain');
  const custom = domainValue.optString()?.toLowerCase().replace(/\.$/, '');
  if (custom !== undefined && !HOSTNAME.test(custom))
    domainValue.fail('expected a fully qualified host name such as cdn.example.com');
  const ttlValue = item.get('ttl');
  const ttl = ttlValue.optInt();
  if (ttl !== undefined && ttl < 0) ttlValue.fail('expected 0 or more seconds');
  return {
    id,
    space: origin[1],
    region: origin[2],
    ...(custom !== undefined ? { customDomain: custom } : {}),
    // godo prints ttl always; 0 is "unset", and the API's default is 3600.
    ...(ttl ? { ttlSeconds: ttl } : {}),
  };
}
