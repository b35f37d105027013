/**
 * `dropship plan` and `dropship check` on the bundled examples: the JSON plan validates against its own
 * schema, the diagram shows every app and every security-group edge, and `check` exits 1 exactly when a
 * finding is not waived.
 */
import { planDecisions, planManualSteps } from '../../compiler';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChecks } from '../../compiler/analyses/checks';
import { containerEnvironment, iamStatements } from '../../compiler/analyses/checks/iam';
import { runCheck } from '../../cli/commands/check';
import { runPlan } from '../../cli/commands/plan';
import { buildPlanReport } from '../../cli/plan/report';
import { PlanReportSchema, type PlanReport } from '../../cli/plan/report-schema';
import { mermaidDiagram, sgNodeIds } from '../../cli/plan/mermaid';
import { synthesizeFile, type Synthesized } from '../../cli/plan/synthesize';
import { captureOutput } from '../helpers/output';
import { examples, exampleFile } from '../helpers/synth';
import { validateJsonSchema } from './json-schema-validator';

const PLAN_SCHEMA = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'cli', 'plan', 'plan.schema.json'), 'utf8'),
);

function synth(file: string): Synthesized {
  const r = synthesizeFile(file);
  if (!r.ok) throw new Error(`${file}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.value;
}

const reports: [string, Synthesized, PlanReport][] = examples().map((e) => {
  const s = synth(e.file);
  return [e.name, s, buildPlanReport(s)];
});

it('explains each app’s task count by the rule the compiler applied (desiredCount, scaling.min or droplets)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dropship-count-'));
  try {
    const file = join(dir, 'migration.yaml');
    const text = readFileSync(exampleFile('php-shop'), 'utf8');
    // php-shop's web app autoscales from scaling.min; without scaling and with desiredCount: 3 it runs 3.
    const edited = text.replace(/\n    scaling: \{[^}]*\}\n/, '\n    desiredCount: 3\n');
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const scaling = (name: string) =>
      buildPlanReport(synth(name)).apps[0].mapping.find((m) => m.kind === 'scaling');
    expect(scaling(exampleFile('php-shop'))?.rule).toMatch(/^apps\[\]\.scaling\.min/);
    expect(scaling(file)).toMatchObject({
      aws: '3 tasks, no autoscaling',
      rule: 'apps[].desiredCount in migration.yaml',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe.each(reports)('plan of %s', (_name, s, report) => {
  it('the JSON plan validates against the zod schema and the committed JSON Schema', () => {
    const json = JSON.parse(JSON.stringify(report));
    expect(PlanReportSchema.safeParse(json).error?.issues ?? []).toEqual([]);
    expect(validateJsonSchema(PLAN_SCHEMA, json)).toEqual([]);
  });

  it('counts every synthesized resource per stack', () => {
    for (const stack of report.stacks) {
      const json = s.stacks.find((x) => x.name === stack.name)!.json;
      const expected = Object.values(json.resource ?? {}).reduce(
        (t, byName) => t + Object.keys(byName).length,
        0,
      );
      expect(stack.total).toBe(expected);
    }
  });

  it('the diagram shows every app, and every security-group edge as an arrow', () => {
    const diagram = mermaidDiagram(report);
    for (const app of s.spec.apps)
      expect(diagram).toContain(`svc_${app.name.replace(/[^A-Za-z0-9]/g, '_')}[`);
    expect(report.securityGroups.edges.length).toBeGreaterThan(0);
    const arrows = new Set(diagram.split('\n').map((l) => l.trim()));
    const sgNodeId = sgNodeIds(report);
    for (const e of report.securityGroups.edges) {
      expect(arrows).toContain(`${sgNodeId(e.from)} -.->|"SG ${e.port}"| ${sgNodeId(e.to)}`);
    }
    // internet → Route 53 (weighted) → ALB for public apps, each app's data stores and secrets.
    if (report.apps.some((a) => a.kind === 'public')) {
      expect(diagram).toContain('internet --> route53');
      expect(diagram).toMatch(/route53 -->\|"AWS \d+ %"\| alb/);
      expect(diagram).toMatch(/route53 -->\|"DigitalOcean \d+ %"\| digitalocean/);
    }
    for (const app of report.apps) {
      for (const db of app.databases)
        expect(arrows).toContain(`svc_${app.name.replace(/-/g, '_')} --> db_${db.replace(/-/g, '_')}`);
      for (const c of app.caches)
        expect(arrows).toContain(`svc_${app.name.replace(/-/g, '_')} --> cache_${c.replace(/-/g, '_')}`);
    }
  });

  it('the security-group edges are the security plan’s graph and each EFS volume’s NFS edge', () => {
    const { edges } = s.plan.security;
    expect(edges.length).toBeGreaterThan(0);
    const nfs = s.plan.apps.apps.flatMap((a) =>
      a.efs.map((fs) => `${fs.nfs.from}>${fs.securityGroup.key}:2049`),
    );
    expect(report.securityGroups.source).toBe('plan');
    expect(report.securityGroups.edges.map((e) => `${e.from}>${e.to}:${e.port}`).sort()).toEqual(
      [...edges.map((e) => `${e.from}>${e.to}:${e.port}`), ...nfs].sort(),
    );
  });

  it('shows the plan’s decisions, warnings, manual steps, runbook and phases, each once and in order', () => {
    const { plan } = s;
    expect(report.decisions.map((d) => d.subject)).toEqual(planDecisions(plan).map((d) => d.subject));
    expect(report.warnings.map((w) => w.message)).toEqual(s.warnings.map((w) => w.message));
    expect(report.manualSteps.map((m) => [m.order, m.title])).toEqual(
      planManualSteps(plan).map((m, i) => [i + 1, m.title]),
    );
    expect(report.runbook.map((r) => r.title)).toEqual(plan.data.runbook.map((r) => r.title));
    expect(report.cutover?.table.rows.map((r) => r[0])).toEqual(
      plan.cutover?.phaseTable.map((r) => `${r.phase} %`),
    );
    for (const app of plan.apps.apps) {
      const routing = report.apps
        .find((a) => a.name === app.name)!
        .mapping.filter((m) => m.kind === 'routing');
      expect(routing.map((m) => m.aws.split(':')[0])).toEqual(
        app.listenerRules.map((r) => `ALB rule ${r.priority}`),
      );
    }
  });

  it('does not depend on the clock: the only date is the price table’s', () => {
    jest.useFakeTimers({ now: new Date('2031-03-04T05:06:07Z') });
    try {
      expect(JSON.stringify(buildPlanReport(s))).toBe(JSON.stringify(report));
    } finally {
      jest.useRealTimers();
    }
    expect(JSON.stringify(report)).toContain(report.cost.pricesDate);
  });

  it('the schema validators reject a broken plan (so the checks above can fail)', () => {
    const broken = JSON.parse(JSON.stringify(report));
    delete broken.cost;
    broken.stacks[0].total = 'many';
    expect(PlanReportSchema.safeParse(broken).success).toBe(false);
    expect(validateJsonSchema(PLAN_SCHEMA, broken)).toEqual(
      expect.arrayContaining(['$.cost: required', expect.stringContaining('$.stacks[0].total')]),
    );
  });

  it('the IAM and environment checks read the documents the stacks write', () => {
    const statements = iamStatements(s.stacks);
    const taskDefs = s.stacks.flatMap((st) => Object.values(st.json.resource?.aws_ecs_task_definition ?? {}));
    if (s.spec.apps.length === 0) return;
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.every((st) => st.actions.length > 0)).toBe(true);
    expect(taskDefs.flatMap((t) => containerEnvironment(t.container_definitions)).length).toBeGreaterThan(0);
  });

  it('the checks are not vacuous: breaking the synthesized JSON makes them fail', () => {
    const broken = JSON.parse(JSON.stringify(s.stacks)) as typeof s.stacks;
    let touched = 0;
    for (const st of broken) {
      const r = st.json.resource ?? {};
      for (const db of [
        ...Object.values(r.aws_db_instance ?? {}),
        ...Object.values(r.aws_rds_cluster ?? {}),
      ]) {
        db.storage_encrypted = false;
        touched++;
      }
      for (const db of [
        ...Object.values(r.aws_db_instance ?? {}),
        ...Object.values(r.aws_rds_cluster_instance ?? {}),
      ]) {
        db.publicly_accessible = true;
      }
    }
    expect(touched).toBeGreaterThan(0);
    const ids = runChecks(broken, { production: true }).findings.map((f) => f.check);
    expect(ids).toEqual(expect.arrayContaining(['DS001', 'DS011']));
  });
});

describe('sgNodeIds', () => {
  const report = {
    apps: [{ name: 'web', databases: ['main-sg'], caches: ['sessions'] }],
  } as unknown as PlanReport;
  const nodeOf = sgNodeIds(report);

  it('draws the groups of the internet, the ALB, an app and what it uses as those nodes', () => {
    expect(['internet', 'alb', 'app-web', 'db-main-sg', 'cache-sessions'].map(nodeOf)).toEqual([
      'internet',
      'alb',
      'svc_web',
      'db_main_sg',
      'cache_sessions',
    ]);
  });

  it('draws any other group as a node of its own, whatever its key looks like', () => {
    expect(['apps', 'dms', 'db-unused', 'app-gone', 'efs-web-uploads'].map(nodeOf)).toEqual([
      'sg_apps',
      'sg_dms',
      'sg_db_unused',
      'sg_app_gone',
      'sg_efs_web_uploads',
    ]);
  });
});

describe('dropship plan / check commands', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dropship-plan-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('plan prints the same report in all three formats and exits 0', () => {
    const file = exampleFile('php-shop');
    const json = captureOutput(() => runPlan({ file, format: 'json' }));
    expect(json.code).toBe(0);
    expect(PlanReportSchema.parse(JSON.parse(json.stdout)).project).toBe('shop');
    const md = captureOutput(() => runPlan({ file, format: 'markdown' }));
    expect(md.stdout).toContain('```mermaid');
    expect(md.stdout).toContain('ESTIMATE');
    const text = captureOutput(() => runPlan({ file, format: 'text' }));
    expect(text.stdout).toContain('Manual steps, in order');
  });

  it('an invalid file exits 1 with its diagnostics and prints no plan', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: 1\nproject: Shop\n');
    const r = captureOutput(() => runPlan({ file: bad, format: 'text' }));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bad.yaml:');
  });

  it('a missing file is an I/O error: exit 2, like synth', () => {
    const missing = join(dir, 'nope.yaml');
    for (const run of [runPlan, runCheck]) {
      const r = captureOutput(() => run({ file: missing, format: 'text' }));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('nope.yaml: file not found');
    }
  });

  it('check exits 0 on the example, 1 on an unwaived finding, 0 again once it is waived', () => {
    const source = readFileSync(exampleFile('php-shop'), 'utf8');
    expect(captureOutput(() => runCheck({ file: exampleFile('php-shop'), format: 'text' })).code).toBe(0);

    const unprotected = source.replace(/(databases:\n  - name: main\n)/, '$1    deletionProtection: false\n');
    expect(unprotected).not.toBe(source);
    const file = join(dir, 'unprotected.yaml');
    writeFileSync(file, unprotected);
    const failing = captureOutput(() => runCheck({ file, format: 'text' }));
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('DS021');
    expect(failing.stderr).toMatch(/fix: .*deletion/i);
    const failingPlan = captureOutput(() => runPlan({ file, format: 'markdown' }));
    expect(failingPlan.stdout).toMatch(
      /- DS021 `[^`]+`: deletion_protection is not true in production — fix: /,
    );

    const reason = 'restored from snapshots nightly; protection would block the rebuild';
    const waived = `${unprotected}\nwaivers:\n  - check: DS021\n    reason: ${reason}\n`;
    const waivedFile = join(dir, 'waived.yaml');
    writeFileSync(waivedFile, waived);
    const ok = captureOutput(() => runCheck({ file: waivedFile, format: 'json' }));
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).waived).toEqual([expect.objectContaining({ check: 'DS021', reason })]);
    const plan = captureOutput(() => runPlan({ file: waivedFile, format: 'markdown' }));
    expect(plan.stdout).toContain(`- DS021 (all resources): ${reason}`);
  });
});
