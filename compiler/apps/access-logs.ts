/**
 * The ALB's access logs (schema/inventory/access-logs.ts): on by default in production, in a bucket dropship
 * creates beside the ALB, SSE-S3 (the only encryption ALB access logs accept), public access blocked, ACLs
 * disabled, TLS only, expired after `expirationDays`, and a policy that lets the region's log writer
 * (schema/facts/elb-log-delivery.ts) put objects under the prefix. The rules refused a region the table
 * does not know, so the writer is always found here.
 */
import { elbLogWriter, type ElbLogWriter } from '../../schema/facts/elb-log-delivery';
import { accessLogsOf, ACCESS_LOG_BUCKET_NAME } from '../../schema/inventory/access-logs';
import { awsName } from '../../schema/facts/aws-names';
import type { CompileContext } from '../context';
import type { AlbAccessLogsPlan, Decision, NetworkPlan, PolicyStatement } from '../model';
import { PARTITION } from '../aws/partition';
import { policyJson } from '../aws/iam';
import { bucketArn, denyInsecureTransport } from '../aws/s3';
import { address, embed, ref } from '../refs';

const STACK_REASON =
  "the bucket lives in the ALB's stack: Elastic Load Balancing refuses the access_logs attribute until the bucket and its policy exist, which depends_on guarantees only within one stack; the bucket has the ALB's lifecycle (created with it, only ever written by it)";

export function accessLogsPlan(
  ctx: CompileContext,
  network: NetworkPlan,
  stack: string,
  decisions: Decision[],
): AlbAccessLogsPlan | undefined {
  const logs = accessLogsOf(ctx.spec);
  if (!logs.on) {
    decisions.push({
      subject: 'apps.alb.accessLogs',
      choice: 'off',
      rule: logs.optedOut
        ? `aws.loadBalancer.accessLogs.enabled: false${ctx.production ? ' (a production ALB without access logs: dropship check warns)' : ''}`
        : 'not a production environment: access logs are on by default in production only (aws.loadBalancer.accessLogs.enabled: true turns them on)',
    });
    return undefined;
  }
  if (logs.bucket !== 'created') {
    decisions.push({
      subject: 'apps.alb.accessLogs',
      choice: `to the existing bucket ${logs.bucket.existing}${logs.prefix ? ` under ${logs.prefix}/` : ''}`,
      rule: "aws.loadBalancer.accessLogs.bucket names it: its policy, encryption (SSE-S3 only) and lifecycle are the owner's",
    });
    return {
      enabled: true,
      bucket: logs.bucket.existing,
      ...(logs.prefix ? { prefix: logs.prefix } : {}),
    };
  }
  const bucketName = awsName('s3Bucket', ctx.prefix, ACCESS_LOG_BUCKET_NAME);
  const writer = elbLogWriter(ctx.spec.aws.region)!;
  decisions.push({
    subject: 'apps.alb.accessLogs',
    choice: `S3 bucket ${bucketName} under ${logs.prefix}/, written by ${writerText(writer)}, objects expire after ${logs.expirationDays} days`,
    rule: `${ctx.production ? 'on by default in production' : 'aws.loadBalancer.accessLogs.enabled: true'}; SSE-S3 (ALB access logs accept no SSE-KMS), public access blocked, ACLs disabled, TLS only; no versioning (log objects are written once, and versions would outlive the expiry); ${STACK_REASON}`,
  });
  return {
    enabled: true,
    bucket: bucketName,
    prefix: logs.prefix,
    createdBucket: {
      address: address(stack, 'aws_s3_bucket', 'alb_access-logs'),
      bucketName,
      protections: {
        blockPublicAccess: true,
        objectOwnership: 'BucketOwnerEnforced',
        sseAlgorithm: 'AES256',
        forceDestroy: false,
      },
      writer,
      policyJson: policyJson(
        logBucketPolicy(
          bucketName,
          logs.prefix,
          writer,
          ctx.spec.aws.accountId ?? embed(ref(network.accountIdLocal!.address, 'value')),
        ),
      ),
      expiration: { ruleId: 'expire-access-logs', days: logs.expirationDays },
    },
  };
}

const writerText = (writer: ElbLogWriter) =>
  writer.kind === 'account'
    ? `the region's Elastic Load Balancing account ${writer.accountId}`
    : `the service principal ${writer.principal}`;

/**
 * AWS's policy for the region ("Attach a policy to your S3 bucket"): s3:PutObject under
 * `<prefix>/AWSLogs/<account>/` for the ELB account (`arn:aws:iam::<elb-account>:root`) or the log-delivery
 * principal, and a Deny of every request without TLS. The account is `aws.accountId`, else the network
 * stack's `local.account_id` (read across stacks: the ALB's stack reads the network stack in every layout):
 * the regional ELB account writes for every customer, so `AWSLogs/*` would let any account's load balancer
 * write here.
 */
function logBucketPolicy(
  bucketName: string,
  prefix: string,
  writer: ElbLogWriter,
  accountId: string,
): PolicyStatement[] {
  const arn = bucketArn(bucketName);
  return [
    {
      Sid: 'ElbAccessLogsWrite',
      Effect: 'Allow',
      Principal:
        writer.kind === 'account'
          ? { AWS: `arn:${PARTITION}:iam::${writer.accountId}:root` }
          : { Service: writer.principal },
      Action: 's3:PutObject',
      Resource: `${arn}/${prefix}/AWSLogs/${accountId}/*`,
    },
    denyInsecureTransport(bucketName),
  ];
}
