/**
 * The architecture diagram in the markdown plan (Mermaid flowchart): internet → Route 53 (weighted:
 * DigitalOcean | AWS) → ALB → each app's service → RDS / ElastiCache / Secrets Manager, plus every edge of
 * the security-group graph as a dotted arrow labelled with its port.
 */
import type { PlanReport } from './report-schema';
import {
  ALB_SG_KEY,
  APPS_SG_KEY,
  appKey,
  cacheKey,
  DMS_SG_KEY,
  dbKey,
  INTERNAL_SG_KEY,
  INTERNET,
  PUBLIC_SG_KEY,
} from '../../compiler/security';
import { ENDPOINTS_SG_KEY } from '../../compiler/network';
import { mermaidText } from './markdown-text';

/**
 * A quoted label: the template's literal parts are dropship's own label text (`<br/>` breaks a line), every
 * interpolated value is free text, escaped with Mermaid's entity codes.
 */
function label(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  const text = strings.map((s, i) => s + (i < values.length ? mermaidText(String(values[i])) : '')).join('');
  // An empty quoted label is a syntax error that would stop the whole diagram from drawing.
  return `"${text || ' '}"`;
}

/**
 * Node ids are dropship's: a kind and the name's letters and digits (`svc_web`), so no name reaches Mermaid's
 * syntax outside a quoted label. Two names that read the same (`web-1`, `web_1`) get distinct ids, the later
 * one numbered, in the order the report lists them.
 */
function nodeIds(): (kind: string, name: string) => string {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  return (kind, name) => {
    const key = JSON.stringify([kind, name]);
    const known = ids.get(key);
    if (known) return known;
    const base = `${kind}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    ids.set(key, id);
    taken.add(id);
    return id;
  };
}

/** The ids of the report's apps, databases, caches and secrets, assigned in the report's order. */
function diagramIds(report: PlanReport): (kind: string, name: string) => string {
  const id = nodeIds();
  for (const app of report.apps) {
    id('app', app.name);
    id('svc', app.name);
    for (const db of app.databases) id('db', db);
    for (const cache of app.caches) id('cache', cache);
    id('secrets', app.name);
  }
  return id;
}

/** Security groups shared by several tasks (or not tasks at all), and what carries them. */
const SHARED_GROUPS = new Map<string, string>([
  [APPS_SG_KEY, 'on every app task'],
  [PUBLIC_SG_KEY, 'on public app tasks'],
  [INTERNAL_SG_KEY, 'on internal app tasks'],
  [DMS_SG_KEY, 'DMS replication instance'],
  [ENDPOINTS_SG_KEY, 'VPC endpoints'],
]);

/**
 * The diagram node each security-group graph end stands for, where the diagram draws what the group guards:
 * the internet, the ALB, each app's service, each database and cache an app uses. The keys are made by
 * compiler/security.ts's own key functions, so nothing here reads a kind out of a key; any other group is
 * a node of its own, `sg_<key>`.
 */
export function sgNodeIds(report: PlanReport, id = diagramIds(report)): (key: string) => string {
  const drawn = new Map<string, string>([
    [INTERNET, 'internet'],
    [ALB_SG_KEY, 'alb'],
  ]);
  for (const app of report.apps) {
    drawn.set(appKey(app.name), id('svc', app.name));
    for (const db of app.databases) drawn.set(dbKey(db), id('db', db));
    for (const cache of app.caches) drawn.set(cacheKey(cache), id('cache', cache));
  }
  return (key) => drawn.get(key) ?? id('sg', key);
}

export function mermaidDiagram(report: PlanReport): string {
  const lines = ['flowchart LR'];
  const id = diagramIds(report);
  const declared = new Set<string>();
  const node = (nodeId: string, shape: string) => {
    if (declared.has(nodeId)) return;
    declared.add(nodeId);
    lines.push(`  ${nodeId}${shape}`);
  };
  const current = report.cutover?.current;
  const publicApps = report.apps.filter((a) => a.kind === 'public');
  node('internet', `((${label`Internet`}))`);
  if (publicApps.length > 0) {
    const weights =
      current === undefined
        ? label`Route 53 weighted<br/>no cutover`
        : label`Route 53 weighted<br/>DigitalOcean ${100 - current} % | AWS ${current} %`;
    node('route53', `{{${weights}}}`);
    const droplets = [...new Set(publicApps.flatMap((a) => a.droplets))].join(', ') || 'droplets';
    node('digitalocean', `[${label`DigitalOcean<br/>${droplets}`}]`);
    node('alb', `[${label`ALB<br/>HTTPS, TLS 1.3`}]`);
    lines.push('  internet --> route53');
    const toDigitalocean =
      current === undefined ? label`DigitalOcean` : label`DigitalOcean ${100 - current} %`;
    lines.push(`  route53 -->|${toDigitalocean}| digitalocean`);
    lines.push(`  route53 -->|${current === undefined ? label`AWS` : label`AWS ${current} %`}| alb`);
  }
  for (const app of report.apps) {
    const svc = id('svc', app.name);
    const size = app.mapping.find((m) => m.kind === 'compute')?.aws ?? '';
    const compute = /fargate/i.test(size) ? size : `Fargate ${size}`.trim();
    lines.push(`  subgraph ${id('app', app.name)} [${label`app ${app.name} (${app.kind})`}]`);
    lines.push(`    ${svc}[${label`${app.name}<br/>${compute}`}]`);
    declared.add(svc);
    lines.push('  end');
    if (app.kind === 'public') lines.push(`  alb -->|${label`${app.hostnames.join(', ')}`}| ${svc}`);
    for (const db of app.databases) {
      node(id('db', db), `[(${label`RDS ${db}`})]`);
      lines.push(`  ${svc} --> ${id('db', db)}`);
    }
    for (const cache of app.caches) {
      node(id('cache', cache), `[(${label`ElastiCache ${cache}`})]`);
      lines.push(`  ${svc} --> ${id('cache', cache)}`);
    }
    if (app.secrets.length > 0) {
      node(id('secrets', app.name), `[${label`Secrets Manager<br/>${app.secrets.join(', ')}`}]`);
      lines.push(`  ${svc} --> ${id('secrets', app.name)}`);
    }
  }
  if (report.securityGroups.edges.length > 0)
    lines.push('  %% security-group graph: who may connect to whom');
  const sgNodeId = sgNodeIds(report, id);
  for (const e of report.securityGroups.edges) {
    const from = sgNodeId(e.from);
    const to = sgNodeId(e.to);
    for (const [nodeId, key] of [
      [from, e.from],
      [to, e.to],
    ]) {
      const shared = SHARED_GROUPS.get(key);
      node(nodeId, `[${shared === undefined ? label`SG ${key}` : label`SG ${key}<br/>${shared}`}]`);
    }
    lines.push(`  ${from} -.->|${label`SG ${e.port}`}| ${to}`);
  }
  return lines.join('\n');
}
