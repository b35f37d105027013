/** Encryption at rest and in transit: RDS, ElastiCache, EFS, CloudWatch Logs, Secrets Manager, ECR. */
import { finding } from './finding';
import { blocks, firstBlock, isSet, isTrue, resourcesOf, squash } from '../terraform';
import type { CheckDefinition, Finding } from '../types';

/** A read replica inherits its source's encryption; Terraform rejects storage_encrypted on it in-region. */
const isReplica = (body: Record<string, unknown>) => isSet(body.replicate_source_db);

export const rdsEncrypted: CheckDefinition = {
  id: 'DS001',
  title: 'RDS storage is encrypted at rest',
  category: 'encryption at rest',
  checkov: ['CKV_AWS_16'],
  trivy: ['AVD-AWS-0080'],
  remediation: 'Set storage_encrypted = true with the environment KMS key (dropship does by default).',
  run: ({ stacks }) => [
    ...resourcesOf(stacks, 'aws_db_instance', 'aws_rds_cluster')
      .filter((r) => !isReplica(r.body) && !isTrue(r.body.storage_encrypted))
      .map((r) => finding('DS001', r, 'storage_encrypted is not true')),
  ],
};

export const elasticacheAtRest: CheckDefinition = {
  id: 'DS002',
  title: 'ElastiCache is encrypted at rest',
  category: 'encryption at rest',
  checkov: ['CKV_AWS_29'],
  trivy: ['AVD-AWS-0045'],
  remediation: 'Set at_rest_encryption_enabled = true (and kms_key_id) on the replication group.',
  run: ({ stacks }) =>
    resourcesOf(stacks, 'aws_elasticache_replication_group')
      .filter((r) => !isTrue(r.body.at_rest_encryption_enabled))
      .map((r) => finding('DS002', r, 'at_rest_encryption_enabled is not true')),
};

export const efsEncrypted: CheckDefinition = {
  id: 'DS003',
  title: 'EFS file systems are encrypted at rest',
  category: 'encryption at rest',
  checkov: ['CKV_AWS_42'],
  trivy: ['AVD-AWS-0037'],
  remediation: 'Set encrypted = true (and kms_key_id) on aws_efs_file_system.',
  run: ({ stacks }) =>
    resourcesOf(stacks, 'aws_efs_file_system')
      .filter((r) => !isTrue(r.body.encrypted))
      .map((r) => finding('DS003', r, 'encrypted is not true')),
};

export const logGroupKms: CheckDefinition = {
  id: 'DS004',
  title: 'CloudWatch log groups use a customer-managed KMS key',
  category: 'encryption at rest',
  checkov: ['CKV_AWS_158'],
  trivy: ['AVD-AWS-0017'],
  remediation:
    'Set kms_key_id to the environment key (its key policy must allow logs.<region>.amazonaws.com).',
  run: ({ stacks }) =>
    resourcesOf(stacks, 'aws_cloudwatch_log_group')
      .filter((r) => !isSet(r.body.kms_key_id))
      .map((r) => finding('DS004', r, 'kms_key_id is not set')),
};

export const secretKms: CheckDefinition = {
  id: 'DS005',
  title: 'Secrets Manager secrets use a customer-managed KMS key',
  category: 'encryption at rest',
  checkov: ['CKV_AWS_149'],
  trivy: ['AVD-AWS-0098'],
  remediation:
    'Set kms_key_id on aws_secretsmanager_secret (the execution role then needs kms:Decrypt on it).',
  run: ({ stacks }) =>
    resourcesOf(stacks, 'aws_secretsmanager_secret')
      .filter((r) => !isSet(r.body.kms_key_id))
      .map((r) => finding('DS005', r, 'kms_key_id is not set (the AWS-managed key is used)')),
};

export const ecrKms: CheckDefinition = {
  id: 'DS006',
  title: 'ECR repositories are encrypted with KMS',
  category: 'encryption at rest',
  checkov: ['CKV_AWS_136'],
  trivy: ['AVD-AWS-0033'],
  remediation: 'Set encryption_configuration { encryption_type = "KMS", kms_key = <key arn> }.',
  run: ({ stacks }) =>
    resourcesOf(stacks, 'aws_ecr_repository')
      .filter((r) => firstBlock(r.body.encryption_configuration)?.encryption_type !== 'KMS')
      .map((r) => finding('DS006', r, 'encryption_configuration.encryption_type is not KMS')),
};

