/**
 * "Stop writes" in the data runbook, made concrete from the spec: during the move nothing may write to the
 * databases and caches that move, or the rows written after the dump are lost. On AWS that is every scheduled
 * task (its EventBridge rule is disabled) and every worker service that uses a moving store (scaled to 0, with
 * its autoscaling suspended so a policy does not start it again: Application Auto Scaling User Guide,
 * "Suspend and resume scaling"); on DigitalOcean, the cron daemon and the queue workers of the droplets.
 * The resume step starts the AWS writers again once the tasks point at RDS/ElastiCache; the droplets' stay
 * stopped, since they would write to the DigitalOcean copy. Every name is spec data, quoted by `sh`.
 */
import type { CompileContext } from '../context';
import type { AppSpec, MigrationSpec } from '../../schema/spec';
import { desiredCountOf } from '../desired-count';
import { ecsServiceName, scheduleRuleName } from '../app-addresses';
import { sh, shComment, shVar, type ShellText } from '../shell';

/** On each droplet: cron first (it creates work), then supervisor's programs (the usual queue runner). */
const STOP_CRON = 'sudo systemctl stop cron';
const STOP_WORKERS = 'if command -v supervisorctl >/dev/null; then sudo supervisorctl stop all; fi';

const SUSPENDED = (on: boolean) =>
  `DynamicScalingInSuspended=${on},DynamicScalingOutSuspended=${on},ScheduledScalingSuspended=${on}`;

/** Apps that may write to a store that moves: they use a database, or a cache migrated from DigitalOcean. */
function writers(spec: MigrationSpec): AppSpec[] {
  const movingCaches = new Set(spec.caches.filter((c) => c.from !== undefined).map((c) => c.name));
  return spec.apps.filter(
    (a) => a.uses.databases.length > 0 || a.uses.caches.some((c) => movingCaches.has(c)),
  );
}

const isScheduled = (a: AppSpec) => a.schedule !== undefined;
/** A service nobody sends requests to: it writes on its own (queue workers, consumers). */
const isWorker = (a: AppSpec) => !isScheduled(a) && a.expose === undefined;
const serviceName = ecsServiceName;

/**
 * The commands that stop every writer the spec names, for the first step of a move, in the order that loses
 * no job: what creates work first (requests, schedules, cron), then, once the queue workers have emptied the
 * queues of the caches that move, the workers themselves.
 */
export function stopWritesLines(ctx: CompileContext): ShellText[] {
  const { spec } = ctx;
  const region = spec.aws.region;
  const cluster = ctx.prefix;
  const apps = writers(spec);
  const out: ShellText[] = [];
  const scheduled = apps.filter(isScheduled);
  const workers = apps.filter(isWorker);
  const serving = apps.filter((a) => a.expose !== undefined).map((a) => a.name);
  const droplets = writerDroplets(spec, apps);
  out.push(
    shComment(
      'Stop writes, once for every database that moves (running these again is harmless)' +
        (serving.length > 0
          ? `: first what creates work. The apps that answer requests (${serving.join(', ')}) go into maintenance mode, their own switch.`
          : ': first what creates work.'),
    ),
  );
  if (scheduled.length > 0) {
    out.push(
      shComment(
        `AWS: disable the schedules of ${scheduled.map((a) => a.name).join(', ')} (EventBridge rules):`,
      ),
    );
    for (const a of scheduled)
      out.push(sh`aws events disable-rule --region ${region} --name ${ruleName(ctx, a)}`);
  }
  out.push(...dropletLines(droplets, 'DigitalOcean: stop cron on the droplets:', STOP_CRON));
  const movingCaches = spec.caches.filter((c) => c.from !== undefined).map((c) => c.name);
  if (movingCaches.length > 0)
    out.push(
      shComment(
        `Let the queue workers empty the queues in ${movingCaches.join(', ')} before stopping them: jobs left there are not copied.`,
      ),
    );
  if (workers.length > 0) {
    out.push(
      shComment(
        `AWS: scale the worker services ${workers.map((a) => a.name).join(', ')} to 0 (autoscaling suspended first, so no policy starts them again) and wait until their tasks stopped:`,
      ),
    );
    for (const a of workers) {
      if (a.scaling)
        out.push(
          sh`aws application-autoscaling register-scalable-target --region ${region} --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id ${`service/${cluster}/${serviceName(a)}`} --suspended-state ${SUSPENDED(true)}`,
        );
      out.push(
        sh`aws ecs update-service --region ${region} --cluster ${cluster} --service ${serviceName(a)} --desired-count 0`,
      );
    }
    out.push(
      sh`aws ecs wait services-stable --region ${region} --cluster ${cluster} --services ${workers.map(serviceName)}`,
    );
  }
  out.push(
    ...dropletLines(
      droplets,
      'DigitalOcean: stop the queue workers on the droplets (supervisor; a systemd unit or another runner: stop that instead):',
      STOP_WORKERS,
    ),
  );
  return out;
}

