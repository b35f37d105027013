/**
 * An app's EFS volumes: per volume the encrypted file system (backed up when the plan says so), the security
 * group its mount targets admit NFS through, a mount target per private subnet, the access point and the
 * outputs the copy step reads; and the file system policies, rendered once the roles they name exist.
 */
import { TerraformOutput } from 'cdktf';
import { EfsAccessPoint } from '@cdktf/provider-aws/lib/efs-access-point';
import { EfsFileSystem } from '@cdktf/provider-aws/lib/efs-file-system';
import { EfsFileSystemPolicy } from '@cdktf/provider-aws/lib/efs-file-system-policy';
import { EfsMountTarget } from '@cdktf/provider-aws/lib/efs-mount-target';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { resolveDocument } from './text';
import { appId, type AppScope } from './scope';
import { renderFileSystemAndGroup } from '../efs-file-system';
import type { EfsPlan } from '../../compiler/model';

/** The file system policies, in the order of `app.efs` and of `fileSystems`. */
export function renderEfsPolicies(scope: AppScope, fileSystems: EfsFileSystem[]): void {
  scope.app.efs.forEach((fs, i) => {
    new EfsFileSystemPolicy(scope.stack, appId(scope, `${fs.volume}-efs-policy`), {
      fileSystemId: fileSystems[i].id,
      policy: resolveDocument(fs.policyJson, scope.refs),
    });
  });
}

/** One volume's file system, its NFS security group and rules, mount targets, access point and outputs. */
export function renderEfs(
  { stack, app, refs }: AppScope,
  fs: EfsPlan,
): { fileSystem: EfsFileSystem; mountTargets: EfsMountTarget[] } {
  const id = (suffix: string) => `${app.name}-${fs.volume}-${suffix}`;
  const tags = { ...app.tags, Name: fs.name };
  const { fileSystem, sg } = renderFileSystemAndGroup(
    stack,
    refs,
    fs,
    { backup: id('efs-backup'), securityGroup: id('efs-sg') },
    tags,
  );
  new VpcSecurityGroupIngressRule(stack, id('efs-in-nfs'), {
    securityGroupId: sg.id,
    referencedSecurityGroupId: refs.resolve(fs.appSecurityGroup),
    ipProtocol: 'tcp',
    fromPort: fs.nfs.port,
    toPort: fs.nfs.port,
    description: fs.nfs.ingressDescription,
    tags,
  });
  new VpcSecurityGroupEgressRule(stack, id('app-out-nfs'), {
    securityGroupId: refs.resolve(fs.appSecurityGroup),
    referencedSecurityGroupId: sg.id,
    ipProtocol: 'tcp',
    fromPort: fs.nfs.port,
    toPort: fs.nfs.port,
    description: fs.nfs.egressDescription,
    tags,
  });
  const mountTargets = fs.subnets.map(
    (subnet, i) =>
      new EfsMountTarget(stack, id(`efs-mount-${i}`), {
        fileSystemId: fileSystem.id,
        subnetId: refs.resolve(subnet),
        securityGroups: [sg.id],
      }),
  );
  const accessPoint = new EfsAccessPoint(stack, fs.accessPointAddress.name, {
    fileSystemId: fileSystem.id,
    posixUser: { uid: fs.accessPoint.uid, gid: fs.accessPoint.gid },
    rootDirectory: {
      path: fs.accessPoint.path,
      creationInfo: {
        ownerUid: fs.accessPoint.uid,
        ownerGid: fs.accessPoint.gid,
        permissions: fs.accessPoint.permissions,
      },
    },
    tags,
  });
  refs.provide(fs.accessPointAddress, { id: accessPoint.id, arn: accessPoint.arn });
  new TerraformOutput(stack, fs.outputs.fileSystemId, {
    value: fileSystem.id,
    description: `EFS file system of ${app.name}/${fs.volume}`,
  });
  new TerraformOutput(stack, fs.outputs.accessPointId, {
    value: accessPoint.id,
    description: `EFS access point of ${app.name}/${fs.volume}`,
  });
  return { fileSystem, mountTargets };
}
