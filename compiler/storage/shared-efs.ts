/**
 * One EFS file system per DigitalOcean volume that several `apps[].volumes[]` entries take over (nginx beside
 * php-fpm, a web app and its queue worker): in the data stack, which every app's stack reads, with one access
 * point per entry on the same root directory, so a file written through one entry is served by every other.
 * The copy step fills it once from the volume. A volume one entry uses keeps its file system in the app's
 * stack (compiler/apps/efs.ts), where earlier output put it.
 */
import type { CompileContext } from '../context';
import type { Decision, ManualStep } from '../model';
import type { NetworkPlan } from '../model/network';
import type { SecurityPlan } from '../model/security';
import type { SharedEfsPlan, SharedEfsUserPlan } from '../model/storage';
import { awsName, fitName } from '../../schema/facts/aws-names';
import { findByName } from '../../schema/inventory/by-name';
import { sharedVolumes, volumeOwner, type VolumeUse } from '../../schema/inventory/volumes';
import { sharedEfsAddresses } from '../app-addresses';
import { EFS_CLIENT_ACTIONS, denyEfsWithoutTls } from '../aws/efs';
import { policyJson } from '../aws/iam';
import { embed, uniqueValues } from '../refs';
import type { Value } from '../model/refs';
import { PARTITION } from '../aws/partition';
import { groupOf } from '../plan-lookups';
import { STEP_ORDER } from '../steps';
import { sh, shVar, toCommands, word } from '../shell';
import { accountIdShell } from '../account-shell';

const NFS_PORT = 2049;

const outputName = (...parts: string[]) => `efs_${parts.join('_')}`.replace(/[^a-zA-Z0-9_]/g, '_');

export function sharedFileSystems(
  ctx: CompileContext,
  deps: { network: NetworkPlan; security: SecurityPlan },
  decisions: Decision[],
  manualSteps: ManualStep[],
): SharedEfsPlan[] {
  const out: SharedEfsPlan[] = [];
  for (const [source, uses] of sharedVolumes(ctx.spec)) {
    const plan = sharedFileSystem(ctx, deps, source, uses);
    out.push(plan);
    const list = uses.map(
      (u) => `${u.app.name}/${u.volume.name} (${u.volume.container} at ${u.volume.mountPath})`,
    );
    decisions.push({
      subject: `storage.fileSystems.${source}`,
      choice: `one EFS file system for DigitalOcean volume ${source}, in the data stack, mounted by ${list.join(', ')}: one access point each, all on ${plan.users[0].accessPoint.path}`,
      rule:
        'a volume is one set of files: each entry with its own file system would see only the files written through it (uploads written by one container or app and served by another would 404). ' +
        'Earlier output gave each entry its own file system in its app stack: those are forgotten (removed blocks, destroy = false), never destroyed; see the manual step',
    });
    decisions.push(...entryDecisions(ctx, plan, uses));
    manualSteps.push(copyStep(ctx, plan, uses), earlierFileSystemsStep(ctx, plan, uses));
  }
  return out;
}

function sharedFileSystem(
  ctx: CompileContext,
  deps: { network: NetworkPlan; security: SecurityPlan },
  source: string,
  uses: VolumeUse[],
): SharedEfsPlan {
  const key = `efs-${source}`;
  const fileSystemAddress = sharedEfsAddresses(ctx, source, uses[0].app.name, uses[0].volume.name).fileSystem;
  const fileSystemArn = sharedEfsAddresses(ctx, source, uses[0].app.name, uses[0].volume.name).refs
    .fileSystemArn;
  // One root directory for every entry, the first entry's name (where a single-entry file system kept its
  // files), created as the first entry's user.
  const root = `/${uses[0].volume.name}`;
  const users: SharedEfsUserPlan[] = uses.map(({ app, volume }) => {
    const { uid, gid } = volumeOwner(app, volume);
    const { key: appKey, id } = groupOf(deps.security, 'app', app.name);
    return {
      app: app.name,
      volume: volume.name,
      appSecurityGroup: id,
      nfs: {
        from: appKey,
        port: NFS_PORT,
        ingressDescription: `NFS from ${app.name} tasks`,
        egressDescription: `NFS to the ${source} file system`,
        reason: `${app.name} mounts volume ${source} (EFS, TLS), shared with ${uses.length - 1} other entr${uses.length === 2 ? 'y' : 'ies'}`,
      },
      accessPoint: { path: root, uid, gid, permissions: '0770' },
      accessPointAddress: sharedEfsAddresses(ctx, source, app.name, volume.name).accessPoint,
      accessPointOutput: outputName(source, app.name, volume.name, 'access_point_id'),
    };
  });
  return {
    source,
    name: fitName([ctx.prefix, source], 256),
    creationToken: fitName([ctx.prefix, 'shared', source], 64),
    encrypted: true,
    kmsKeyArn: deps.network.kms.arn,
    performanceMode: 'generalPurpose',
    throughputMode: 'elastic',
    vpcId: deps.network.vpcId,
    subnets: [...deps.network.privateSubnetIds],
    securityGroup: {
      key,
      name: awsName('securityGroup', ctx.prefix, source, 'efs'),
      description: `NFS to the shared ${source} file system, from the tasks of the apps that mount it`,
    },
    users,
    policyJson: sharedEfsFileSystemPolicy({
      fileSystemArn,
      users: uses.map(({ app, volume }) => ({
        taskRoleName: awsName('iamRole', ctx.prefix, app.name, 'task'),
        accessPointArn: sharedEfsAddresses(ctx, source, app.name, volume.name).refs.accessPointArn,
        readOnly: volume.readOnly,
      })),
    }),
    backup: ctx.production,
    preventDestroy: ctx.production,
    fileSystemOutput: outputName(source, 'file_system_id'),
    fileSystemAddress,
  };
}

