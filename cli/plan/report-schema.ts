/**
 * The JSON plan (`dropship plan --format json`): its zod schema is the contract; `plan.schema.json` beside
 * this file is generated from it (`npx ts-node scripts/update-golden.ts` rewrites both) and the tests
 * validate every example's JSON plan against it.
 */
import { z } from 'zod';
import { LAYOUTS } from '../../compiler/layout';

const Table = z.strictObject({ columns: z.array(z.string()), rows: z.array(z.array(z.string())) });

const Decision = z.strictObject({
  subject: z.string(),
  choice: z.string(),
  rule: z.string(),
  from: z.string().optional(),
});

const ManualStep = z.strictObject({
  order: z.number().int(),
  title: z.string(),
  /** The user's own words (a secret's description): text, never markup. */
  note: z.string().optional(),
  detail: z.string(),
  commands: z.array(z.string()).optional(),
});

const Warning = z.strictObject({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  path: z.string(),
  message: z.string(),
  expected: z.string().optional(),
  hint: z.string().optional(),
});

const Finding = z.strictObject({
  check: z.string().regex(/^DS\d{3}$/),
  stack: z.string(),
  resource: z.string(),
  message: z.string(),
});

const Waiver = z.strictObject({
  check: z.string().regex(/^DS\d{3}$/),
  resource: z.string().optional(),
  reason: z.string(),
});

/** A variable kept in plain environment although it looks like a secret, by a waiver in migration.yaml. */
const SecretWaiver = z.strictObject({
  variable: z.string(),
  app: z.string(),
  container: z.string(),
  path: z.string(),
  looksLike: z.array(z.string()),
  reason: z.string(),
});

const CostLine = z.strictObject({
  item: z.string(),
  detail: z.string(),
  monthlyUsd: z.number(),
  // The top of the range where the cost depends on load (monthlyUsd its bottom).
  maxMonthlyUsd: z.number().optional(),
  verified: z.boolean(),
});

export const PlanReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  file: z.string(),
  project: z.string(),
  environment: z.string(),
  production: z.boolean(),
  region: z.string(),
  layout: z.enum(LAYOUTS),
  stacks: z.array(
    z.strictObject({
      name: z.string(),
      role: z.string(),
      app: z.string().optional(),
      dependsOn: z.array(z.string()),
      resources: z.array(z.strictObject({ type: z.string(), count: z.number().int().positive() })),
      total: z.number().int().nonnegative(),
    }),
  ),
  apps: z.array(
    z.strictObject({
      name: z.string(),
      kind: z.enum(['public', 'internal', 'worker', 'scheduled']),
      hostnames: z.array(z.string()),
      droplets: z.array(z.string()),
      databases: z.array(z.string()),
      caches: z.array(z.string()),
      secrets: z.array(z.string()),
      mapping: z.array(
        z.strictObject({
          kind: z.enum(['compute', 'scaling', 'routing', 'database', 'cache', 'volume']),
          digitalocean: z.string(),
          aws: z.string(),
          rule: z.string(),
        }),
      ),
    }),
  ),
  decisions: z.array(Decision),
  securityGroups: z.strictObject({
    source: z.enum(['plan', 'none']),
    nodes: z.array(z.string()),
    edges: z.array(
      z.strictObject({ from: z.string(), to: z.string(), port: z.string(), reason: z.string() }),
    ),
  }),
  reachability: z.strictObject({
    needs: z.array(
      z.strictObject({
        subject: z.string(),
        what: z.string(),
        specPath: z.string(),
        path: z.array(z.string()).optional(),
        missing: z.string().optional(),
      }),
    ),
    unexplained: z.array(
      z.strictObject({ rule: z.string(), securityGroup: z.string(), description: z.string() }),
    ),
  }),
  cutover: z.union([
    z.null(),
    z.strictObject({ current: z.number(), phases: z.array(z.number()), table: Table }),
  ]),
  runbook: z.array(z.strictObject({ title: z.string(), steps: z.array(z.string()) })),
  warnings: z.array(Warning),
  manualSteps: z.array(ManualStep),
  cost: z.strictObject({
    label: z.string(),
    pricesDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    priceRegion: z.literal('us-east-1'),
    hoursPerMonth: z.number(),
    digitalocean: z.array(CostLine),
    aws: z.array(CostLine),
    // differenceUsd is null while the estimate is incomplete (a monthly item without a price).
    totals: z.strictObject({
      digitaloceanUsd: z.number(),
      awsUsd: z.number(),
      differenceUsd: z.number().nullable(),
      awsMaxUsd: z.number().optional(),
      differenceMaxUsd: z.number().nullable().optional(),
    }),
    incomplete: z.array(z.string()),
    unpriced: z.array(z.string()),
    notes: z.array(z.string()),
  }),
  security: z.strictObject({
    checks: z.array(
      z.strictObject({
        id: z.string(),
        title: z.string(),
        category: z.string(),
        checkov: z.array(z.string()),
        trivy: z.array(z.string()),
        remediation: z.string(),
        findings: z.number().int().nonnegative(),
        waived: z.number().int().nonnegative(),
      }),
    ),
    findings: z.array(Finding),
    waived: z.array(Finding.extend({ reason: z.string() })),
    unusedWaivers: z.array(Waiver),
    waivers: z.array(Waiver),
    /** Present when migration.yaml waives a variable as no secret (unused ones are in `warnings`). */
    secretWaivers: z.array(SecretWaiver).optional(),
  }),
});

export type PlanReport = z.infer<typeof PlanReportSchema>;

export function planJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(PlanReportSchema) as Record<string, unknown>),
    $id: 'https://github.com/dropship/dropship/cli/plan/plan.schema.json',
    title: 'dropship plan --format json',
  };
}
