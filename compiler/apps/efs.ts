/**
 * EFS volumes taking over DigitalOcean volumes: one encrypted file system per volume, mounted over TLS through
 * an access point as the container's user, reachable from the app's tasks only; and the step that copies the
 * DigitalOcean volume's data into it.
 */
import type { AppSpec } from '../../schema/spec';
import type { ManualStep } from '../model';
import type { EfsPlan } from '../model/apps';
import { awsName, fitName } from '../../schema/facts/aws-names';
import { findByName } from '../../schema/inventory/by-name';
import { volumeOwner } from '../../schema/inventory/volumes';
import { PARTITION } from '../aws/partition';
import { groupOf } from '../plan-lookups';
import { STEP_ORDER } from '../steps';
import { sh, shVar, toCommands, word } from '../shell';
import { accountIdShell } from '../account-shell';
import { efsFileSystemPolicy } from './iam';
import type { AppContext } from './context';

/** EFS mount targets serve NFS on 2049 only. */
const NFS_PORT = 2049;

type VolumeSpec = AppSpec['volumes'][number];
/** Where the files come from: a DigitalOcean volume's mount, or a folder on the droplet's own disk. */
interface CopySource {
  label: string;
  droplet: string | undefined;
  path: string;
}

/** The access point's user: the container's numeric `user` (uid or uid:gid), else 1000:1000. */
interface Owner {
  uid: number;
  gid: number;
}

/** The Terraform outputs the copy step reads the file system and access point ids from. */
interface EfsOutputs {
  fileSystemId: string;
  accessPointId: string;
}

const ownerOf = volumeOwner;

function outputsOf(app: AppSpec, v: VolumeSpec): EfsOutputs {
  const outputBase = `efs_${app.name}_${v.name}`.replace(/[^a-zA-Z0-9_]/g, '_');
  return {
    fileSystemId: `${outputBase}_file_system_id`,
    accessPointId: `${outputBase}_access_point_id`,
  };
}

export function efsPlan(a: AppContext, v: VolumeSpec): EfsPlan {
  const { ctx, deps, app, keys, decisions, manualSteps } = a;
  const { spec } = ctx;
  const { uid, gid } = ownerOf(app, v);
  const source = v.from === undefined ? undefined : findByName(spec.digitalocean.volumes, v.from);
  const outputs = outputsOf(app, v);
  decisions.push({
    subject: `apps.${app.name}.volumes.${v.name}`,
    choice: `EFS file system (KMS-encrypted, elastic throughput, TLS + IAM via an access point as uid ${uid}:${gid}) mounted at ${v.mountPath} in ${v.container}`,
    rule: 'a Fargate task has no block storage that outlives it; EFS is the shared, durable file system every task mounts',
    from: source
      ? `DigitalOcean volume ${source.name} (${source.sizeGb} GB${source.droplet ? ` on ${source.droplet}` : ''}${source.mountPath ? ` at ${source.mountPath}` : ''})`
      : v.dropletPath
        ? `${v.dropletPath} on ${app.droplets[0] ? `the droplet ${app.droplets[0]}` : "the app's droplet"} (its own disk)`
        : undefined,
  });
  const copyFrom = source
    ? {
        label: `volume ${source.name}`,
        droplet: source.droplet,
        path: source.mountPath ?? `/mnt/${source.name}`,
      }
    : v.dropletPath
      ? { label: `${v.dropletPath} of ${app.name}'s droplet`, droplet: app.droplets[0], path: v.dropletPath }
      : undefined;
  if (copyFrom) manualSteps.push(copyVolumeStep(a, v, copyFrom, { uid, gid }, outputs));
  const k = keys.efs(v.name);
  const kmsArn = deps.network.kms.arn;
  const { key: appSgKey, id: appSg } = groupOf(deps.security, 'app', app.name);
  return {
    volume: v.name,
    name: fitName([ctx.prefix, app.name, v.name], 256),
    creationToken: fitName([ctx.prefix, app.name, v.name], 64),
    encrypted: true,
    kmsKeyArn: kmsArn,
    // General Purpose: the lowest latency, which web apps' small files want; Elastic throughput scales
    // with use and is billed per use, without provisioning or a burst-credit balance to run out.
    performanceMode: 'generalPurpose',
    throughputMode: 'elastic',
    vpcId: deps.network.vpcId,
    subnets: [...deps.network.privateSubnetIds],
    securityGroup: {
      key: `efs-${app.name}-${v.name}`,
      name: awsName('securityGroup', ctx.prefix, app.name, v.name, 'efs'),
      description: `NFS to the ${v.name} file system of ${app.name}, from its tasks only`,
    },
    appSecurityGroup: appSg,
    nfs: {
      from: appSgKey,
      port: NFS_PORT,
      ingressDescription: `NFS from ${app.name} tasks`,
      egressDescription: `NFS to the ${v.name} file system`,
      reason: `${app.name} mounts its ${v.name} volume (EFS, TLS); no other group reaches the mount targets`,
    },
    accessPoint: { path: `/${v.name}`, uid, gid, permissions: '0750' },
    policyJson: efsFileSystemPolicy({
      taskRoleArn: keys.taskRoleArn,
      fileSystemArn: k.fileSystemArn,
      accessPointArn: k.accessPointArn,
      readOnly: v.readOnly,
    }),
    backup: ctx.production,
    preventDestroy: ctx.production,
    outputs,
    fileSystemAddress: keys.addresses.efs(v.name).fileSystem,
    accessPointAddress: keys.addresses.efs(v.name).accessPoint,
  };
}

