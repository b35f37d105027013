/**
 * What an app receives for the buckets it uses: task-role statements for exactly those buckets and the
 * actions of its access (read: list and get; read-write: also put, delete and multipart), the environment
 * key for SSE-KMS through S3 only, and the bucket's name and region as plain variables.
 */
import { bucketsOfApp, bucketVariables } from '../../schema/inventory/buckets';
import type { MigrationSpec } from '../../schema/spec';
import type { PolicyStatement } from '../model/iam';
import type { AppStoragePlan, BucketPlan } from '../model/storage';
import type { Value } from '../model/refs';
import { embed } from '../refs';
import { bucketArn } from '../aws/s3';
import { SPACES_SECRET_KEYS, type SpaceInUse } from './spaces-in-use';

const READ_OBJECT = ['s3:GetObject', 's3:GetObjectVersion'];
const WRITE_OBJECT = [
  's3:PutObject',
  's3:DeleteObject',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
];

export function appStoragePlan(
  spec: MigrationSpec,
  app: string,
  buckets: ReadonlyMap<string, BucketPlan>,
  spaces: ReadonlyMap<string, SpaceInUse>,
): AppStoragePlan | undefined {
  const used = bucketsOfApp(spec, app);
  if (used.length === 0) return undefined;
  const names = (mode?: 'read-write') =>
    used
      .filter((u) => mode === undefined || u.access.mode === mode)
      .map((u) => buckets.get(u.bucket.name)!.bucketName);
  const all = names();
  const writable = names('read-write');
  const statements: PolicyStatement[] = [
    { Sid: 'ListBuckets', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: all.map(bucketArn) },
    {
      Sid: 'ReadObjects',
      Effect: 'Allow',
      Action: READ_OBJECT,
      Resource: all.map((b) => `${bucketArn(b)}/*`),
    },
  ];
  if (writable.length > 0)
    statements.push(
      {
        Sid: 'ListMultipartUploads',
        Effect: 'Allow',
        Action: ['s3:ListBucketMultipartUploads'],
        Resource: writable.map(bucketArn),
      },
      {
        Sid: 'WriteObjects',
        Effect: 'Allow',
        Action: WRITE_OBJECT,
        Resource: writable.map((b) => `${bucketArn(b)}/*`),
      },
    );
  // SSE-KMS: reading decrypts, writing asks for a data key; only through S3 in this region. The keys of the
  // buckets it uses: the environment key, and the own key of a bucket CloudFront serves.
  const keys = new Map<string, Value>();
  for (const u of used) {
    const key = buckets.get(u.bucket.name)!.kmsKeyArn;
    keys.set(embed(key), key);
  }
  statements.push({
    Sid: 'BucketKey',
    Effect: 'Allow',
    Action: writable.length > 0 ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
    Resource: [...keys.keys()].sort(),
    Condition: { StringEquals: { 'kms:ViaService': `s3.${spec.aws.region}.amazonaws.com` } },
  });
  // While the tasks use a Space (until dataMoved) its name, region, endpoint and keys; else the bucket's.
  const environment: AppStoragePlan['environment'] = [];
  const secrets: AppStoragePlan['secrets'] = [];
  const secretArns = new Map<string, Value>();
  for (const v of bucketVariables(spec, app)) {
    const space = spaces.get(v.bucket);
    if (v.setting === 'accessKeyId' || v.setting === 'secretAccessKey') {
      if (!space) continue;
      secrets.push({
        name: v.name,
        valueFrom: { secretArn: space.secret.arn, jsonKey: SPACES_SECRET_KEYS[v.setting] },
      });
      secretArns.set(embed(space.secret.arn), space.secret.arn);
      continue;
    }
    const value =
      v.setting === 'bucket'
        ? (space?.space ?? buckets.get(v.bucket)!.bucketName)
        : v.setting === 'region'
          ? (space?.region ?? spec.aws.region)
          : space?.endpoint;
    if (value !== undefined) environment.push({ name: v.name, value });
  }
  return {
    statements,
    environment: environment.sort(byName),
    secrets: secrets.sort(byName),
    secretArns: [...secretArns.values()],
    kmsKeyArns: [...spaces.values()]
      .filter((s) => secretArns.has(embed(s.secret.arn)))
      .map((s) => s.secret.kmsKeyArn),
  };
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
