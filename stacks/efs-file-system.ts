/**
 * What an app's own EFS file system and a shared one (data stack) have in common, rendered from their plans:
 * the encrypted file system, its backup policy when the plan asks for one, and its NFS security group. The
 * callers name the construct ids (they are the applied resources' addresses) and add rules, mount targets
 * and access points.
 */
import type { TerraformStack } from 'cdktf';
import { EfsBackupPolicy } from '@cdktf/provider-aws/lib/efs-backup-policy';
import { EfsFileSystem } from '@cdktf/provider-aws/lib/efs-file-system';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import type { EfsPlan } from '../compiler/model';
import type { RefRegistry } from './refs';

type FileSystemPlan = Pick<
  EfsPlan,
  | 'fileSystemAddress'
  | 'creationToken'
  | 'encrypted'
  | 'kmsKeyArn'
  | 'performanceMode'
  | 'throughputMode'
  | 'preventDestroy'
  | 'backup'
  | 'securityGroup'
  | 'vpcId'
>;

export function renderFileSystemAndGroup(
  stack: TerraformStack,
  refs: RefRegistry,
  fs: FileSystemPlan,
  ids: { backup: string; securityGroup: string },
  tags: Record<string, string>,
): { fileSystem: EfsFileSystem; sg: SecurityGroup } {
  const fileSystem = new EfsFileSystem(stack, fs.fileSystemAddress.name, {
    creationToken: fs.creationToken,
    encrypted: fs.encrypted,
    kmsKeyId: refs.resolve(fs.kmsKeyArn),
    performanceMode: fs.performanceMode,
    throughputMode: fs.throughputMode,
    lifecycle: fs.preventDestroy ? { preventDestroy: true } : undefined,
    tags,
  });
  refs.provide(fs.fileSystemAddress, { id: fileSystem.id, arn: fileSystem.arn });
  if (fs.backup)
    new EfsBackupPolicy(stack, ids.backup, {
      fileSystemId: fileSystem.id,
      backupPolicy: { status: 'ENABLED' },
    });
  const sg = new SecurityGroup(stack, ids.securityGroup, {
    name: fs.securityGroup.name,
    description: fs.securityGroup.description,
    vpcId: refs.resolve(fs.vpcId),
    tags,
  });
  return { fileSystem, sg };
}
