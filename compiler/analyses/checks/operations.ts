/** Logging and retention, backups, deletion protection in production, and ECR image hygiene. */
import { finding } from './finding';
import { firstBlock, isSet, isTrue, numeric, resourcesOf } from '../terraform';
import { refersTo } from './exposure';
import type { CheckDefinition, Finding } from '../types';

export const MIN_BACKUP_RETENTION_DAYS = 7;

export const logRetention: CheckDefinition = {
  id: 'DS018',
  title: 'CloudWatch log groups have a retention period',
  category: 'logging',
  checkov: ['CKV_AWS_66'],
  trivy: [],
  remediation: 'Set retention_in_days (apps[].logRetentionDays, aws.network.vpc.flowLogs.retentionDays).',
  run: ({ stacks }) =>
    resourcesOf(stacks, 'aws_cloudwatch_log_group')
      .filter((r) => !((numeric(r.body.retention_in_days) ?? 0) > 0))
      .map((r) => finding('DS018', r, 'retention_in_days is not set (logs are kept forever)')),
};

export const flowLogs: CheckDefinition = {
  id: 'DS019',
  title: 'Every VPC dropship creates has flow logs',
  category: 'logging',
  checkov: ['CKV2_AWS_11'],
  trivy: ['AVD-AWS-0178'],
  remediation: 'Keep aws.network.vpc.flowLogs (always on for a new VPC).',
  run: ({ stacks }) => {
    const logs = resourcesOf(stacks, 'aws_flow_log');
    return resourcesOf(stacks, 'aws_vpc')
      .filter((vpc) => !logs.some((l) => refersTo(l.body.vpc_id, vpc)))
      .map((vpc) => finding('DS019', vpc, 'no aws_flow_log refers to this VPC'));
  },
};

export const backupRetention: CheckDefinition = {
  id: 'DS020',
  title: `RDS keeps automated backups for at least ${MIN_BACKUP_RETENTION_DAYS} days`,
  category: 'backups',
  checkov: ['CKV_AWS_133'],
  trivy: ['AVD-AWS-0077'],
  remediation: `Set databases[].backupRetentionDays (${MIN_BACKUP_RETENTION_DAYS}–35).`,
  run: ({ stacks }) => {
    const out: Finding[] = [];
    for (const r of resourcesOf(stacks, 'aws_db_instance', 'aws_rds_cluster')) {
      if (isSet(r.body.replicate_source_db) || isSet(r.body.cluster_identifier)) continue;
      const days = numeric(r.body.backup_retention_period);
      if (days === undefined || days < MIN_BACKUP_RETENTION_DAYS) {
        out.push(finding('DS020', r, `backup_retention_period is ${days ?? 'not set (1 day default)'}`));
      }
    }
    return out;
  },
};

export const rdsDeletionProtection: CheckDefinition = {
  id: 'DS021',
  title: 'Production databases have deletion protection',
  category: 'deletion protection',
  checkov: ['CKV_AWS_293'],
  trivy: ['AVD-AWS-0177'],
  remediation:
    'Production sets deletion_protection = true; opt out with databases[].deletionProtection: false and a waiver.',
  run: ({ stacks, production }) =>
    production
      ? resourcesOf(stacks, 'aws_db_instance', 'aws_rds_cluster')
          .filter((r) => !isSet(r.body.cluster_identifier) && !isTrue(r.body.deletion_protection))
          .map((r) => finding('DS021', r, 'deletion_protection is not true in production'))
      : [],
};

export const albDeletionProtection: CheckDefinition = {
  id: 'DS022',
  title: 'Production load balancers have deletion protection',
  category: 'deletion protection',
  checkov: ['CKV_AWS_150'],
  trivy: [],
  remediation: 'Production sets enable_deletion_protection = true on the ALB.',
  run: ({ stacks, production }) =>
    production
      ? resourcesOf(stacks, 'aws_lb', 'aws_alb')
          .filter((r) => !isTrue(r.body.enable_deletion_protection))
          .map((r) => finding('DS022', r, 'enable_deletion_protection is not true in production'))
      : [],
};

export const ecrScanOnPush: CheckDefinition = {
  id: 'DS023',
  title: 'ECR scans images on push',
  category: 'supply chain',
  checkov: ['CKV_AWS_163'],
  trivy: ['AVD-AWS-0030'],
  remediation: 'Set image_scanning_configuration { scan_on_push = true }.',
  run: ({ stacks }) =>
    resourcesOf(stacks, 'aws_ecr_repository')
      .filter((r) => !isTrue(firstBlock(r.body.image_scanning_configuration)?.scan_on_push))
      .map((r) => finding('DS023', r, 'image_scanning_configuration.scan_on_push is not true')),
};

export const ecrImmutableTags: CheckDefinition = {
  id: 'DS024',
  title: 'ECR tags are immutable',
  category: 'supply chain',
  checkov: ['CKV_AWS_51'],
  trivy: ['AVD-AWS-0031'],
  remediation: 'Set image_tag_mutability = "IMMUTABLE" so a deployed tag always means the same image.',
  run: ({ stacks }) => {
    const out: Finding[] = [];
    for (const r of resourcesOf(stacks, 'aws_ecr_repository')) {
      const mode = String(r.body.image_tag_mutability ?? 'MUTABLE');
      if (!mode.startsWith('IMMUTABLE')) out.push(finding('DS024', r, `image_tag_mutability is ${mode}`));
    }
    return out;
  },
};

export const operationsChecks = [
  logRetention,
  flowLogs,
  backupRetention,
  rdsDeletionProtection,
  albDeletionProtection,
  ecrScanOnPush,
  ecrImmutableTags,
];
