/**
 * Per app, what it was on DigitalOcean and what it becomes on AWS, with the rule that chose each: compute,
 * scaling, routing, database, cache and volumes. Rules come from the compiler's decisions; where a part of the
 * model has not decided something, the row says so instead of guessing.
 */
import type { Decision } from '../../compiler/model';
import type { MigrationSpec } from '../../schema/spec';
import type { AppRuntime } from './model-view';
import type { PlanReport } from './report-schema';

type AppReport = PlanReport['apps'][number];
type MappingRow = AppReport['mapping'][number];

/**
 * Decisions by subject: the report asks several questions per app, and a scan of every decision per
 * question grew with apps × decisions (seconds at 1,000 apps). The compiler records each of these subjects
 * (apps.<app>.size, databases.<db>.instanceClass, ...), so the report reads them and decides nothing.
 */
const decisionIndexes = new WeakMap<Decision[], Map<string, Decision>>();
function decisionAt(decisions: Decision[], subject: string): Decision | undefined {
  let index = decisionIndexes.get(decisions);
  if (!index) {
    index = new Map();
    for (const d of decisions) if (!index.has(d.subject)) index.set(d.subject, d);
    decisionIndexes.set(decisions, index);
  }
  return index.get(subject);
}

export function appReport(
  spec: MigrationSpec,
  app: MigrationSpec['apps'][number],
  decisions: Decision[],
  runtime: AppRuntime | undefined,
): AppReport {
  const mapping: MappingRow[] = [];
  const droplets = spec.digitalocean.droplets.filter((d) => app.droplets.includes(d.name));
  const sizes = [...new Set(droplets.map((d) => d.size))];
  const compute = decisionAt(decisions, `apps.${app.name}.size`);
  mapping.push({
    kind: 'compute',
    digitalocean:
      droplets.length > 0
        ? `${droplets.length} droplet${droplets.length === 1 ? '' : 's'} ${sizes.join(', ')} (${droplets.map((d) => d.name).join(', ')})`
        : (compute?.from ?? '—'),
    aws: compute?.choice ?? '—',
    rule: compute?.rule ?? '—',
  });
  mapping.push(...runtimeRows(spec, app, droplets.length, runtime, decisions));
  for (const name of app.uses.databases) {
    const target = spec.databases.find((d) => d.name === name);
    const source = spec.digitalocean.databases.find((d) => d.name === target?.from);
    const cls = decisionAt(decisions, `databases.${name}.instanceClass`);
    const engine = decisionAt(decisions, `databases.${name}.engineVersion`);
    mapping.push({
      kind: 'database',
      digitalocean: source
        ? `${source.name}: ${source.engine} ${source.version}, ${source.size} × ${source.nodes} node${source.nodes === 1 ? '' : 's'}`
        : (cls?.from ?? '—'),
      aws: [`RDS ${name}`, engine?.choice, cls?.choice].filter(Boolean).join(', '),
      rule: [cls?.rule, engine?.rule].filter(Boolean).join('; ') || '—',
    });
  }
  for (const name of app.uses.caches) {
    const target = spec.caches.find((c) => c.name === name);
    const source = spec.digitalocean.databases.find((d) => d.name === target?.from);
    const node = decisionAt(decisions, `caches.${name}.nodeType`);
    mapping.push({
      kind: 'cache',
      digitalocean: source
        ? `${source.name}: ${source.engine} ${source.version}, ${source.size} × ${source.nodes} node${source.nodes === 1 ? '' : 's'}`
        : (node?.from ?? '—'),
      aws: [`ElastiCache ${name}`, node?.choice].filter(Boolean).join(', '),
      rule: node?.rule ?? '—',
    });
  }
  for (const v of app.volumes) {
    const source = spec.digitalocean.volumes.find((d) => d.name === v.from);
    const decided = decisionAt(decisions, `apps.${app.name}.volumes.${v.name}`);
    mapping.push({
      kind: 'volume',
      digitalocean: source
        ? `volume ${source.name} (${source.sizeGb} GB${source.mountPath ? ` at ${source.mountPath}` : ''})`
        : '—',
      aws: decided?.choice ?? '—',
      rule: decided?.rule ?? '—',
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
  decisions: Decision[],
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
      rule: decisionAt(decisions, `apps.${app.name}.desiredCount`)?.rule ?? '—',
    });
  }
  for (const r of runtime.listenerRules) {
    rows.push({
      kind: 'routing',
      digitalocean: lb ? `load balancer ${lb.name}` : dropletCount > 0 ? 'droplet IPs in DNS' : '—',
      aws: `ALB rule ${r.priority}: ${r.hosts.join(', ')} ${r.paths.join(', ')}`.trim(),
      rule: decisionAt(decisions, `apps.${app.name}.listenerRules`)?.rule ?? '—',
    });
  }
  return rows;
}