export const elasticacheInTransit: CheckDefinition = {
  id: 'DS007',
  title: 'ElastiCache encrypts traffic in transit',
  category: 'encryption in transit',
  checkov: ['CKV_AWS_30', 'CKV_AWS_31'],
  trivy: ['AVD-AWS-0051'],
  remediation: 'Set transit_encryption_enabled = true (clients then connect with TLS, e.g. rediss://).',
  run: ({ stacks }) =>
    resourcesOf(stacks, 'aws_elasticache_replication_group')
      .filter((r) => !isTrue(r.body.transit_encryption_enabled))
      .map((r) => finding('DS007', r, 'transit_encryption_enabled is not true')),
};

export const efsInTransit: CheckDefinition = {
  id: 'DS008',
  title: 'EFS volumes in task definitions use transit encryption',
  category: 'encryption in transit',
  checkov: ['CKV_AWS_97'],
  trivy: ['AVD-AWS-0035'],
  remediation: 'Set efs_volume_configuration { transit_encryption = "ENABLED" } on every EFS volume.',
  run: ({ stacks }) => {
    const out: Finding[] = [];
    for (const r of resourcesOf(stacks, 'aws_ecs_task_definition')) {
      for (const volume of blocks(r.body.volume)) {
        const efs = firstBlock(volume.efs_volume_configuration);
        if (efs && efs.transit_encryption !== 'ENABLED') {
          out.push(finding('DS008', r, `volume "${String(volume.name)}": transit_encryption is not ENABLED`));
        }
      }
    }
    return out;
  },
};

/** The parameter that makes each engine refuse unencrypted connections. */
function forceSslParameter(family: string): { name: string; values: string[] } | undefined {
  if (/^(aurora-)?mysql|^mariadb/.test(family))
    return { name: 'require_secure_transport', values: ['1', 'ON', 'on', 'true'] };
  if (/^(aurora-)?postgres/.test(family)) return { name: 'rds.force_ssl', values: ['1', 'true', 'on'] };
  return undefined;
}

export const rdsForceSsl: CheckDefinition = {
  id: 'DS009',
  title: 'RDS parameter groups force TLS connections',
  category: 'encryption in transit',
  checkov: [],
  trivy: [],
  remediation:
    'Use a DB parameter group with require_secure_transport = 1 (MySQL) or rds.force_ssl = 1 (PostgreSQL); PostgreSQL 15+ defaults to it, MySQL does not.',
  run: ({ stacks }) => {
    const out: Finding[] = [];
    const groups = resourcesOf(stacks, 'aws_db_parameter_group', 'aws_rds_cluster_parameter_group');
    for (const g of groups) {
      const wanted = forceSslParameter(String(g.body.family ?? ''));
      if (!wanted) continue;
      const param = blocks(g.body.parameter).find((p) => p.name === wanted.name);
      if (!param || !wanted.values.includes(String(param.value))) {
        out.push(finding('DS009', g, `parameter ${wanted.name} is not set to 1`));
      }
    }
    const databases = [
      ...resourcesOf(stacks, 'aws_db_instance').filter(
        (db) => !isSet(db.body.replicate_source_db) && !isSet(db.body.cluster_identifier),
      ),
      ...resourcesOf(stacks, 'aws_rds_cluster'),
    ];
    for (const db of databases) {
      const group =
        db.type === 'aws_rds_cluster'
          ? db.body.db_cluster_parameter_group_name
          : db.body.parameter_group_name;
      if (!isSet(group) || /^default\./.test(String(group))) {
        out.push(finding('DS009', db, 'uses the default parameter group, which does not force TLS'));
        continue;
      }
      // The instance must point at one of the groups that passed above (same stack, by reference or name).
      const refersTo = groups.find(
        (g) =>
          squash(String(group)).includes(squash(`${g.type}${g.name}`)) ||
          (typeof g.body.name === 'string' && g.body.name === group),
      );
      if (refersTo && out.some((f) => f.resource === refersTo.address && f.stack === refersTo.stack)) {
        out.push(finding('DS009', db, `its parameter group ${refersTo.address} does not force TLS`));
      }
    }
    return out;
  },
};

export const encryptionChecks = [
  rdsEncrypted,
  elasticacheAtRest,
  efsEncrypted,
  logGroupKms,
  secretKms,
  ecrKms,
  elasticacheInTransit,
  efsInTransit,
  rdsForceSsl,
];
