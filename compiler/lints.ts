/**
 * Lints: valid specs that will probably not do what their author expects on AWS. Each is a warning with the
 * spec position (file:line:col via the loader's source map when given, else 1:1), shown by `validate` and
 * `synth`; none stops a synth.
 */
import { locateFinding, type Diagnostic } from '../schema/diagnostics';
import { Report } from '../schema/report';
import type { CompileContext } from './context';
import type { SourceMap } from '../schema/source';
import type { AppSpec, MigrationSpec } from '../schema/spec';
import { publicExposure } from '../schema/inventory/listener-rules';
import { findDoDatabase, rdsLayoutOf } from '../schema/inventory/databases';
import { desiredCountOf } from './desired-count';
import { sizeApp } from './sizing';
import { smtpWithoutEgress } from '../schema/inventory/smtp';
import { usesVpcEndpoints } from '../schema/inventory/network';
import { parseImageReferenceText } from '../schema/image-reference';
import { ecrRegistryOf } from '../schema/inventory/images';
import { burstableDatabase } from './lints/burstable-database';
import { publicAclUploads } from './lints/public-acl';
import { accessLogsOptedOut } from './lints/access-logs';

export const LINT_CODES = {
  siblingByName: 'lint/sibling-by-name',
  noHealthCheckPath: 'lint/no-health-check-path',
  singleTask: 'lint/single-task',
  latestTag: 'lint/latest-tag',
  singleAzDatabase: 'lint/single-az-database',
  sizing: 'lint/sizing',
  ignoredScaling: 'lint/ignored-scaling',
  wildcardGrant: 'lint/wildcard-grant',
  healthyWithoutCheck: 'lint/healthy-without-health-check',
  ignoredAlarmNotify: 'lint/ignored-alarm-notify',
  smtpEgress: 'lint/smtp-egress',
  burstableDatabase: 'lint/burstable-database',
  publicAclUpload: 'lint/public-acl-upload',
  albAccessLogsOff: 'lint/alb-access-logs-off',
} as const;

type Path = (string | number)[];

/** The lints, for a spec compiled in code: located at `source` when given. */
export function lintSpec(
  spec: MigrationSpec,
  options: { production: boolean },
  source?: SourceMap,
): Diagnostic[] {
  const report = new Report();
  lintInto(spec, options, report);
  return report.findings.map((f) => locateFinding(f, source, 'warning'));
}

/** The lints part: its warnings go to the compile's report. */
export function lint(ctx: CompileContext): undefined {
  lintInto(ctx.spec, ctx, ctx.report);
  return undefined;
}

function lintInto(spec: MigrationSpec, options: { production: boolean }, report: Report): void {
  const warn: Warn = (code, path, message, hint) => report.warn(path, code, message, hint ? { hint } : {});
  spec.apps.forEach((app, i) => lintApp(spec, app, i, (...rest) => ['apps', i, ...rest], options, warn));
  if (!spec.aws.alarms.enabled && spec.aws.alarms.notify)
    warn(
      LINT_CODES.ignoredAlarmNotify,
      ['aws', 'alarms', 'notify'],
      'aws.alarms.enabled is false, so aws.alarms.notify is ignored: no alarm, no topic and no email subscription is created, and nobody is notified',
      'remove notify, or set aws.alarms.enabled: true',
    );
  if (options.production && accessLogsOptedOut(spec))
    warn(
      LINT_CODES.albAccessLogsOff,
      ['aws', 'loadBalancer', 'accessLogs', 'enabled'],
      "a production ALB without access logs: after the cutover there is no record of the requests it answered (client, path, status, latency), which the post-migration review and any incident's investigation read",
      'remove enabled: false (dropship creates the log bucket), or name an existing log bucket in aws.loadBalancer.accessLogs.bucket',
    );
  if (options.production) lintSingleAzDatabases(spec, warn);
  if (options.production)
    spec.databases.forEach((db, i) => {
      const found = burstableDatabase(spec, db);
      if (found)
        warn(LINT_CODES.burstableDatabase, ['databases', i, ...found.path], found.message, found.hint);
    });
}

type At = (...rest: Path) => Path;

