/** One failing and one passing Terraform JSON fixture per check: small, hand-written, only what it reads. */
import type { TerraformJson } from '../../compiler/analyses/checks';
import type { Need, ReachabilityReport } from '../../compiler/analyses/reachability';

export interface CheckCase {
  fail: TerraformJson;
  pass: TerraformJson;
  /** Checks that only apply in production run with production = true. */
  production?: boolean;
  /** The reachability checks read the plan's needs and rules, not the Terraform JSON. */
  reachability?: { fail: ReachabilityReport; pass: ReachabilityReport };
}

const res = (type: string, name: string, body: Record<string, unknown>): TerraformJson => ({
  resource: { [type]: { [name]: body } },
});
const merge = (...parts: TerraformJson[]): TerraformJson => {
  const out: TerraformJson = { resource: {}, data: {} };
  for (const p of parts) {
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries(p[kind] ?? {})) {
        out[kind]![type] = { ...(out[kind]![type] ?? {}), ...byName };
      }
    }
  }
  return out;
};

const KMS = '${aws_kms_key.main.arn}';
const need: Need = {
  subject: 'web',
  what: 'database main (tcp 5432)',
  specPath: 'apps[0].uses.databases[0]',
  stack: 'shop-production-test',
  resource: 'aws_ecs_service.web-service',
  path: ['app-web-out-db-main-tcp-5432', 'db-main-in-app-web-tcp-5432'],
};
const taskDef = (containers: unknown[], volume?: unknown) =>
  res('aws_ecs_task_definition', 'web', {
    family: 'web',
    container_definitions: JSON.stringify(containers),
    ...(volume ? { volume: [volume] } : {}),
  });
const policy = (statement: unknown) =>
  res('aws_iam_role_policy', 'exec', {
    role: '${aws_iam_role.exec.name}',
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
  });
const listener = (protocol: string, extra: Record<string, unknown>) =>
  res('aws_lb_listener', protocol.toLowerCase(), {
    load_balancer_arn: '${aws_lb.alb.arn}',
    protocol,
    ...extra,
  });
const albWithSg = res('aws_lb', 'alb', { security_groups: ['${aws_security_group.edge.id}'] });
const sg = (name: string, ingress: unknown[]) => res('aws_security_group', name, { name, ingress });
const ecr = (body: Record<string, unknown>) =>
  res('aws_ecr_repository', 'web', {
    name: 'shop/web',
    image_tag_mutability: 'IMMUTABLE',
    image_scanning_configuration: { scan_on_push: true },
    encryption_configuration: { encryption_type: 'KMS', kms_key: KMS },
    ...body,
  });

const GH = 'token.actions.githubusercontent.com';
const githubTrust = (condition: Record<string, Record<string, unknown>>): TerraformJson =>
  res('aws_iam_role', 'ci-deploy-role', {
    assume_role_policy: JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${GH}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: condition,
        },
      ],
    }),
  });

