/**
 * Scheduled tasks in the cost estimate: runs per month from the EventBridge expression, times the task's
 * vCPU and GB per run, as a range from Fargate's one-minute minimum to the assumed longest run. Before, every
 * scheduled task was "not priced" and the total left it out.
 */
import fc from 'fast-check';
import { estimateCost } from '../../compiler/analyses/cost';
import { runsPerMonth } from '../../compiler/analyses/schedule-runs';
import type { StackJson } from '../../compiler/analyses/checks';
import {
  AWS_PRICES,
  FARGATE_MINIMUM_BILLED_MINUTES,
  HOURS_PER_MONTH,
  SCHEDULED_RUN_ASSUMED_MAX_MINUTES,
} from '../../compiler/prices';
import { baseSpecInput, specFrom } from '../helpers/synth';

const DAYS = HOURS_PER_MONTH / 24;

describe('runs per month of a schedule expression', () => {
  it.each([
    ['rate(1 minute)', HOURS_PER_MONTH * 60],
    ['rate(15 minutes)', HOURS_PER_MONTH * 4],
    ['rate(1 hour)', HOURS_PER_MONTH],
    ['rate(2 days)', DAYS / 2],
    ['cron(0 3 * * ? *)', DAYS],
    ['cron(0/15 * * * ? *)', DAYS * 24 * 4],
    ['cron(0 8-17 ? * MON-FRI *)', (10 * (5 * DAYS)) / 7],
    ['cron(30 2 1 * ? *)', 1],
    ['cron(0 0 1 JAN,JUL ? *)', 2 / 12],
  ])('%s runs %d times', (expression, runs) => {
    expect(runsPerMonth(expression)).toBeCloseTo(runs, 6);
  });

  it.each(['cron(0 12 L * ? *)', 'cron(0 9 ? * 2#1 *)', 'cron(0 3 * *)', 'at(2026-12-08T00:00:00)'])(
    '%s cannot be counted',
    (expression) => expect(runsPerMonth(expression)).toBeUndefined(),
  );

  it('a rate of every n minutes runs as often as the cron of the same step', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30), (n) => {
        expect(runsPerMonth(`cron(0/${n} * * * ? *)`)).toBeCloseTo(runsPerMonth(`rate(${n} minutes)`)!, 6);
      }),
      { numRuns: 11, seed: 1207 },
    );
  });
});

function scheduled(expression: string, cpu: number, memory: number): StackJson[] {
  return [
    {
      name: 'apps',
      json: {
        resource: {
          aws_cloudwatch_event_rule: { job: { name: 'demo-job', schedule_expression: expression } },
          aws_cloudwatch_event_target: {
            target: {
              rule: '${aws_cloudwatch_event_rule.job.name}',
              ecs_target: { task_definition_arn: '${aws_ecs_task_definition.job.arn}' },
            },
          },
          aws_ecs_task_definition: { job: { cpu: String(cpu), memory: String(memory) } },
        },
      },
    },
  ];
}

describe('scheduled tasks in the estimate', () => {
  const spec = specFrom(baseSpecInput());

  it('prices runs × size × run time, from the one-minute minimum to the assumed longest run', () => {
    const e = estimateCost(spec, scheduled('cron(0 3 * * ? *)', 1024, 2048));
    const l = e.aws.find((x) => x.item.includes('demo-job'))!;
    const perMinute = (AWS_PRICES.fargateVcpuX86.usd + 2 * AWS_PRICES.fargateGbX86.usd) / 60;
    expect(l.monthlyUsd).toBeCloseTo(DAYS * FARGATE_MINIMUM_BILLED_MINUTES * perMinute, 2);
    expect(l.maxMonthlyUsd).toBeCloseTo(DAYS * SCHEDULED_RUN_ASSUMED_MAX_MINUTES * perMinute, 2);
    expect(e.unpriced.join(' ')).not.toMatch(/scheduled/);
    expect(e.totals.awsMaxUsd).toBeGreaterThan(e.totals.awsUsd);
  });

  it('never assumes a run longer than the time between runs', () => {
    const e = estimateCost(spec, scheduled('rate(5 minutes)', 256, 512));
    const l = e.aws.find((x) => x.item.includes('demo-job'))!;
    const perMinute = (0.25 * AWS_PRICES.fargateVcpuX86.usd + 0.5 * AWS_PRICES.fargateGbX86.usd) / 60;
    expect(l.maxMonthlyUsd).toBeCloseTo(HOURS_PER_MONTH * 60 * perMinute, 2);
  });

  it('says so when the runs cannot be counted, and prices nothing for it', () => {
    const e = estimateCost(spec, scheduled('cron(0 12 L * ? *)', 256, 512));
    expect(e.aws.some((x) => x.item.includes('demo-job'))).toBe(false);
    expect(e.unpriced.join(' ')).toMatch(/demo-job: runs per month of cron\(0 12 L \* \? \*\) not countable/);
  });
});
