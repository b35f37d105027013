/** A spec with nothing but a network still gets a complete, valid plan (every section says "none"). */
import { compile } from '../../compiler';
import { buildPlanReport } from '../../cli/plan/report';
import { PlanReportSchema } from '../../cli/plan/report-schema';
import { renderMarkdown } from '../../cli/plan/markdown';
import { renderText } from '../../cli/plan/text';
import { synthesizePlan } from '../../cli/plan/synthesize';
import { baseSpecInput, specFrom } from '../helpers/synth';

describe('plan of a network-only spec', () => {
  const spec = specFrom(baseSpecInput());
  const plan = compile(spec);
  const report = buildPlanReport({
    file: 'inline.yaml',
    spec,
    plan,
    stacks: synthesizePlan(plan),
    warnings: [],
  });

  it('is valid and has no apps, cutover or DigitalOcean cost', () => {
    expect(PlanReportSchema.safeParse(JSON.parse(JSON.stringify(report))).success).toBe(true);
    expect(report.apps).toEqual([]);
    expect(report.cutover).toBeNull();
    expect(report.cost.totals.digitaloceanUsd).toBe(0);
    expect(report.production).toBe(false);
  });

  it('renders text and markdown without an ALB in the diagram', () => {
    expect(renderText(report)).toContain('no cutover');
    const md = renderMarkdown(report);
    expect(md).toContain('```mermaid');
    expect(md).not.toContain('route53');
  });
});
