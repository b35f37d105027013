/**
 * Builds the plan report: everything `dropship plan` shows, as plain data, from the validated spec, the plan
 * model and the synthesized Terraform JSON. The text, markdown and JSON renderers only format it.
 */
import { relative, isAbsolute } from 'node:path';
import { runChecks } from '../../compiler/analyses/checks';
import { checkInputs } from '../../compiler/analyses/checks/from-spec';
import { estimateCost } from '../../compiler/analyses/cost';
import { formatPath, type Diagnostic } from '../../schema/diagnostics';
import { redactPath } from '../../schema/secrets/mask';
import { literalSecrets } from '../../schema/secrets/spec-scan';
import { redactDiagnostics } from '../report';
import { appReport } from './app-mapping';
import {
  allDecisions,
  appRuntime,
  allManualSteps,
  cutoverTable,
  runbook,
  securityGraphFromPlan,
} from './model-view';
import type { PlanReport } from './report-schema';
import type { Synthesized } from './synthesize';

export function buildPlanReport(s: Synthesized): PlanReport {
  const { spec, plan, stacks } = s;
  const decisions = allDecisions(plan);
  // The graph has edges whenever the stacks render any group rule (an app, DMS or an EFS volume exists).
  const fromPlan = securityGraphFromPlan(plan);
  const graph =
    fromPlan.edges.length > 0
      ? { source: 'plan' as const, ...fromPlan }
      : { source: 'none' as const, nodes: [], edges: [] };
  const inputs = checkInputs(spec, plan);
  const security = runChecks(stacks, inputs);
  const file = displayPath(s.file);
  const secretWaivers = literalSecrets(spec).waived.map((w) => ({
    variable: w.variable,
    app: w.app,
    container: w.container,
    path: redactPath(formatPath(w.path)),
    looksLike: w.looksLike,
    reason: w.reason,
  }));
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
    reachability: {
      needs: inputs.reachability.needs.map(({ subject, what, specPath, path, missing }) => ({
        subject,
        what,
        specPath,
        ...(path ? { path } : {}),
        ...(missing !== undefined ? { missing } : {}),
      })),
      unexplained: inputs.reachability.unexplained.map(({ rule }) => ({
        rule: rule.key,
        securityGroup: rule.securityGroup,
        description: rule.description,
      })),
    },
    cutover: cutoverTable(plan),
    runbook: runbook(plan),
    // Masked like every printed diagnostic: no warning repeats a secret of the spec.
    warnings: redactDiagnostics(s.warnings).diagnostics.map((w) => warningOf(w, displayPath(w.file))),
    manualSteps: allManualSteps(plan, file),
    cost: estimateCost(spec, stacks),
    security: {
      checks: security.checks,
      findings: security.findings,
      waived: security.waived,
      unusedWaivers: security.unusedWaivers,
      waivers: security.waivers,
      ...(secretWaivers.length > 0 ? { secretWaivers } : {}),
    },
  };
}

/**
 * The plan's warning: the diagnostic's reviewable fields only, so the JSON plan's contract stays fixed.
 * `d` comes masked from redactDiagnostics; its path is masked again here, where it leaves for every format.
 */
function warningOf(d: Diagnostic, file: string): PlanReport['warnings'][number] {
  return {
    severity: d.severity,
    code: d.code,
    file,
    line: d.line,
    column: d.column,
    path: redactPath(d.path),
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
