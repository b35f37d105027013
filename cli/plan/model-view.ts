import type {
  Decision,
  ManualStep,
  Plan,
  RunbookEntry,
  ListenerRulePlan,
  ScalingPolicyPlan,
} from '../../compiler/model';
import { findByName } from '../../schema/inventory/by-name';
import { planDecisions, planManualSteps } from '../../compiler';
import { securityGraph } from '../../compiler/security-graph';

/** The plan's decisions, each with the report's fields in the report's order. */
export function allDecisions(plan: Plan): Decision[] {
  return planDecisions(plan).map((d) => ({
    subject: d.subject,
    choice: d.choice,
    rule: d.rule,
    ...(d.from ? { from: d.from } : {}),
  }));
}

/**
 * The plan's manual steps in doing order, numbered from 1 for the reader. `specFile`: the spec as the
 * reader named it (standard input has no name to edit: the commands then say migration.yaml).
 */
export function allManualSteps(plan: Plan, specFile?: string): ManualStep[] {
  const editable =
    specFile === undefined || specFile === '<stdin>' || specFile === '-' ? undefined : specFile;
  return planManualSteps(plan, editable).map((s, i) => ({
    order: i + 1,
    title: s.title,
    ...(s.note !== undefined ? { note: s.note } : {}),
    detail: s.detail,
    ...(s.commands && s.commands.length > 0 ? { commands: [...s.commands] } : {}),
  }));
}

export interface Table {
  columns: string[];
  rows: string[][];
}

/** The cutover phase table (CutoverPlan.phaseTable: one row per phase); null without a `cutover:` section. */
export function cutoverTable(plan: Plan): { current: number; phases: number[]; table: Table } | null {
  const { cutover } = plan;
  if (!cutover) return null;
  return {
    current: cutover.current,
    phases: [...cutover.phases],
    table: {
      // The changes stay last: the text and Markdown views list them under, or in, each row.
      columns: ['phase', 'DigitalOcean weight', 'AWS weight', 'now', 'writes go to', 'what changes'],
      rows: cutover.phaseTable.map((r) => [
        `${r.phase} %`,
        String(r.digitalocean),
        String(r.aws),
        r.current ? '◀ current' : '',
        r.writes ?? '—',
        r.changes.join('; '),
      ]),
    },
  };
}

export interface RunbookSection {
  title: string;
  steps: string[];
}

/** The data-migration runbook (DataPlan.runbook): per database, its commands, downtime and notes. */
export function runbook(plan: Plan): RunbookSection[] {
  return plan.data.runbook.map(section);
}

/** Steps are lines: a command starts with `$ `; a `# comment` line of the commands becomes text. */
function section(entry: RunbookEntry): RunbookSection {
  const steps = entry.commands.map((c) => {
    const comment = /^#\s?(.*)$/.exec(c.trim());
    return comment ? comment[1] : `$ ${c}`;
  });
  steps.push(`Downtime: ${entry.downtime}`, ...entry.notes.map((n) => `Note: ${n}`));
  return { title: entry.title, steps };
}

export interface SgEdge {
  from: string;
  to: string;
  port: string;
  reason: string;
}

/** The security-group graph (compiler/security-graph.ts), with ports as the report prints them. */
export function securityGraphFromPlan(plan: Plan): { nodes: string[]; edges: SgEdge[] } {
  const { nodes, edges } = securityGraph(plan);
  return {
    nodes,
    edges: edges.map((e) => ({
      from: e.from,
      to: e.to,
      port: `${e.udp ? 'UDP ' : ''}${e.port}${e.toPort === undefined ? '' : `-${e.toPort}`}`,
      reason: e.reason,
    })),
  };
}

export interface AppRuntime {
  desiredCount?: number;
  scaling?: { min: number; max: number; policies: Pick<ScalingPolicyPlan, 'metric' | 'target'>[] };
  schedule?: string;
  listenerRules: ListenerRulePlan[];
}

/** How an app runs (AppsPlan.apps[]): task count, autoscaling, schedule, ALB rules. */
export function appRuntime(plan: Plan, name: string): AppRuntime | undefined {
  const app = findByName(plan.apps.apps, name);
  if (!app) return undefined;
  const { scaling } = app;
  return {
    desiredCount: app.service?.desiredCount,
    scaling: scaling
      ? {
          min: scaling.min,
          max: scaling.max,
          policies: scaling.policies.map((p) => ({ metric: p.metric, target: p.target })),
        }
      : undefined,
    schedule: app.schedule?.expression,
    listenerRules: app.listenerRules.map((r) => ({
      priority: r.priority,
      hosts: [...r.hosts],
      paths: [...r.paths],
    })),
  };
}
