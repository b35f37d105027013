/**
 * AWS DMS for databases that move with full load + CDC: a replication subnet group and instance in the
 * private subnets, source (DigitalOcean) and target (RDS) endpoints whose credentials DMS reads from Secrets
 * Manager through a dedicated role, and one replication task per database (started by hand, see the
 * runbook). The endpoints verify their servers against `aws_dms_certificate`s whose PEMs come from Terraform
 * variables (not in the spec; a manual step writes the var file). The account-wide `dms-vpc-role` and
 * `dms-cloudwatch-logs-role` are manual prerequisites (docs/data.md).
 */
import { TerraformVariable, type TerraformStack } from 'cdktf';
import { DmsCertificate } from '@cdktf/provider-aws/lib/dms-certificate';
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

  const certificates = new Map(
    dms.certificates.map((cert) => {
      const pem = new TerraformVariable(stack, cert.variableName, {
        type: 'string',
        description: cert.description,
        nullable: false,
      });
      const resource = new DmsCertificate(stack, `dms-certificate-${cert.key}`, {
        certificateId: cert.certificateId,
        certificatePem: pem.stringValue,
      });
      // Applied state at the certificate's former (per-database) address follows it.
      if (cert.movedFrom !== undefined)
        resource.moveFromId(`aws_dms_certificate.dms-certificate-${cert.movedFrom}`);
      return [cert.key, resource] as const;
    }),
  );

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
      engineVersion: task.instanceSettings.engineVersion,
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
        certificateArn: certificates.get(plan.certificate)!.certificateArn,
        kmsKeyArn: kms,
        secretsManagerArn: refs.resolve(plan.secretArn),
        secretsManagerAccessRoleArn: accessRole.arn,
        extraConnectionAttributes: plan.extraConnectionAttributes,
        postgresSettings:
          plan.afterConnectScript || plan.cdc
            ? {
                afterConnectScript: plan.afterConnectScript,
                captureDdls: plan.cdc?.captureDdls,
                heartbeatEnable: plan.cdc?.heartbeatEnable,
              }
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