/**
 * What each entry becomes, under the subject an app's own file system has (`apps.<app>.volumes.<volume>`,
 * compiler/apps/efs.ts): the plan's app card reads it there, whichever part placed the file system.
 */
function entryDecisions(ctx: CompileContext, plan: SharedEfsPlan, uses: VolumeUse[]): Decision[] {
  const source = findByName(ctx.spec.digitalocean.volumes, plan.source);
  return uses.map(({ app, volume }, i) => {
    const ap = plan.users[i].accessPoint;
    const others = uses.filter((_, j) => j !== i).map((u) => `${u.app.name}/${u.volume.name}`);
    return {
      subject: `apps.${app.name}.volumes.${volume.name}`,
      choice:
        `shared EFS file system ${plan.name} in the data stack (KMS-encrypted, elastic throughput, TLS + IAM via its own access point as uid ${ap.uid}:${ap.gid} on ${ap.path}) ` +
        `mounted at ${volume.mountPath} in ${volume.container}${volume.readOnly ? ' read-only' : ''}, shared with ${others.join(', ')}`,
      rule: `DigitalOcean volume ${plan.source} is mounted by ${uses.length} entries: one file system for all of them (storage.fileSystems.${plan.source}), so each sees the files the others write`,
      ...(source
        ? {
            from: `DigitalOcean volume ${source.name} (${source.sizeGb} GB${source.droplet ? ` on ${source.droplet}` : ''}${source.mountPath ? ` at ${source.mountPath}` : ''})`,
          }
        : {}),
    };
  });
}

/** The copy from the DigitalOcean volume into the shared file system, through the first entry's access point. */
function copyStep(ctx: CompileContext, plan: SharedEfsPlan, uses: VolumeUse[]): ManualStep {
  const { spec } = ctx;
  const volume = findByName(spec.digitalocean.volumes, plan.source);
  const droplet = volume?.droplet ? findByName(spec.digitalocean.droplets, volume.droplet) : undefined;
  const path = (volume?.mountPath ?? `/mnt/${plan.source}`).replace(/\/$/, '');
  const first = plan.users[0];
  const fs = shVar('FS');
  const putPolicy = (file: string) =>
    sh`aws efs put-file-system-policy --file-system-id ${fs} --policy ${`file://${file}`}`;
  return {
    order: STEP_ORDER.copyVolumes,
    title: `Copy volume ${plan.source} to its shared EFS file system (${uses.map((u) => `${u.app.name}/${u.volume.name}`).join(', ')})`,
    detail:
      `Once the data stack has created the file system: launch a temporary instance in a private subnet with the group of ${first.app} (the mount targets admit the apps' groups only) and one that allows outbound SSH to the droplet. ` +
      `The file system policy denies every principal but the apps' task roles, so for the copy add the instance's role to it and restore dropship's policy right after (a later apply of the data stack would restore it too). ` +
      `Pull the data once ahead of time and again just before the cutover; files are written as uid ${first.accessPoint.uid}:${first.accessPoint.gid}. Terminate the instance afterwards. ` +
      `Run the commands in the data stack's directory; set COPY_ROLE_NAME to the instance role's name and DROPLET_IP to the address of ${droplet ? `the droplet ${droplet.name}${droplet.ipv4.public ? ` (${droplet.ipv4.public} in the inventory)` : ''}` : `the droplet ${plan.source} is attached to`}.`,
    commands: toCommands([
      sh`FS=$(terraform output -raw ${plan.fileSystemOutput}); AP=$(terraform output -raw ${first.accessPointOutput})`,
      sh`COPY_ROLE=arn:${PARTITION}:iam::${accountIdShell(ctx)}:role/${shVar('COPY_ROLE_NAME', 'set COPY_ROLE_NAME to the name of the copy instance role')}`,
      sh`aws efs describe-file-system-policy --file-system-id ${fs} --query Policy --output text > efs-policy-dropship.json`,
      sh`jq --arg r "$COPY_ROLE" '(.Statement[] | select(.Sid == "DenyOtherPrincipals") | .Condition.ArnNotLike["aws:PrincipalArn"]) |= ([.] | flatten) + [$r] | .Statement += [{"Sid": "TemporaryDataCopy", "Effect": "Allow", "Principal": {"AWS": [$r]}, "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"], "Resource": .Statement[0].Resource}]' efs-policy-dropship.json > efs-policy-copy.json`,
      putPolicy('efs-policy-copy.json'),
      sh`sudo mount -t efs -o ${word('tls,iam,accesspoint=', shVar('AP'))} ${word(shVar('FS'), ':/')} /mnt/efs`,
      sh`rsync -aH --delete --numeric-ids --protect-args ${`--chown=${first.accessPoint.uid}:${first.accessPoint.gid}`} -e ssh root@${shVar('DROPLET_IP', 'set DROPLET_IP to the address of the droplet')}:${`${path}/`} /mnt/efs/`,
      putPolicy('efs-policy-dropship.json'),
    ]),
  };
}

