/**
 * The architecture diagram in the markdown plan (Mermaid flowchart): internet → Route 53 (weighted:
 * DigitalOcean | AWS) → ALB → each app's service → RDS / ElastiCache / Secrets Manager, plus every edge of
 * the security-group graph as a dotted arrow labelled with its port.
 */
import type { PlanReport } from './report-schema';
import { INTERNET } from '../../compiler/security';

const label = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;
const id = (kind: string, name: string) => `${kind}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;

/** Security groups shared by several tasks (or not tasks at all), and what carries them. */
const SHARED_GROUPS: Record<string, string> = {
  apps: 'on every app task',
  public: 'on public app tasks',
  internal: 'on internal app tasks',
  dms: 'DMS replication instance',
  vpce: 'VPC endpoints',
};

/** The diagram node a security-group key stands for (`app-web` → the web service, `alb` → the ALB, ...). */
export function sgNodeId(report: PlanReport, key: string): string {
  const k = key.replace(/-sg$/, '');
  if (k === INTERNET) return 'internet';
  if (k === 'alb') return 'alb';
  const m = /^(app|db|cache)-(.+)$/.exec(k);
  if (m) {
    const [, kind, name] = m;
    if (kind === 'app' && report.apps.some((a) => a.name === name)) return id('svc', name);
    if (kind === 'db') return id('db', name);
    if (kind === 'cache') return id('cache', name);
  }
  return id('sg', k);
}

export function mermaidDiagram(report: PlanReport): string {
  const lines = ['flowchart LR'];
  const declared = new Set<string>();
  const node = (nodeId: string, shape: string) => {
    if (declared.has(nodeId)) return;
    declared.add(nodeId);
    lines.push(`  ${nodeId}${shape}`);
  };
  const current = report.cutover?.current;
  const publicApps = report.apps.filter((a) => a.kind === 'public');
  node('internet', `((${label('Internet')}))`);
  if (publicApps.length > 0) {
    const weights =
      current === undefined ? 'no cutover' : `DigitalOcean ${100 - current} % | AWS ${current} %`;
    node('route53', `{{${label(`Route 53 weighted<br/>${weights}`)}}}`);
    node(
      'digitalocean',
      `[${label(`DigitalOcean<br/>${[...new Set(publicApps.flatMap((a) => a.droplets))].join(', ') || 'droplets'}`)}]`,
    );
    node('alb', `[${label('ALB<br/>HTTPS, TLS 1.3')}]`);
    lines.push('  internet --> route53');
    lines.push(
      `  route53 -->|${label(`DigitalOcean${current === undefined ? '' : ` ${100 - current} %`}`)}| digitalocean`,
    );
    lines.push(`  route53 -->|${label(`AWS${current === undefined ? '' : ` ${current} %`}`)}| alb`);
  }
  for (const app of report.apps) {
    const svc = id('svc', app.name);
    const size = app.mapping.find((m) => m.kind === 'compute')?.aws ?? '';
    const compute = /fargate/i.test(size) ? size : `Fargate ${size}`.trim();
    lines.push(`  subgraph ${id('app', app.name)} [${label(`app ${app.name} (${app.kind})`)}]`);
    lines.push(`    ${svc}[${label(`${app.name}<br/>${compute}`)}]`);
    declared.add(svc);
    lines.push('  end');
    if (app.kind === 'public') lines.push(`  alb -->|${label(app.hostnames.join(', '))}| ${svc}`);
    for (const db of app.databases) {
      node(id('db', db), `[(${label(`RDS ${db}`)})]`);
      lines.push(`  ${svc} --> ${id('db', db)}`);
    }
    for (const cache of app.caches) {
      node(id('cache', cache), `[(${label(`ElastiCache ${cache}`)})]`);
      lines.push(`  ${svc} --> ${id('cache', cache)}`);
    }
    if (app.secrets.length > 0) {
      node(id('secrets', app.name), `[${label(`Secrets Manager<br/>${app.secrets.join(', ')}`)}]`);
      lines.push(`  ${svc} --> ${id('secrets', app.name)}`);
    }
  }
  if (report.securityGroups.edges.length > 0)
    lines.push('  %% security-group graph: who may connect to whom');
  for (const e of report.securityGroups.edges) {
    const from = sgNodeId(report, e.from);
    const to = sgNodeId(report, e.to);
    for (const [nodeId, key] of [
      [from, e.from],
      [to, e.to],
    ]) {
      node(nodeId, `[${label(`SG ${key}${SHARED_GROUPS[key] ? `<br/>${SHARED_GROUPS[key]}` : ''}`)}]`);
    }
    lines.push(`  ${from} -.->|${label(`SG ${e.port}`)}| ${to}`);
  }
  return lines.join('\n');
}
