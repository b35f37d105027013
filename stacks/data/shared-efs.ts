/**
 * The shared EFS file systems of `plan.storage.fileSystems`, in the data stack: per DigitalOcean volume the
 * encrypted file system (backed up and kept from destruction when the plan says so), its NFS security group
 * with a rule pair per app that mounts it, a mount target per private subnet, an access point per entry,
 * the deny-only file system policy and the outputs the copy step reads. Every value comes from the plan.
 */
import { TerraformOutput, type TerraformStack } from 'cdktf';
import { EfsAccessPoint } from '@cdktf/provider-aws/lib/efs-access-point';
import { EfsFileSystemPolicy } from '@cdktf/provider-aws/lib/efs-file-system-policy';
import { EfsMountTarget } from '@cdktf/provider-aws/lib/efs-mount-target';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { renderFileSystemAndGroup } from '../efs-file-system';
import type { SharedEfsPlan } from '../../compiler/model';
import type { StackContext } from '../context';
import { resolveDocument } from '../apps/text';

export function renderSharedFileSystems(stack: TerraformStack, ctx: StackContext): void {
  for (const fs of ctx.plan.storage.fileSystems) renderSharedFileSystem(stack, ctx, fs);
}

function renderSharedFileSystem(stack: TerraformStack, { refs }: StackContext, fs: SharedEfsPlan): void {
  const id = (suffix: string) => `${fs.fileSystemAddress.name}-${suffix}`;
  const tags = { Name: fs.name, volume: fs.source };
  const { fileSystem, sg } = renderFileSystemAndGroup(
    stack,
    refs,
    fs,
    { backup: id('backup'), securityGroup: id('sg') },
    tags,
  );
  // One rule pair per app (several entries of one app share its group).
  const apps = [...new Map(fs.users.map((u) => [u.app, u])).values()];
  for (const user of apps) {
    new VpcSecurityGroupIngressRule(stack, id(`in-nfs-${user.app}`), {
      securityGroupId: sg.id,
      referencedSecurityGroupId: refs.resolve(user.appSecurityGroup),
      ipProtocol: 'tcp',
      fromPort: user.nfs.port,
      toPort: user.nfs.port,
      description: user.nfs.ingressDescription,
      tags,
    });
    new VpcSecurityGroupEgressRule(stack, id(`out-nfs-${user.app}`), {
      securityGroupId: refs.resolve(user.appSecurityGroup),
      referencedSecurityGroupId: sg.id,
      ipProtocol: 'tcp',
      fromPort: user.nfs.port,
      toPort: user.nfs.port,
      description: user.nfs.egressDescription,
      tags,
    });
  }
  fs.subnets.forEach(
    (subnet, i) =>
      new EfsMountTarget(stack, id(`mount-${i}`), {
        fileSystemId: fileSystem.id,
        subnetId: refs.resolve(subnet),
        securityGroups: [sg.id],
      }),
  );
  const accessPoints = fs.users.map((user) => {
    const accessPoint = new EfsAccessPoint(stack, user.accessPointAddress.name, {
      fileSystemId: fileSystem.id,
      posixUser: { uid: user.accessPoint.uid, gid: user.accessPoint.gid },
      rootDirectory: {
        path: user.accessPoint.path,
        creationInfo: {
          ownerUid: fs.users[0].accessPoint.uid,
          ownerGid: fs.users[0].accessPoint.gid,
          permissions: user.accessPoint.permissions,
        },
      },
      tags: { ...tags, app: user.app },
    });
    refs.provide(user.accessPointAddress, { id: accessPoint.id, arn: accessPoint.arn });
    new TerraformOutput(stack, user.accessPointOutput, {
      value: accessPoint.id,
      description: `EFS access point of ${user.app}/${user.volume} on the shared ${fs.source} file system`,
    });
    return accessPoint;
  });
  new EfsFileSystemPolicy(stack, id('policy'), {
    fileSystemId: fileSystem.id,
    policy: resolveDocument(fs.policyJson, refs),
    dependsOn: accessPoints,
  });
  new TerraformOutput(stack, fs.fileSystemOutput, {
    value: fileSystem.id,
    description: `The shared EFS file system of DigitalOcean volume ${fs.source}`,
  });
}
