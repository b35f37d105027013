/**
 * Reads the parts of the plan model the report shows. Each part is owned by another compiler module and
 * may still be growing, so these readers accept the documented shapes and degrade to "nothing to show"
 * instead of failing when a part is empty.
 */
import type { Decision, ManualStep, Plan } from '../../compiler/model';
import type { Diagnostic } from '../../schema/diagnostics';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

const PARTS = ['network', 'security', 'registry', 'dns', 'data', 'apps', 'cutover', 'digitalocean'] as const;

function isDecision(v: unknown): v is Decision {
  return (
    isRec(v) && typeof v.subject === 'string' && typeof v.choice === 'string' && typeof v.rule === 'string'
  );
}

/** plan.decisions, plus decisions a part keeps itself that the top level does not have yet. */
export function allDecisions(plan: Plan): Decision[] {
  const out: Decision[] = [];
  const seen = new Set<string>();
  const add = (d: Decision) => {
    const key = `${d.subject}\u0000${d.choice}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ subject: d.subject, choice: d.choice, rule: d.rule, ...(d.from ? { from: d.from } : {}) });
  };
  for (const d of plan.decisions ?? []) add(d);
  for (const part of PARTS) {
    const value = (plan as unknown as Rec)[part];
    if (isRec(value) && Array.isArray(value.decisions)) value.decisions.filter(isDecision).forEach(add);
  }
  return out;
}

function isManualStep(v: unknown): v is ManualStep {
  return isRec(v) && typeof v.title === 'string' && typeof v.detail === 'string';
}

/** plan.manualSteps in order; when the top level is still empty, the parts' own steps in stack order. */
export function allManualSteps(plan: Plan): ManualStep[] {
  const top = (plan.manualSteps ?? []).filter(isManualStep);
  const steps = top.length > 0 ? [...top].sort((a, b) => a.order - b.order) : partSteps(plan);
  return steps.map((s, i) => ({
    order: i + 1,
    title: s.title,
    detail: s.detail,
    ...(s.commands && s.commands.length > 0 ? { commands: [...s.commands] } : {}),
  }));
}

function partSteps(plan: Plan): ManualStep[] {
  const out: ManualStep[] = [];
  for (const part of PARTS) {
    const value = (plan as unknown as Rec)[part];
    if (isRec(value) && Array.isArray(value.manualSteps)) {
      out.push(...[...value.manualSteps.filter(isManualStep)].sort((a, b) => a.order - b.order));
    }
  }
  return out;
}

/** Warnings a part keeps as plain strings (shown when the compiler has not lifted them into plan.warnings). */
/**
 * Warnings a part keeps that the compiler has not lifted into plan.warnings: plain strings, or diagnostics.
 * Strings have no source position (they are about the plan, not a line of the file).
 */
export function partWarnings(plan: Plan): { part: string; message: string; diagnostic?: Diagnostic }[] {
  const out: { part: string; message: string; diagnostic?: Diagnostic }[] = [];
  for (const part of PARTS) {
    const value = (plan as unknown as Rec)[part];
    if (!isRec(value) || !Array.isArray(value.warnings)) continue;
    for (const w of value.warnings) {
      if (typeof w === 'string') out.push({ part, message: w });
      else if (isRec(w) && typeof w.message === 'string' && typeof w.line === 'number') {
        out.push({ part, message: w.message, diagnostic: w as unknown as Diagnostic });
      }
    }
  }
  return out;
}

export interface Table {
  columns: string[];
  rows: string[][];
}

/** The cutover phase table (CutoverPlan.phaseTable). */
export function cutoverTable(plan: Plan): { current: number; phases: number[]; table: Table } | null {
  const cutover = plan.cutover as unknown;
  if (!isRec(cutover)) return null;
  const phases = Array.isArray(cutover.phases)
    ? cutover.phases.filter((p): p is number => typeof p === 'number')
    : [];
  const current = typeof cutover.current === 'number' ? cutover.current : 0;
  const rows = Array.isArray(cutover.phaseTable) ? cutover.phaseTable.filter(isRec) : [];
  const table: Table = {
    columns: ['phase', 'DigitalOcean weight', 'AWS weight', 'now', 'what changes'],
    rows: rows.map((r) => [
      `${str(r.phase) ?? '?'} %`,
      str(r.digitalocean) ?? '',
      str(r.aws) ?? '',
      r.current === true ? '◀ current' : '',
      Array.isArray(r.changes) ? r.changes.map((c) => String(c)).join('; ') : (str(r.changes) ?? ''),
    ]),
  };
  if (table.rows.length === 0) {
    table.rows = phases.map((p) => [`${p} %`, '', '', p === current ? '◀ current' : '', '']);
  }
  return { current, phases, table };
}

export interface RunbookSection {
  title: string;
  table?: Table;
  steps: string[];
}

/** The data-migration runbook from the data part: per database/cache/volume, its steps and commands. */
export function runbook(plan: Plan): RunbookSection[] {
  const data = plan.data as unknown;
  if (!isRec(data)) return [];
  const out: RunbookSection[] = [];
  for (const key of Object.keys(data).sort()) {
    if (!/runbook|migration/i.test(key)) continue;
    const value = data[key];
    const items = Array.isArray(value)
      ? value
      : isRec(value) && Array.isArray(value.sections)
        ? value.sections
        : isRec(value)
          ? [value]
          : [];
    for (const item of items.filter(isRec)) out.push(section(item));
  }
  return out.filter((s) => s.steps.length > 0 || s.table);
}

/** Steps are lines: a command starts with `$ `, anything else is text (a `# comment` becomes text). */
function section(item: Rec): RunbookSection {
  const title =
    str(item.title) ??
    [str(item.kind), str(item.name) ?? str(item.database) ?? str(item.target), str(item.method)]
      .filter(Boolean)
      .join(' ');
  const steps: string[] = [];
  const command = (c: unknown) => {
    if (typeof c !== 'string') return;
    const comment = /^#\s?(.*)$/.exec(c.trim());
    steps.push(comment ? comment[1] : `$ ${c}`);
  };
  const rawSteps = Array.isArray(item.steps) ? item.steps : [];
  for (const s of rawSteps) {
    if (typeof s === 'string') steps.push(s);
    else if (isRec(s)) {
      const head = str(s.title) ?? str(s.name) ?? str(s.description) ?? '';
      steps.push([head, str(s.detail)].filter(Boolean).join(': '));
      (Array.isArray(s.commands) ? s.commands : [s.command]).forEach(command);
    }
  }
  if (Array.isArray(item.commands)) item.commands.forEach(command);
  if (str(item.downtime)) steps.push(`Downtime: ${str(item.downtime)}`);
  if (Array.isArray(item.notes))
    for (const n of item.notes) if (typeof n === 'string') steps.push(`Note: ${n}`);
  return { title: title || 'data migration', steps };
}

export interface SgEdge {
  from: string;
  to: string;
  port: string;
  reason: string;
}

/** The security-group graph as the security part explains it (nodes and edges with reasons). */
export function securityGraphFromPlan(plan: Plan): { nodes: string[]; edges: SgEdge[] } | undefined {
  const security = plan.security as unknown;
  if (!isRec(security)) return undefined;
  const graph = isRec(security.graph) ? security.graph : security;
  const rawEdges = Array.isArray(graph.edges)
    ? graph.edges
    : Array.isArray(graph.rules)
      ? graph.rules
      : undefined;
  if (!rawEdges) return undefined;
  const edges: SgEdge[] = [];
  for (const e of rawEdges.filter(isRec)) {
    const from = str(e.from) ?? str(e.source) ?? str(e.fromGroup);
    const to = str(e.to) ?? str(e.target) ?? str(e.toGroup);
    if (!from || !to) continue;
    const port =
      str(e.port) ??
      (e.fromPort !== undefined
        ? e.fromPort === e.toPort
          ? str(e.fromPort)
          : `${str(e.fromPort)}-${str(e.toPort)}`
        : undefined) ??
      (Array.isArray(e.ports) ? e.ports.map(String).join(',') : undefined) ??
      '';
    edges.push({
      from: nodeName(from),
      to: nodeName(to),
      port,
      reason: str(e.reason) ?? str(e.description) ?? '',
    });
  }
  const nodes = Array.isArray(graph.nodes)
    ? graph.nodes
        .map((n) => (isRec(n) ? (str(n.key) ?? str(n.id) ?? str(n.name)) : str(n)))
        .filter((n): n is string => !!n)
    : [];
  return { nodes: [...new Set([...nodes.map(nodeName), ...edges.flatMap((e) => [e.from, e.to])])], edges };
}

/** `network.sg.app-web.id` or `app-web` → `app-web`; `0.0.0.0/0` stays. */
function nodeName(raw: string): string {
  const m = /^network\.sg\.(.+)\.id$/.exec(raw);
  return m ? m[1] : raw;
}

export interface AppRuntime {
  desiredCount?: number;
  scaling?: { min: number; max: number; policies: { metric: string; target: number }[] };
  schedule?: string;
  listenerRules: { priority: number; hosts: string[]; paths: string[] }[];
}

/** How an app runs, from the apps part (AppsPlan.apps[]): task count, autoscaling, schedule, ALB rules. */
export function appRuntime(plan: Plan, name: string): AppRuntime | undefined {
  const apps =
    isRec(plan.apps) && Array.isArray((plan.apps as Rec).apps) ? ((plan.apps as Rec).apps as unknown[]) : [];
  const app = apps.filter(isRec).find((a) => a.name === name);
  if (!app) return undefined;
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const service = isRec(app.service) ? app.service : undefined;
  const scaling = isRec(app.scaling) ? app.scaling : undefined;
  const schedule = isRec(app.schedule) ? str(app.schedule.expression) : undefined;
  return {
    desiredCount: num(service?.desiredCount),
    scaling:
      scaling && num(scaling.min) !== undefined && num(scaling.max) !== undefined
        ? {
            min: num(scaling.min) as number,
            max: num(scaling.max) as number,
            policies: (Array.isArray(scaling.policies) ? scaling.policies : [])
              .filter(isRec)
              .map((p) => ({ metric: str(p.metric) ?? '?', target: num(p.target) ?? 0 })),
          }
        : undefined,
    schedule,
    listenerRules: (Array.isArray(app.listenerRules) ? app.listenerRules : []).filter(isRec).map((r) => ({
      priority: num(r.priority) ?? 0,
      hosts: Array.isArray(r.hosts) ? r.hosts.map(String) : [],
      paths: Array.isArray(r.paths) ? r.paths.map(String) : [],
    })),
  };
}