/**
 * The copy from the DigitalOcean volume, run from a temporary instance that the file system policy admits
 * for the copy only.
 */
function copyVolumeStep(
  { ctx, app }: AppContext,
  v: VolumeSpec,
  source: CopySource,
  { uid, gid }: Owner,
  outputs: EfsOutputs,
): ManualStep {
  const { spec } = ctx;
  const droplet = source.droplet ? findByName(spec.digitalocean.droplets, source.droplet) : undefined;
  const dropletAddress = droplet?.ipv4.public ? ` (${droplet.ipv4.public} in the inventory)` : '';
  const fs = shVar('FS');
  const efsPolicy = (file: string) =>
    sh`aws efs put-file-system-policy --file-system-id ${fs} --policy ${`file://${file}`}`;
  return {
    order: STEP_ORDER.copyVolumes,
    title: `Copy ${source.label} to EFS (${app.name}/${v.name})`,
    detail:
      `Launch a temporary instance in a private subnet with two security groups: the app's (the only one the EFS mount targets admit) and one that allows outbound SSH to the droplet. ` +
      `The file system policy admits only the app's task role (through the access point, over TLS) and denies every other principal, so for the copy add the instance's role to it, ` +
      `keep dropship's policy to restore, and restore it right after the last copy (a later apply of the apps stack would restore it too). ` +
      `Pull the data once ahead of time and again just before the cutover; files are written as uid ${uid}:${gid} (the access point's user). Terminate the instance afterwards. ` +
      `On the instance, set COPY_ROLE_NAME to the name of its IAM role and DROPLET_IP to the address of ${source.droplet ? `the droplet ${source.droplet}${dropletAddress}` : `the droplet ${source.path} is on`} before the commands.`,
    commands: toCommands([
      sh`FS=$(terraform output -raw ${outputs.fileSystemId}); AP=$(terraform output -raw ${outputs.accessPointId})`,
      sh`COPY_ROLE=arn:${PARTITION}:iam::${accountIdShell(ctx)}:role/${shVar('COPY_ROLE_NAME', 'set COPY_ROLE_NAME to the name of the copy instance role')}`,
      sh`aws efs describe-file-system-policy --file-system-id ${fs} --query Policy --output text > efs-policy-dropship.json`,
      sh`jq --arg r "$COPY_ROLE" '(.Statement[] | select(.Sid == "DenyOtherPrincipals") | .Condition.ArnNotEquals["aws:PrincipalArn"]) |= ([.] | flatten) + [$r] | .Statement += [.Statement[] | select(.Sid == "AppTaskRoleViaAccessPoint") | .Sid = "TemporaryDataCopy" | .Principal.AWS = [$r] | .Action = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]]' efs-policy-dropship.json > efs-policy-copy.json`,
      efsPolicy('efs-policy-copy.json'),
      sh`sudo mount -t efs -o ${word('tls,iam,accesspoint=', shVar('AP'))} ${word(shVar('FS'), ':/')} /mnt/efs`,
      // --protect-args: the remote path reaches the droplet's rsync through the protocol, never its shell
      // (rsync before 3.2.4 hands it to the remote shell as it is).
      sh`rsync -aH --delete --numeric-ids --protect-args ${`--chown=${uid}:${gid}`} -e ssh root@${shVar('DROPLET_IP', 'set DROPLET_IP to the address of the droplet')}:${`${source.path.replace(/\/$/, '')}/`} /mnt/efs/`,
      efsPolicy('efs-policy-dropship.json'),
    ]),
  };
}
