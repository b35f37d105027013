/**
 * `apps[].deployment.strategy` and `apps[].deployment.blueGreen`: how a service rolls out a new revision.
 * rolling (ECS replaces tasks in place, with a circuit breaker) or blue-green (CodeDeploy starts a
 * replacement task set behind a second target group and moves the listener to it; docs/apps.md,
 * "Blue/green releases"). Its own module so the deployment fields of other features stay apart.
 */
import { z } from 'zod';

export const DEPLOYMENT_STRATEGIES = ['rolling', 'blue-green'] as const;

export const DeploymentStrategy = z
  .enum(DEPLOYMENT_STRATEGIES)
  .default('rolling')
  .describe(
    'rolling: ECS replaces tasks in place (circuit breaker with rollback). blue-green: CodeDeploy starts the new revision beside the old one behind a second target group, then moves the traffic (public apps only). Default: rolling.',
  );

/** CodeDeploy waits at most 2 days (2880 minutes) before it terminates the original task set. */
export const MAX_BAKE_MINUTES = 2880;

export const BlueGreen = z
  .strictObject({
    testListener: z
      .strictObject({
        port: z
          .number()
          .int()
          .min(1)
          .max(65535)
          .describe(
            'HTTPS port of the test listener on the shared ALB, which reaches the replacement tasks before production traffic does (not 80 or 443).',
          ),
        allowedCidrs: z
          .array(z.cidrv4())
          .default([])
          .describe(
            'IPv4 ranges the ALB admits on the test port (your office, your CI runners). Default: none (nobody reaches it from outside).',
          ),
      })
      .describe('The test listener CodeDeploy routes test traffic through.'),
    bakeMinutes: z
      .number()
      .int()
      .min(0)
      .max(MAX_BAKE_MINUTES)
      .default(5)
      .describe(
        'Minutes the original task set keeps running after the traffic moved, so a rollback is instant (termination_wait_time_in_minutes). Default: 5.',
      ),
  })
  .describe('Settings of strategy blue-green; required with it, refused without it.');