/** One app's lints, in the order they are reported. */
function lintApp(
  spec: MigrationSpec,
  app: AppSpec,
  index: number,
  at: At,
  options: { production: boolean },
  warn: Warn,
): void {
  lintSiblingAddresses(app, at, warn);
  lintHealthyWithoutCheck(app, at, warn);
  lintImageTags(app, at, warn);
  const exposure = publicExposure(app);
  if (exposure && !exposure.healthCheckPath)
    warn(
      LINT_CODES.noHealthCheckPath,
      at('expose', 'public'),
      `public app ${app.name} has no healthCheckPath: the target group checks "/", which may redirect, need a session or be slow`,
      'add expose.public.healthCheckPath, e.g. /healthz, served cheaply by the app',
    );
  if (options.production && !app.schedule) lintSingleTask(app, at, warn);
  lintIgnoredScaling(app, at, warn, Boolean(exposure));
  if (!app.size) {
    for (const w of sizeApp(app, spec.digitalocean.droplets).warnings)
      warn(LINT_CODES.sizing, at(...w.path), w.message, w.hint);
  }
  // With nat: none the mail has no route at all: an error of the rules (smtp-no-route), not this warning.
  if (!usesVpcEndpoints(spec))
    for (const f of smtpWithoutEgress(spec, app, index))
      warn(LINT_CODES.smtpEgress, at(...f.path), f.message, f.hint);
  for (const f of publicAclUploads(spec, app)) warn(LINT_CODES.publicAclUpload, f.path, f.message, f.hint);
  (app.taskRole?.statements ?? []).forEach((s, j) => {
    const broadAction = s.actions.some((a) => a === '*' || a.endsWith(':*'));
    if (broadAction && s.resources.includes('*'))
      warn(
        LINT_CODES.wildcardGrant,
        at('taskRole', 'statements', j),
        `the task role of ${app.name} grants ${s.actions.join(', ')} on every resource`,
        'name the actions and the resource ARNs the app needs',
      );
  });
}

/** A container that waits for a sibling to be HEALTHY when the sibling has no health check. */
function lintHealthyWithoutCheck(app: AppSpec, at: At, warn: Warn): void {
  app.containers.forEach((c, j) =>
    c.dependsOn.forEach((dep, k) => {
      const target = app.containers.find((t) => t.name === dep.container);
      if (dep.condition === 'HEALTHY' && target && !target.healthCheck)
        warn(
          LINT_CODES.healthyWithoutCheck,
          at('containers', j, 'dependsOn', k, 'condition'),
          `${c.name} waits for ${dep.container} to be HEALTHY, but ${dep.container} has no healthCheck: ECS rejects the task definition`,
          `add a healthCheck to ${dep.container}, or use condition START`,
        );
    }),
  );
}

/** A production service that can run a single task. */
function lintSingleTask(app: AppSpec, at: At, warn: Warn): void {
  const { count } = desiredCountOf(app);
  if (count > 1 && !(app.scaling && app.scaling.min <= 1)) return;
  const path = app.scaling
    ? at('scaling', 'min')
    : app.desiredCount !== undefined
      ? at('desiredCount')
      : at();
  warn(
    LINT_CODES.singleTask,
    path,
    `production service ${app.name} can run a single task: a deployment, a zone outage or a crash takes it down`,
    app.scaling ? 'set scaling.min to 2 or more' : 'set desiredCount to 2 or more',
  );
}

/** Scaling settings a scheduled app, or an app behind no load balancer, ignores. */
function lintIgnoredScaling(app: AppSpec, at: At, warn: Warn, exposed: boolean): void {
  if (app.schedule && (app.scaling || app.desiredCount !== undefined))
    warn(
      LINT_CODES.ignoredScaling,
      app.scaling ? at('scaling') : at('desiredCount'),
      `${app.name} runs on a schedule (one task per run), so ${app.scaling ? 'scaling' : 'desiredCount'} is ignored`,
    );
  else if (app.scaling?.requestsPerTarget !== undefined && !exposed)
    warn(
      LINT_CODES.ignoredScaling,
      at('scaling', 'requestsPerTarget'),
      `${app.name} is not behind the load balancer, so requestsPerTarget is ignored`,
    );
}