export const CASES: Record<string, CheckCase> = {
  DS001: {
    fail: res('aws_db_instance', 'main', { storage_encrypted: false }),
    pass: merge(
      res('aws_db_instance', 'main', { storage_encrypted: true, kms_key_id: KMS }),
      res('aws_db_instance', 'replica', { replicate_source_db: '${aws_db_instance.main.identifier}' }),
    ),
  },
  DS002: {
    fail: res('aws_elasticache_replication_group', 'sessions', { transit_encryption_enabled: true }),
    pass: res('aws_elasticache_replication_group', 'sessions', { at_rest_encryption_enabled: true }),
  },
  DS003: {
    fail: res('aws_efs_file_system', 'uploads', {}),
    pass: res('aws_efs_file_system', 'uploads', { encrypted: true, kms_key_id: KMS }),
  },
  DS004: {
    fail: res('aws_cloudwatch_log_group', 'web', { retention_in_days: 30 }),
    pass: res('aws_cloudwatch_log_group', 'web', { retention_in_days: 30, kms_key_id: KMS }),
  },
  DS005: {
    fail: res('aws_secretsmanager_secret', 'app_key', { name: 'shop/app-key' }),
    pass: res('aws_secretsmanager_secret', 'app_key', { name: 'shop/app-key', kms_key_id: KMS }),
  },
  DS006: {
    fail: ecr({ encryption_configuration: [{ encryption_type: 'AES256' }] }),
    pass: ecr({}),
  },
  DS007: {
    fail: res('aws_elasticache_replication_group', 'sessions', { at_rest_encryption_enabled: true }),
    pass: res('aws_elasticache_replication_group', 'sessions', { transit_encryption_enabled: true }),
  },
  DS008: {
    fail: taskDef([], { name: 'uploads', efs_volume_configuration: { file_system_id: 'x' } }),
    pass: taskDef([], {
      name: 'uploads',
      efs_volume_configuration: { file_system_id: 'x', transit_encryption: 'ENABLED' },
    }),
  },
  DS009: {
    fail: merge(
      res('aws_db_parameter_group', 'main', {
        family: 'mysql8.0',
        parameter: [{ name: 'max_connections', value: '100' }],
      }),
      res('aws_db_instance', 'main', { parameter_group_name: '${aws_db_parameter_group.main.name}' }),
    ),
    pass: merge(
      res('aws_db_parameter_group', 'main', {
        family: 'mysql8.0',
        parameter: [{ name: 'require_secure_transport', value: '1' }],
      }),
      res('aws_db_parameter_group', 'pg', {
        family: 'postgres16',
        parameter: [{ name: 'rds.force_ssl', value: '1' }],
      }),
      res('aws_db_instance', 'main', { parameter_group_name: '${aws_db_parameter_group.main.name}' }),
      res('aws_rds_cluster_parameter_group', 'aurora', {
        family: 'aurora-postgresql16',
        parameter: [{ name: 'rds.force_ssl', value: '1' }],
      }),
      res('aws_rds_cluster', 'aurora', {
        db_cluster_parameter_group_name: '${aws_rds_cluster_parameter_group.aurora.name}',
      }),
    ),
  },
  DS010: {
    fail: merge(
      albWithSg,
      sg('edge', [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }]),
      res('aws_vpc_security_group_ingress_rule', 'db_open', {
        security_group_id: '${aws_security_group.db.id}',
        cidr_ipv6: '::/0',
        from_port: 3306,
        to_port: 3306,
        ip_protocol: 'tcp',
      }),
    ),
    pass: merge(
      albWithSg,
      sg('edge', [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }]),
      res('aws_vpc_security_group_ingress_rule', 'edge_http', {
        security_group_id: '${aws_security_group.edge.id}',
        cidr_ipv4: '0.0.0.0/0',
        from_port: 80,
        to_port: 80,
        ip_protocol: 'tcp',
      }),
      res('aws_vpc_security_group_ingress_rule', 'db_from_app', {
        security_group_id: '${aws_security_group.db.id}',
        referenced_security_group_id: '${aws_security_group.app.id}',
        from_port: 3306,
        to_port: 3306,
        ip_protocol: 'tcp',
      }),
    ),
  },
  DS011: {
    fail: res('aws_db_instance', 'main', { publicly_accessible: true }),
    pass: res('aws_db_instance', 'main', { publicly_accessible: false }),
  },
  DS012: {
    fail: res('aws_ecs_service', 'web', { network_configuration: { assign_public_ip: true, subnets: [] } }),
    pass: res('aws_ecs_service', 'web', { network_configuration: { assign_public_ip: false, subnets: [] } }),
  },
  DS013: {
    fail: listener('HTTP', { default_action: [{ type: 'forward', target_group_arn: 'x' }] }),
    pass: listener('HTTP', {
      default_action: [
        { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } },
      ],
    }),
  },
  DS014: {
    fail: listener('HTTPS', { ssl_policy: 'ELBSecurityPolicy-2016-08' }),
    pass: listener('HTTPS', { ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }),
  },
  DS015: {
    fail: policy({ Effect: 'Allow', Action: ['s3:*'], Resource: ['arn:aws:s3:::shop/*'] }),
    pass: merge(
      policy({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::shop/*'] }),
      res('aws_iam_role_policy', 'deny', {
        policy: JSON.stringify({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }),
      }),
    ),
  },
  DS016: {
    fail: {
      data: {
        aws_iam_policy_document: {
          exec: { statement: [{ actions: ['secretsmanager:GetSecretValue'], resources: ['*'] }] },
        },
      },
    },
    pass: merge(
      policy({ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }),
      policy({
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: ['${aws_secretsmanager_secret.a.arn}'],
      }),
    ),
  },
  DS017: {
    fail: taskDef([{ name: 'php', environment: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }]),
    pass: taskDef([
      {
        name: 'php',
        environment: [
          { name: 'APP_ENV', value: 'production' },
          { name: 'DB_PASSWORD_SECRET_ARN', value: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x' },
        ],
        secrets: [
          { name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x' },
        ],
      },
    ]),
  },
  DS018: {
    fail: res('aws_cloudwatch_log_group', 'web', { kms_key_id: KMS }),
    pass: res('aws_cloudwatch_log_group', 'web', { kms_key_id: KMS, retention_in_days: 30 }),
  },
  DS019: {
    fail: res('aws_vpc', 'main', { cidr_block: '10.0.0.0/16' }),
    pass: merge(
      res('aws_vpc', 'main', { cidr_block: '10.0.0.0/16' }),
      res('aws_flow_log', 'main', { vpc_id: '${aws_vpc.main.id}', traffic_type: 'ALL' }),
    ),
  },
  DS020: {
    fail: res('aws_db_instance', 'main', { backup_retention_period: 1 }),
    pass: res('aws_db_instance', 'main', { backup_retention_period: 7 }),
  },
  DS021: {
    production: true,
    fail: res('aws_db_instance', 'main', { deletion_protection: false }),
    pass: res('aws_db_instance', 'main', { deletion_protection: true }),
  },
  DS022: {
    production: true,
    fail: res('aws_lb', 'alb', {}),
    pass: res('aws_lb', 'alb', { enable_deletion_protection: true }),
  },
  DS023: {
    fail: ecr({ image_scanning_configuration: { scan_on_push: false } }),
    pass: ecr({}),
  },
  DS025: {
    fail: res('aws_lb', 'alb', { load_balancer_type: 'application' }),
    pass: merge(
      res('aws_lb', 'alb', { load_balancer_type: 'application', drop_invalid_header_fields: true }),
      res('aws_lb', 'nlb', { load_balancer_type: 'network' }),
    ),
  },
  DS024: {
    fail: ecr({ image_tag_mutability: 'MUTABLE' }),
    pass: ecr({}),
  },
  DS026: {
    fail: {},
    pass: {},
    reachability: {
      fail: {
        needs: [{ ...need, path: undefined, missing: 'no egress rule on app-web allows it' }],
        unexplained: [],
      },
      pass: { needs: [need], unexplained: [] },
    },
  },
  DS027: {
    fail: {},
    pass: {},
    reachability: {
      fail: {
        needs: [need],
        unexplained: [
          {
            rule: {
              key: 'app-web-out-ipv4-tcp-25',
              securityGroup: 'app-web',
              direction: 'egress',
              peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
              protocol: 'tcp',
              fromPort: 25,
              toPort: 25,
              description: 'TCP 25 to 0.0.0.0/0',
            },
            stack: 'shop-production-test',
            resource: 'aws_vpc_security_group_egress_rule.sgr-app-web-out-ipv4-tcp-25',
          },
        ],
      },
      pass: { needs: [need], unexplained: [] },
    },
  },
  DS028: {
    // A wildcard subject lets every branch (or repository) in; the passing trust names exact subjects.
    fail: githubTrust({
      StringLike: { [`${GH}:aud`]: 'sts.amazonaws.com', [`${GH}:sub`]: 'repo:acme/shop:*' },
    }),
    pass: githubTrust({
      StringEquals: {
        [`${GH}:aud`]: 'sts.amazonaws.com',
        [`${GH}:sub`]: ['repo:acme/shop:ref:refs/heads/main', 'repo:acme/shop:environment:production'],
      },
    }),
  },
  DS029: {
    fail: policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }),
    pass: policy({
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: ['${aws_iam_role.web-task-role.arn}'],
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    }),
  },
  DS040: {
    // A block with one setting off leaves the bucket open to a public policy; the passing one has all four.
    fail: merge(
      res('aws_s3_bucket', 'uploads', { bucket: 'acme-uploads' }),
      res('aws_s3_bucket_public_access_block', 'uploads', {
        bucket: '${aws_s3_bucket.uploads.id}',
        block_public_acls: true,
        block_public_policy: false,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      }),
    ),
    pass: merge(
      res('aws_s3_bucket', 'uploads', { bucket: 'acme-uploads' }),
      res('aws_s3_bucket_public_access_block', 'uploads', {
        bucket: '${aws_s3_bucket.uploads.id}',
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      }),
    ),
  },
};
