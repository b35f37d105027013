/**
 * Values the compiler cannot know (ids, ARNs and endpoints that exist only after apply) are references to
 * the resource that produces them: its Terraform address and one of its attributes. The resource's plan
 * carries its address (decided in compiler/, used by stacks/ as the construct id), so a reference points at
 * a resource of the plan, and `stacks/` resolves it to the token of the resource rendered there; when
 * producer and consumer live in different stacks, cdktf turns that into a cross-stack output + remote state.
 */

/**
 * The attributes dropship reads, per Terraform resource type (Terraform's names). A reference to an attribute
 * not listed for its resource's type does not compile, and the renderer of each type provides every attribute
 * listed here (`RefRegistry.provide`).
 */
export interface ResourceAttributes {
  /** A local value (`local.<name>`), e.g. the account id the network stack derives from the key's ARN. */
  local: 'value';
  aws_kms_key: 'arn' | 'key_id';
  aws_vpc: 'id' | 'ipv6_cidr_block';
  aws_subnet: 'id';
  aws_eip: 'public_ip';
  aws_security_group: 'id';
  aws_cloudwatch_log_group: 'arn';
  aws_sns_topic: 'arn';
  aws_ecr_repository: 'repository_url' | 'arn';
  aws_ecr_pull_through_cache_rule: 'registry_id';
  aws_route53_zone: 'zone_id';
  aws_secretsmanager_secret: 'arn';
  aws_db_instance: 'address' | 'port';
  aws_rds_cluster: 'endpoint' | 'port' | 'reader_endpoint';
  aws_elasticache_replication_group: 'primary_endpoint_address' | 'port';
  aws_ecs_cluster: 'arn';
  aws_ecs_cluster_capacity_providers: 'cluster_name';
  aws_service_discovery_private_dns_namespace: 'id';
  aws_lb: 'arn' | 'arn_suffix' | 'dns_name' | 'zone_id';
  aws_acm_certificate_validation: 'certificate_arn';
  aws_lb_listener: 'arn';
  aws_iam_role: 'arn';
  aws_ecs_task_definition: 'arn' | 'arn_without_revision';
  aws_lb_target_group: 'arn' | 'arn_suffix' | 'name';
  aws_service_discovery_service: 'arn';
  aws_ecs_service: 'name' | 'id';
  aws_iam_openid_connect_provider: 'arn';
  aws_efs_file_system: 'id' | 'arn';
  aws_efs_access_point: 'id' | 'arn';
  aws_s3_bucket: 'arn' | 'bucket_regional_domain_name';
  aws_cloudfront_distribution: 'arn' | 'domain_name';
  aws_codedeploy_app: 'name' | 'arn';
  aws_codedeploy_deployment_group: 'deployment_group_name' | 'arn';
  aws_route53_health_check: 'id';
}

/** A resource type dropship references. */
export type ResourceType = keyof ResourceAttributes;

/**
 * A resource's Terraform address: its stack, its resource type and its name in the stack (the construct id
 * the renderer gives it, e.g. `{ stack: 'shop-production-network', type: 'aws_vpc', name: 'vpc' }`).
 */
export interface Address<T extends ResourceType = ResourceType> {
  readonly stack: string;
  readonly type: T;
  readonly name: string;
}

/** The attributes every type of `T` has (all of its attributes when `T` is one type). */
export type AttributeOf<T extends ResourceType> = {
  [K in T]: (attribute: ResourceAttributes[K]) => void;
}[T] extends (attribute: infer A) => void
  ? A
  : never;

/** One attribute of one resource, e.g. the VPC's `id`: `{ to: <the VPC's address>, attribute: 'id' }`. */
export type Ref<T extends ResourceType = ResourceType> = {
  [K in T]: { readonly to: Address<K>; readonly attribute: ResourceAttributes[K] };
}[T];

/** A plan value: a literal known at compile time, or a reference resolved at synth. */
export type Value<T extends ResourceType = ResourceType> = string | Ref<T>;