/** The commands that start the AWS writers again, once the tasks use RDS/ElastiCache. */
export function resumeWritesLines(ctx: CompileContext): ShellText[] {
  const { spec } = ctx;
  const region = spec.aws.region;
  const cluster = ctx.prefix;
  const apps = writers(spec);
  const scheduled = apps.filter(isScheduled);
  const workers = apps.filter(isWorker);
  const out: ShellText[] = [];
  if (workers.length === 0 && scheduled.length === 0) return out;
  out.push(
    shComment(
      'Resume the AWS writers (once every database has moved and the tasks use RDS/ElastiCache): the worker services back to their count with autoscaling resumed, then the schedules:',
    ),
  );
  for (const a of workers) {
    out.push(
      sh`aws ecs update-service --region ${region} --cluster ${cluster} --service ${serviceName(a)} --desired-count ${desiredCountOf(a).count}`,
    );
    if (a.scaling)
      out.push(
        sh`aws application-autoscaling register-scalable-target --region ${region} --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id ${`service/${cluster}/${serviceName(a)}`} --suspended-state ${SUSPENDED(false)}`,
      );
  }
  for (const a of scheduled)
    out.push(sh`aws events enable-rule --region ${region} --name ${ruleName(ctx, a)}`);
  if (apps.some((a) => a.droplets.length > 0))
    out.push(
      shComment(
        'The droplets’ cron and queue workers stay stopped: they would write to the DigitalOcean copy, which no longer receives the writes.',
      ),
    );
  return out;
}

/** The rule compiler/apps/schedule.ts names. */
const ruleName = (ctx: CompileContext, a: AppSpec) => scheduleRuleName(ctx.prefix, a.name);

interface WriterDroplet {
  name: string;
  address?: string;
  note: string;
}

/**
 * The droplets of those apps, and the droplets that stay on DigitalOcean, listed for the reader to judge: only
 * one that writes to a moving store needs it.
 */
function writerDroplets(spec: MigrationSpec, apps: AppSpec[]): WriterDroplet[] {
  const migrating = new Set(apps.flatMap((a) => a.droplets));
  const inApps = new Set(spec.apps.flatMap((a) => a.droplets));
  const role = (r: string | undefined) => (r ? ` (${r})` : '');
  return [
    ...spec.digitalocean.droplets
      .filter((d) => migrating.has(d.name))
      .map((d) => ({ name: d.name, address: d.ipv4?.public, note: role(d.role) })),
    ...spec.digitalocean.droplets
      .filter((d) => !inApps.has(d.name))
      .map((d) => ({
        name: d.name,
        address: d.ipv4?.public,
        note: `${role(d.role)}, which stays on DigitalOcean: only if it writes to a database or cache that moves`,
      })),
  ];
}

/**
 * `command` on each droplet over SSH as root (DigitalOcean's default user) at its public address; without
 * one in the inventory, at DROPLET, which the reader sets. The command is one quoted word for ssh.
 */
function dropletLines(droplets: WriterDroplet[], heading: string, command: string): ShellText[] {
  if (droplets.length === 0) return [];
  const out: ShellText[] = [shComment(heading)];
  for (const d of droplets) {
    out.push(shComment(`${d.name}${d.note}:`));
    out.push(
      d.address !== undefined
        ? sh`ssh ${`root@${d.address}`} ${command}`
        : sh`ssh ${shVar('DROPLET', 'set DROPLET to the ssh destination of the droplet')} ${command}`,
    );
  }
  return out;
}
