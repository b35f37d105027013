/**
 * Which changed resources terraform would replace (destroy, then create) rather than update in place: a
 * change to an attribute the AWS provider marks "Forces new resource". The provider's schema, as
 * `terraform providers schema -json` prints it, does not say which attributes those are, so this table is
 * kept by hand from the provider's documentation, for the resource types dropship writes; a type or an
 * attribute missing here is reported as an update, so `terraform plan` stays the final word.
 */
import type { ResourceDiff } from './diff';

/** Per resource type: the top-level attributes whose change replaces it (`*`: all but those in `except`). */
const FORCES_NEW: Record<string, readonly string[] | { all: true; except: readonly string[] }> = {
  aws_vpc: ['cidr_block'],
  aws_subnet: ['vpc_id', 'cidr_block', 'availability_zone', 'availability_zone_id'],
  aws_security_group: ['name', 'name_prefix', 'description', 'vpc_id'],
  aws_vpc_security_group_ingress_rule: ['security_group_id'],
  aws_vpc_security_group_egress_rule: ['security_group_id'],
  aws_route_table: ['vpc_id'],
  aws_route: ['route_table_id', 'destination_cidr_block', 'destination_ipv6_cidr_block'],
  aws_route_table_association: ['subnet_id', 'gateway_id'],
  aws_nat_gateway: ['allocation_id', 'subnet_id', 'connectivity_type'],
  aws_flow_log: ['vpc_id', 'log_destination', 'log_destination_type', 'traffic_type', 'iam_role_arn'],
  aws_kms_key: ['customer_master_key_spec', 'key_usage', 'custom_key_store_id'],
  aws_kms_alias: ['name', 'name_prefix'],
  aws_ecr_repository: ['name'],
  aws_ecs_cluster: ['name'],
  aws_ecs_service: ['name', 'cluster', 'iam_role', 'scheduling_strategy'],
  // A task definition revision is immutable: any change registers a new one.
  aws_ecs_task_definition: { all: true, except: ['tags', 'tags_all', 'skip_destroy', 'track_latest'] },
  aws_lb: ['name', 'name_prefix', 'internal', 'load_balancer_type'],
  aws_lb_target_group: [
    'name',
    'name_prefix',
    'port',
    'protocol',
    'protocol_version',
    'vpc_id',
    'target_type',
  ],
  aws_acm_certificate: ['domain_name', 'subject_alternative_names', 'key_algorithm'],
  aws_acm_certificate_validation: ['certificate_arn', 'validation_record_fqdns'],
  aws_lb_listener_certificate: ['listener_arn', 'certificate_arn'],
  aws_db_instance: [
    'identifier',
    'engine',
    'availability_zone',
    'db_name',
    'username',
    'storage_encrypted',
    'kms_key_id',
    'character_set_name',
  ],
  aws_db_subnet_group: ['name', 'name_prefix'],
  aws_db_parameter_group: ['name', 'name_prefix', 'family'],
  aws_rds_cluster: [
    'cluster_identifier',
    'engine',
    'database_name',
    'master_username',
    'storage_encrypted',
    'kms_key_id',
    'availability_zones',
    'db_subnet_group_name',
  ],
  aws_rds_cluster_instance: ['identifier', 'cluster_identifier', 'engine', 'availability_zone'],
  aws_rds_cluster_parameter_group: ['name', 'name_prefix', 'family'],
  aws_elasticache_replication_group: [
    'replication_group_id',
    'subnet_group_name',
    'at_rest_encryption_enabled',
    'kms_key_id',
    'port',
  ],
  aws_elasticache_subnet_group: ['name'],
  aws_efs_file_system: ['creation_token', 'encrypted', 'kms_key_id', 'performance_mode'],
  aws_efs_mount_target: ['file_system_id', 'subnet_id', 'ip_address'],
  aws_efs_access_point: ['file_system_id', 'posix_user', 'root_directory'],
  aws_iam_role: ['name', 'name_prefix', 'path'],
  aws_iam_role_policy: ['name', 'name_prefix', 'role'],
  aws_iam_role_policy_attachment: ['role', 'policy_arn'],
  aws_cloudwatch_log_group: ['name', 'name_prefix'],
  aws_secretsmanager_secret: ['name', 'name_prefix'],
  aws_route53_zone: ['name', 'delegation_set_id'],
};

/** `<type>.<name>` (or `data.<type>.<name>`) → the resource type, or undefined for a data source. */
const typeOf = (address: string) => (address.startsWith('data.') ? undefined : address.split('.')[0]);

/** The attribute an attribute path starts with (`root_directory[0].path` → `root_directory`). */
const topAttribute = (path: string) => path.split(/[.[]/)[0];

/** The changed attributes that make terraform replace this resource; empty for an in-place update. */
export function replacingAttributes(diff: ResourceDiff): string[] {
  if (diff.change !== 'changed') return [];
  const type = typeOf(diff.address);
  const rule = type === undefined ? undefined : FORCES_NEW[type];
  if (rule === undefined) return [];
  const forces = (attribute: string) =>
    'all' in rule ? !rule.except.includes(attribute) : rule.includes(attribute);
  return [...new Set(diff.attributes.map((a) => topAttribute(a.path)))].filter(forces);
}
