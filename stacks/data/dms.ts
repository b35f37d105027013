/**
 * AWS DMS for databases that move with full load + CDC: a replication subnet group and instance in the
 * private subnets, source (DigitalOcean) and target (RDS) endpoints whose credentials DMS reads from Secrets
 * Manager through a dedicated role, and one replication task per database (started by hand, see the
 * runbook). The account-wide `dms-vpc-role` is a manual prerequisite (docs/data.md).
 */
import type { TerraformStack } from 'cdktf';
import { DmsEndpoint } from '@cdktf/provider-aws/lib/dms-endpoint';
import { DmsReplicationInstance } from '@cdktf/provider-aws/lib/dms-replication-instance';
import { DmsReplicationSubnetGroup } from '@cdktf/provider-aws/lib/dms-replication-subnet-group';
import { DmsReplicationTask } from '@cdktf/provider-aws/lib/dms-replication-task';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { resolveDocument } from '../apps/text';
import type { StackContext } from '../context';
import type { DmsEndpointPlan, DmsPlan } from '../../compiler/model';

export function renderDms(stack: TerraformStack, ctx: StackContext, dms: DmsPlan): void {
  const { refs } = ctx;
  const kms = refs.resolve(dms.kmsKeyArn);

  const accessRole = new IamRole(stack, 'dms-secrets-role', {
    name: dms.accessRoleName,
    description: dms.accessRoleDescription,
    assumeRolePolicy: resolveDocument(dms.accessRoleTrustPolicyJson, refs),
  });
  const accessPolicy = new IamRolePolicy(stack, 'dms-secrets-policy', {
    name: dms.accessPolicyName,
    role: accessRole.id,
    policy: resolveDocument(dms.accessPolicyJson, refs),
  });

  const subnetGroup = new DmsReplicationSubnetGroup(stack, 'dms-subnet-group', {
    replicationSubnetGroupId: dms.subnetGroup.name,
    replicationSubnetGroupDescription: dms.subnetGroup.description,
    subnetIds: dms.subnetGroup.subnetIds.map((s) => refs.resolve(s)),
  });

  for (const task of dms.tasks) {
    const instance = new DmsReplicationInstance(stack, `dms-${task.database}-instance`, {
      replicationInstanceId: task.replicationInstanceId,
      replicationInstanceClass: task.instanceClass,
      allocatedStorage: task.allocatedStorageGb,
      multiAz: task.multiAz,
      publiclyAccessible: task.instanceSettings.publiclyAccessible,
      kmsKeyArn: kms,
      vpcSecurityGroupIds: [refs.resolve(dms.securityGroupId)],
      replicationSubnetGroupId: subnetGroup.replicationSubnetGroupId,
      autoMinorVersionUpgrade: task.instanceSettings.autoMinorVersionUpgrade,
      applyImmediately: task.instanceSettings.applyImmediately,
    });
    const endpoint = (kind: 'source' | 'target', plan: DmsEndpointPlan) =>
      new DmsEndpoint(stack, `dms-${task.database}-${kind}`, {
        endpointId: plan.endpointId,
        endpointType: kind,
        engineName: plan.engineName,
        databaseName: plan.databaseName,
        sslMode: plan.sslMode,
        kmsKeyArn: kms,
        secretsManagerArn: refs.resolve(plan.secretArn),
        secretsManagerAccessRoleArn: accessRole.arn,
        extraConnectionAttributes: plan.extraConnectionAttributes,
        postgresSettings: plan.afterConnectScript
          ? { afterConnectScript: plan.afterConnectScript }
          : undefined,
        // The role must be able to read the secret before DMS validates the endpoint.
        dependsOn: [accessPolicy],
      });
    const source = endpoint('source', task.source);
    const target = endpoint('target', task.target);
    new DmsReplicationTask(stack, `dms-${task.database}-task`, {
      replicationTaskId: task.taskId,
      migrationType: task.migrationType,
      replicationInstanceArn: instance.replicationInstanceArn,
      sourceEndpointArn: source.endpointArn,
      targetEndpointArn: target.endpointArn,
      tableMappings: task.tableMappings,
      replicationTaskSettings: task.taskSettings,
      startReplicationTask: task.startOnDeploy,
      lifecycle: { ignoreChanges: [...task.ignoreChanges] },
    });
  }
}