/**
 * Earlier output gave each entry its own file system in its app's stack. Its removed block forgets it
 * (destroy = false): the files the apps wrote to it on AWS are still there, and only the operator can say
 * whether they matter.
 */
function earlierFileSystemsStep(ctx: CompileContext, plan: SharedEfsPlan, uses: VolumeUse[]): ManualStep {
  const tokens = uses.map(({ app, volume }) => fitName([ctx.prefix, app.name, volume.name], 64));
  return {
    order: STEP_ORDER.copyVolumes,
    title: `If an earlier dropship created them: the per-app file systems of volume ${plan.source}`,
    detail:
      `Earlier output gave ${uses.map((u) => `${u.app.name}/${u.volume.name}`).join(', ')} a file system each, in the app stacks. ` +
      `This output forgets them (removed blocks with destroy = false: Terraform destroys none of them and no longer manages them; their mount targets, access points and security groups are deleted by the apps stack apply). ` +
      `Whatever the apps wrote to them on AWS is only there: copy it into the shared file system (give one a mount target again, mount both, rsync), then delete them. ` +
      `The first command lists them by creation token; nothing is listed when none was ever created.`,
    commands: toCommands(
      tokens.map(
        (t) =>
          sh`aws efs describe-file-systems --region ${ctx.spec.aws.region} --creation-token ${t} --query 'FileSystems[].[FileSystemId,SizeInBytes.Value]' --output text`,
      ),
    ),
  };
}

/**
 * The policy of a file system several apps share (compiler/storage/shared-efs.ts). It lives in the data
 * stack, applied before the apps' task roles exist, so it names no role as a principal (EFS would refuse a
 * principal that does not exist yet): each task role's own identity policy grants its mount and writes
 * through its access point (taskRoleStatements), and this policy only denies — every principal whose ARN is
 * not one of those roles (by name: a role elsewhere gets no grant from this account), every mount outside
 * the access points, writes by the read-only entries' roles, and every request without TLS.
 */
function sharedEfsFileSystemPolicy(inputs: {
  fileSystemArn: Value;
  users: { taskRoleName: string; accessPointArn: Value; readOnly: boolean }[];
}): string {
  const fileSystem = [embed(inputs.fileSystemArn)];
  const roleArn = (name: string) => `arn:${PARTITION}:iam::*:role/${name}`;
  const readOnly = [...new Set(inputs.users.filter((u) => u.readOnly).map((u) => roleArn(u.taskRoleName)))];
  return policyJson([
    {
      Sid: 'DenyOtherPrincipals',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: [...EFS_CLIENT_ACTIONS],
      Resource: fileSystem,
      Condition: {
        ArnNotLike: { 'aws:PrincipalArn': [...new Set(inputs.users.map((u) => roleArn(u.taskRoleName)))] },
      },
    },
    {
      Sid: 'DenyMountsOutsideTheAccessPoints',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: [...EFS_CLIENT_ACTIONS],
      Resource: fileSystem,
      Condition: {
        StringNotEquals: {
          'elasticfilesystem:AccessPointArn': uniqueValues(inputs.users.map((u) => u.accessPointArn)).map(
            embed,
          ),
        },
      },
    },
    ...(readOnly.length > 0
      ? [
          {
            Sid: 'DenyWritesByReadOnlyApps',
            Effect: 'Deny' as const,
            Principal: { AWS: '*' },
            Action: ['elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'],
            Resource: fileSystem,
            Condition: { ArnLike: { 'aws:PrincipalArn': readOnly } },
          },
        ]
      : []),
    denyEfsWithoutTls(fileSystem),
  ]);
}
