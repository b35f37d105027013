/**
 * Builds the plan report: everything `dropship plan` shows, as plain data, from the validated spec, the plan
 * model and the synthesized Terraform JSON. The text, markdown and JSON renderers only format it.
 */
import { relative, isAbsolute } from 'node:path';
import { runChecks } from '../../compiler/checks';
import { estimateCost } from '../../compiler/cost';
import type { Decision } from '../../compiler/model';
import type { Diagnostic } from '../../schema/diagnostics';
import type { MigrationSpec } from '../../schema/spec';
import {
  allDecisions,
  appRuntime,
  type AppRuntime,
  allManualSteps,
  cutoverTable,
  partWarnings,
  runbook,
  securityGraphFromPlan,
} from './model-view';
import type { PlanReport } from './report-schema';
import { securityGraphFromTerraform } from './security-graph';
import type { Synthesized } from './synthesize';

type AppReport = PlanReport['apps'][number];
type MappingRow = AppReport['mapping'][number];

export function buildPlanReport(s: Synthesized): PlanReport {
  const { spec, plan, stacks } = s;
  const decisions = allDecisions(plan);
  const fromPlan = securityGraphFromPlan(plan);
  const fromTf = securityGraphFromTerraform(stacks, plan.meta.prefix);
  const graph =
    fromPlan && fromPlan.edges.length > 0
      ? { source: 'plan' as const, ...fromPlan }
      : fromTf.edges.length > 0
        ? { source: 'terraform' as const, ...fromTf }
        : { source: 'none' as const, nodes: [], edges: [] };
  const security = runChecks(stacks, { production: plan.meta.production, waivers: spec.waivers });
  const file = displayPath(s.file);
  return {
    schemaVersion: 1,
    file,
    project: plan.meta.project,
    environment: plan.meta.environment,
    production: plan.meta.production,
    region: plan.meta.region,
    layout: plan.meta.layout,
    stacks: plan.stacks.map((sp) => {
      const json = stacks.find((x) => x.name === sp.name)?.json ?? {};
      const resources = Object.keys(json.resource ?? {})
        .sort()
        .map((type) => ({ type, count: Object.keys(json.resource?.[type] ?? {}).length }))
        .filter((r) => r.count > 0);
      return {
        name: sp.name,
        role: sp.role,
        ...(sp.app ? { app: sp.app } : {}),
        dependsOn: [...sp.dependsOn],
        resources,
        total: resources.reduce((t, r) => t + r.count, 0),
      };
    }),
    apps: spec.apps.map((app) => appReport(spec, app, decisions, appRuntime(plan, app.name))),
    decisions,
    securityGroups: { source: graph.source, nodes: [...graph.nodes].sort(), edges: graph.edges },
    cutover: cutoverTable(plan),
    runbook: runbook(plan),
    warnings: [
      ...s.warnings.map((w) => warningOf(w, displayPath(w.file))),
      ...partWarnings(plan)
        .filter(
          (w) =>
            !s.warnings.some((known) => known.message === w.message || known.message.includes(w.message)),
        )
        .map(({ part, message, diagnostic }) =>
          diagnostic
            ? warningOf(diagnostic, displayPath(diagnostic.file))
            : // No source position: line and column 0.
              {
                severity: 'warning' as const,
                code: `compiler/${part}`,
                file,
                line: 0,
                column: 0,
                path: '',
                message,
              },
        ),
    ],
    manualSteps: allManualSteps(plan),
    cost: estimateCost(spec, stacks),
    security: {
      checks: security.checks,
      findings: security.findings,
      waived: security.waived,
      unusedWaivers: security.unusedWaivers,
      waivers: security.waivers,
    },
  };
}

/** The plan's warning: the diagnostic's reviewable fields only, so the JSON plan's contract stays fixed. */
function warningOf(d: Diagnostic, file: string): PlanReport['warnings'][number] {
  return {
    severity: d.severity,
    code: d.code,
    file,
    line: d.line,
    column: d.column,
    path: d.path,
    message: d.message,
    ...(d.expected ? { expected: d.expected } : {}),
    ...(d.hint ? { hint: d.hint } : {}),
  };
}

/** Paths inside the working directory print relative, so output does not depend on where it runs. */
function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** The first decision about `prefix` whose subject mentions one of the words. */
function decisionFor(decisions: Decision[], prefix: string, words: string[]): Decision | undefined {
  const candidates = decisions.filter((d) => d.subject === prefix || d.subject.startsWith(`${prefix}.`));
  return (
    candidates.find((d) => words.some((w) => d.subject.toLowerCase().includes(w.toLowerCase()))) ?? undefined
  );
}