/** A production database in a single availability zone. */
function lintSingleAzDatabases(spec: MigrationSpec, warn: Warn): void {
  spec.databases.forEach((db, i) => {
    // The layout the data part plans (a standby from the source's standby nodes; Aurora readers fail over too).
    const layout = rdsLayoutOf(db, findDoDatabase(spec, db.from));
    if (!layout.multiAz && layout.replicaCount === 0)
      warn(
        LINT_CODES.singleAzDatabase,
        db.multiAz === false ? ['databases', i, 'multiAz'] : ['databases', i],
        `production database ${db.name} runs in a single availability zone: a zone outage or maintenance stops it`,
        'set multiAz: true (a standby in a second zone, automatic failover)',
      );
  });
}

type Warn = (code: string, path: Path, message: string, hint?: string) => void;

/**
 * In awsvpc mode the containers of a task share one network namespace: a sibling is reached at 127.0.0.1,
 * and its container name does not resolve. Flags `php-fpm:9000`, `http://php-fpm:9000/`, `tcp://api:80`.
 */
function lintSiblingAddresses(app: AppSpec, at: (...rest: Path) => Path, warn: Warn): void {
  const siblings = app.containers.map((c) => c.name);
  app.containers.forEach((c, j) => {
    const check = (text: string, path: Path) => {
      for (const sibling of siblings) {
        if (sibling === c.name) continue;
        const escaped = sibling.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
        const pattern = new RegExp(`(?:^|[\\s/@=,;(])${escaped}(?::(\\d+))?(?=$|[\\s/;,)])`);
        const match = pattern.exec(text);
        if (!match) continue;
        const port = match[1] ?? app.containers.find((s) => s.name === sibling)?.port;
        const suggestion = port ? `127.0.0.1:${port}` : '127.0.0.1';
        warn(
          LINT_CODES.siblingByName,
          path,
          `${c.name} reaches ${sibling} by its container name ("${text}"), which does not resolve on Fargate: containers of one task share localhost`,
          `use ${suggestion}`,
        );
      }
    };
    c.configHints.forEach((hint, k) => check(hint, at('containers', j, 'configHints', k)));
    for (const [name, value] of Object.entries(c.environment))
      check(value, at('containers', j, 'environment', name));
  });
}

function lintImageTags(app: AppSpec, at: (...rest: Path) => Path, warn: Warn): void {
  app.containers.forEach((c, j) => {
    if ('uri' in c.image) {
      if (c.image.uri.includes('@')) return; // a digest names one image
      const parsed = parseImageReferenceText(c.image.uri);
      if (!parsed.ok) return; // refused by the rules (image-reference)
      const { domain, path, tag } = parsed.parts;
      if (tag !== undefined && tag !== 'latest') return;
      const registry =
        domain === undefined || domain === 'docker.io' || domain === 'index.docker.io'
          ? 'Docker Hub'
          : domain;
      const ecr = ecrRegistryOf(c.image.uri) !== undefined;
      const name = domain === undefined ? path : `${domain}/${path}`;
      warn(
        LINT_CODES.latestTag,
        at('containers', j, 'image', 'uri'),
        `${app.name}/${c.name} uses ${c.image.uri}, ${tag === undefined ? 'with no tag, so "latest"' : 'the tag "latest"'}: a tag on ${registry} ` +
          (ecr
            ? 'names whatever was pushed last unless that repository has immutable tags (it is not one of the spec’s ecr.repositories, whose tags are)'
            : 'is mutable upstream: its publisher moves it to each new release') +
          ', so tasks started on different days can run different images, and a deployment would not say which one runs',
        `pin a digest (${name}@sha256:<digest>, from docker buildx imagetools inspect), or copy a pinned version into an ECR repository of the spec: image: { repository, tag, copyFrom: ${name}:<version> }`,
      );
      return;
    }
    const tag = c.image.tag;
    if (tag === undefined || tag === 'latest')
      warn(
        LINT_CODES.latestTag,
        at('containers', j, 'image', tag === undefined ? 'repository' : 'tag'),
        `${app.name}/${c.name} uses ${tag === undefined ? 'no tag (so "latest")' : 'the tag "latest"'}: ECR repositories have immutable tags, so "latest" cannot be pushed twice, and a deployment would not say which build runs`,
        'pin a version tag such as 1.4.2 or a git SHA (or use deployment.imageTagMode: ci)',
      );
  });
}
