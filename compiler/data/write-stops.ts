/**
 * "Stop writes" in the data runbook, made concrete from the spec: during the move nothing may write to the
 * databases and caches that move, or the rows written after the dump are lost. On AWS that is every scheduled
 * task (its EventBridge rule is disabled, then the runs already started are waited for: disabling a rule stops
 * no running task), every worker service that uses a moving store (scaled to 0, with its autoscaling
 * suspended so a policy does not start it again: Application Auto Scaling User Guide, "Suspend and resume
 * scaling"), and, while the AWS tasks still write through to DigitalOcean (digitalocean-until-100), the
 * services that answer requests too; on DigitalOcean, the cron daemon and the queue workers of the droplets.
 * The resume step starts the AWS writers again once the tasks point at RDS/ElastiCache; the droplets' stay
 * stopped, since they would write to the DigitalOcean copy. Every name is spec data, quoted by `sh`.
 * write-guard.ts then enforces and proves the stop at each database.
 */
import type { CompileContext } from '../context';
import type { AppSpec, MigrationSpec } from '../../schema/spec';
import { desiredCountOf } from '../desired-count';
import { ecsServiceName, scheduleRuleName, taskFamilyName } from '../app-addresses';
import { cacheHoldsOf } from '../../schema/inventory/caches';
import { dataModeOf } from '../../schema/inventory/data-mode';
import { rawShell, sh, shComment, shVar, type ShellText } from '../shell';

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
 * Services that answer requests and write through to DigitalOcean until cutover.dataMoved
 * (digitalocean-until-100): an app's maintenance switch does not reach every Fargate task (each has its own
 * file system), so they are scaled to 0 like the workers. That also closes their connection pools, so the
 * session check at the database comes out empty, and the resume step already restores counts; an ALB
 * fixed-response rule would keep the tasks (and their pools) running and add a listener rule Terraform does
 * not know. Visitors get the ALB's 503 until the resume.
 */
function splitPhaseServing(spec: MigrationSpec, apps: AppSpec[]): AppSpec[] {
  if (dataModeOf(spec)?.mode !== 'digitalocean-until-100' || spec.cutover?.dataMoved) return [];
  return apps.filter((a) => a.expose !== undefined && !isScheduled(a));
}

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
  const servingOnAws = splitPhaseServing(spec, apps);
  const serving = apps.filter((a) => a.expose !== undefined).map((a) => a.name);
  const droplets = writerDroplets(spec, apps);
  out.push(
    shComment(
      'Stop writes, once for every database that moves (running these again is harmless)' +
        (serving.length > 0
          ? `: first what creates work. The apps that answer requests (${serving.join(', ')}) go into maintenance mode, their own switch${servingOnAws.length > 0 ? ', on the droplets' : ''}.`
          : ': first what creates work.'),
    ),
  );
  if (servingOnAws.length > 0) {
    out.push(
      shComment(
        `AWS: the services ${servingOnAws.map((a) => a.name).join(', ')} still write to DigitalOcean (until cutover.dataMoved): scale them to 0 (autoscaling suspended first), which also closes their database connections; visitors get the load balancer's 503 until the resume step. A maintenance switch inside the app would reach one Fargate task only:`,
      ),
    );
    out.push(...scaleToZero(region, cluster, servingOnAws));
  }
  if (scheduled.length > 0) {
    out.push(
      shComment(
        `AWS: disable the schedules of ${scheduled.map((a) => a.name).join(', ')} (EventBridge rules), then wait for the runs already started (disabling a rule stops none; the wait gives up after 10 minutes: run it again until it returns):`,
      ),
    );
    for (const a of scheduled) {
      out.push(sh`aws events disable-rule --region ${region} --name ${ruleName(ctx, a)}`);
      out.push(
        sh`TASKS=$(aws ecs list-tasks --region ${region} --cluster ${cluster} --family ${taskFamilyName(ctx.prefix, a.name)} --desired-status RUNNING --query 'taskArns[]' --output text)`,
      );
      out.push(
        sh`[ -z "$TASKS" ] || [ "$TASKS" = None ] || aws ecs wait tasks-stopped --region ${region} --cluster ${cluster} --tasks ${rawShell('$TASKS')}`,
      );
    }
  }
  out.push(...dropletLines(droplets, 'DigitalOcean: stop cron on the droplets:', STOP_CRON));
  out.push(...cacheContentLines(spec));
  if (workers.length > 0) {
    out.push(
      shComment(
        `AWS: scale the worker services ${workers.map((a) => a.name).join(', ')} to 0 (autoscaling suspended first, so no policy starts them again) and wait until their tasks stopped:`,
      ),
    );
    out.push(...scaleToZero(region, cluster, workers));
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

/** Each service to 0 tasks, its autoscaling suspended first, and the wait until their tasks stopped. */
function scaleToZero(region: string, cluster: string, apps: AppSpec[]): ShellText[] {
  const out: ShellText[] = [];
  for (const a of apps) {
    if (a.scaling)
      out.push(
        sh`aws application-autoscaling register-scalable-target --region ${region} --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id ${`service/${cluster}/${serviceName(a)}`} --suspended-state ${SUSPENDED(true)}`,
      );
    out.push(
      sh`aws ecs update-service --region ${region} --cluster ${cluster} --service ${serviceName(a)} --desired-count 0`,
    );
  }
  out.push(
    sh`aws ecs wait services-stable --region ${region} --cluster ${cluster} --services ${apps.map(serviceName)}`,
  );
  return out;
}

/**
 * What the caches that move hold, and what the move does to it: nothing in a DigitalOcean Redis/Valkey is
 * copied (ElastiCache starts empty), so queues are drained before their workers stop, sessions are lost
 * (every signed-in user signs in again), and a cache is rebuilt by the apps.
 */
function cacheContentLines(spec: MigrationSpec): ShellText[] {
  const moving = spec.caches.filter((c) => c.from !== undefined);
  const by = (holds: string) => moving.filter((c) => cacheHoldsOf(c).holds === holds).map((c) => c.name);
  const out: ShellText[] = [];
  // A cache read as sessions may hold a queue too (Laravel and Celery keep both in one Redis).
  const stateful = moving.filter((c) => cacheHoldsOf(c).holds !== 'cache').map((c) => c.name);
  const sessions = by('sessions');
  if (stateful.length > 0)
    out.push(
      shComment(
        `Let the queue workers empty the queues in ${stateful.join(', ')} before stopping them: nothing in them is copied (ElastiCache starts empty), so a job left there is lost.`,
      ),
    );
  if (sessions.length > 0)
    out.push(
      shComment(
        `The sessions the ${sessions.length === 1 ? 'cache' : 'caches'} ${sessions.join(', ')} ${sessions.length === 1 ? 'holds' : 'hold'} do not move either: every signed-in user is signed out at the switch.`,
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
  const services = [...splitPhaseServing(spec, apps), ...apps.filter(isWorker)];
  const out: ShellText[] = [];
  if (services.length === 0 && scheduled.length === 0) return out;
  out.push(
    shComment(
      'Resume the AWS writers (once every database has moved and the tasks use RDS/ElastiCache): the services scaled to 0 back to their count with autoscaling resumed, then the schedules:',
    ),
  );
  for (const a of services) {
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