function appReport(
  spec: MigrationSpec,
  app: MigrationSpec['apps'][number],
  decisions: Decision[],
  runtime: AppRuntime | undefined,
): AppReport {
  const mapping: MappingRow[] = [];
  const droplets = spec.digitalocean.droplets.filter((d) => app.droplets.includes(d.name));
  const sizes = [...new Set(droplets.map((d) => d.size))];
  const compute = decisionFor(decisions, `apps.${app.name}`, ['size', 'cpu', 'task']);
  mapping.push({
    kind: 'compute',
    digitalocean:
      droplets.length > 0
        ? `${droplets.length} droplet${droplets.length === 1 ? '' : 's'} ${sizes.join(', ')} (${droplets.map((d) => d.name).join(', ')})`
        : (compute?.from ?? '—'),
    aws:
      compute?.choice ??
      (app.size ? `Fargate ${app.size.cpu} CPU / ${app.size.memory} MiB` : 'Fargate (size not decided)'),
    rule: compute?.rule ?? (app.size ? 'apps[].size given in migration.yaml' : '—'),
  });
  mapping.push(...runtimeRows(spec, app, droplets.length, runtime));
  for (const name of app.uses.databases) {
    const target = spec.databases.find((d) => d.name === name);
    const source = spec.digitalocean.databases.find((d) => d.name === target?.from);
    const cls = decisionFor(decisions, `databases.${name}`, ['instanceclass', 'class', 'size']);
    const engine = decisionFor(decisions, `databases.${name}`, ['engine', 'version']);
    mapping.push({
      kind: 'database',
      digitalocean: source
        ? `${source.name}: ${source.engine} ${source.version}, ${source.size} × ${source.nodes} node${source.nodes === 1 ? '' : 's'}`
        : (cls?.from ?? '—'),
      aws: [`RDS ${name}`, engine?.choice ?? target?.engine, cls?.choice ?? target?.instanceClass]
        .filter(Boolean)
        .join(', '),
      rule:
        [cls?.rule, engine?.rule].filter(Boolean).join('; ') ||
        (target?.instanceClass ? 'instanceClass given in migration.yaml' : '—'),
    });
  }
  for (const name of app.uses.caches) {
    const target = spec.caches.find((c) => c.name === name);
    const source = spec.digitalocean.databases.find((d) => d.name === target?.from);
    const node = decisionFor(decisions, `caches.${name}`, ['nodetype', 'node', 'size']);
    mapping.push({
      kind: 'cache',
      digitalocean: source
        ? `${source.name}: ${source.engine} ${source.version}, ${source.size} × ${source.nodes} node${source.nodes === 1 ? '' : 's'}`
        : (node?.from ?? '—'),
      aws: [`ElastiCache ${name}`, node?.choice ?? target?.nodeType].filter(Boolean).join(', '),
      rule: node?.rule ?? (target?.nodeType ? 'nodeType given in migration.yaml' : '—'),
    });
  }
  for (const v of app.volumes) {
    const source = spec.digitalocean.volumes.find((d) => d.name === v.from);
    const decided =
      decisionFor(decisions, `apps.${app.name}.volumes.${v.name}`, ['']) ??
      decisionFor(decisions, `volumes.${v.name}`, ['']);
    mapping.push({
      kind: 'volume',
      digitalocean: source
        ? `volume ${source.name} (${source.sizeGb} GB${source.mountPath ? ` at ${source.mountPath}` : ''})`
        : '—',
      aws: decided?.choice ?? `EFS ${v.name} mounted at ${v.mountPath} in ${v.container}`,
      rule:
        decided?.rule ??
        'a droplet volume becomes an encrypted EFS file system (shared by every task, any zone)',
    });
  }
  const exposure = app.expose;
  const kind: AppReport['kind'] = app.schedule
    ? 'scheduled'
    : exposure && 'public' in exposure
      ? 'public'
      : exposure && 'internal' in exposure
        ? 'internal'
        : 'worker';
  const secrets = [
    ...new Set(app.containers.flatMap((c) => Object.values(c.secrets).map((ref) => ref.split(':')[0]))),
  ].sort();
  return {
    name: app.name,
    kind,
    hostnames: exposure && 'public' in exposure ? [...exposure.public.hostnames] : [],
    droplets: [...app.droplets],
    databases: [...app.uses.databases],
    caches: [...app.uses.caches],
    secrets,
    mapping,
  };
}

const METRICS: Record<string, string> = {
  ECSServiceAverageCPUUtilization: 'CPU',
  ECSServiceAverageMemoryUtilization: 'memory',
  ALBRequestCountPerTarget: 'requests per target',
};

/** Task count, autoscaling or schedule, and the ALB rules that route to the app. */
function runtimeRows(
  spec: MigrationSpec,
  app: MigrationSpec['apps'][number],
  dropletCount: number,
  runtime: AppRuntime | undefined,
): MappingRow[] {
  if (!runtime) return [];
  const rows: MappingRow[] = [];
  const lb = spec.digitalocean.loadBalancers.find((l) => l.name === app.loadBalancer);
  if (runtime.schedule) {
    rows.push({
      kind: 'scaling',
      digitalocean: dropletCount > 0 ? `${dropletCount} droplet(s) running cron` : '—',
      aws: `scheduled task ${runtime.schedule}`,
      rule: 'apps[].schedule: one task per run, nothing between runs',
    });
  } else {
    const policies =
      runtime.scaling?.policies.map(
        (p) =>
          `${METRICS[p.metric] ?? p.metric} ${p.target}${p.metric === 'ALBRequestCountPerTarget' ? '' : ' %'}`,
      ) ?? [];
    const aws = [
      runtime.desiredCount !== undefined
        ? `${runtime.desiredCount} task${runtime.desiredCount === 1 ? '' : 's'}`
        : undefined,
      runtime.scaling
        ? `autoscaling ${runtime.scaling.min}–${runtime.scaling.max}${policies.length ? ` on ${policies.join(', ')}` : ''}`
        : 'no autoscaling',
    ]
      .filter(Boolean)
      .join(', ');
    rows.push({
      kind: 'scaling',
      digitalocean: dropletCount > 0 ? `${dropletCount} droplet${dropletCount === 1 ? '' : 's'}` : '—',
      aws,
      rule: app.scaling ? 'apps[].scaling in migration.yaml' : 'default: as many tasks as droplets',
    });
  }
  for (const r of runtime.listenerRules) {
    rows.push({
      kind: 'routing',
      digitalocean: lb ? `load balancer ${lb.name}` : dropletCount > 0 ? 'droplet IPs in DNS' : '—',
      aws: `ALB rule ${r.priority}: ${r.hosts.join(', ')} ${r.paths.join(', ')}`.trim(),
      rule: 'HTTPS listener rule per app (hosts and paths from expose.public); HTTP redirects to HTTPS',
    });
  }
  return rows;
}
