/**
 * Blue/green releases (`deployment.strategy: blue-green`) run on CodeDeploy, which moves an ALB listener
 * between two target groups: only a public service has one. The settings come with the strategy and only
 * with it; each test listener has a port of its own on the shared ALB. Scaling to zero is already refused
 * for every public app (`public-app-no-task`), and dropship has no Service Connect, so neither needs a rule.
 */
import type { Report } from '../report';
import type { AppSpec, MigrationSpec } from '../spec';
import { DEPLOY_ALARM, DEPLOY_ALARM_MINUTES_TO_FIRE } from '../facts/deploy-alarm';

const PRODUCTION_PORTS = new Set([80, 443]);

export function checkBlueGreen(r: Report, spec: MigrationSpec): void {
  const testPorts = new Map<number, string>();
  spec.apps.forEach((app, a) => {
    const at = ['apps', a, 'deployment'];
    const { strategy, blueGreen } = app.deployment;
    if (strategy !== 'blue-green') {
      if (blueGreen)
        r.error(
          [...at, 'blueGreen'],
          'blue-green-settings-unused',
          `app \`${app.name}\` sets deployment.blueGreen but its strategy is rolling`,
          {
            expected: 'deployment.strategy: blue-green, or no deployment.blueGreen',
            hint: 'add `strategy: blue-green` to the same `deployment`, or remove `blueGreen`',
          },
        );
      return;
    }
    if (!isPublicService(app)) {
      r.error(
        [...at, 'strategy'],
        'blue-green-needs-public',
        `app \`${app.name}\` is not a public service: CodeDeploy's blue/green for ECS moves an ALB listener between two target groups, and only a public app has one`,
        {
          expected: 'an app with `expose.public` and no `schedule`',
          hint: 'use `strategy: rolling` (the default) for workers, internal and scheduled apps',
        },
      );
      return;
    }
    if (!blueGreen) {
      r.error(
        [...at, 'strategy'],
        'blue-green-settings-missing',
        `app \`${app.name}\` deploys blue-green but has no deployment.blueGreen: its test listener needs a port`,
        {
          expected: 'deployment.blueGreen: { testListener: { port, allowedCidrs } }',
          hint: 'add e.g. `blueGreen: { testListener: { port: 8443, allowedCidrs: [203.0.113.0/24] } }` (the CIDRs of whoever tests the new revision)',
        },
      );
      return;
    }
    const port = blueGreen.testListener.port;
    const portPath = [...at, 'blueGreen', 'testListener', 'port'];
    const earlier = testPorts.get(port);
    if (PRODUCTION_PORTS.has(port))
      r.error(
        portPath,
        'blue-green-test-port',
        `test listener port ${port} of app \`${app.name}\` is a production port of the ALB`,
        {
          expected: 'a port other than 80 and 443',
          hint: 'pick a free port such as 8443',
        },
      );
    else if (earlier !== undefined)
      r.error(
        portPath,
        'blue-green-test-port',
        `test listener port ${port} of app \`${app.name}\` is the test port of app \`${earlier}\` too: each blue/green app has a listener of its own on the shared ALB`,
        {
          expected: 'a test port no other app uses',
          hint: `pick another port for \`${app.name}\`, e.g. ${port + 1}`,
        },
      );
    else testPorts.set(port, app.name);
    // Callout, not only a decision: dropship reads no state, so it cannot tell a new app from a rolling one.
    r.warn(
      [...at, 'strategy'],
      'blue-green-replaces-service',
      `app \`${app.name}\` deploys blue-green: if it already runs on AWS with the rolling strategy, the next apply replaces its live ECS service — a new service \`${app.name}-bg\` under CodeDeploy is created and reaches steady state beside the rolling one, which Terraform then destroys (its tasks stop); the plan's decision on the deployment says the same`,
      {
        hint: 'apply it outside peak hours and watch the new service reach steady state; switching back to rolling replaces the service again',
      },
    );
    checkBakeTime(r, spec, app, [...at, 'blueGreen', 'bakeMinutes']);
    if (app.deployment.imageTagMode === 'pinned')
      r.warn(
        [...at, 'strategy'],
        'blue-green-pinned-deploy',
        `app \`${app.name}\` deploys blue-green with imageTagMode pinned: CodeDeploy owns the service's task definition, so an apply registers a new revision but does not deploy it`,
        {
          hint: 'after each apply that changes the task definition, run the plan\'s manual step "Deploy <app> with CodeDeploy" (or let CI create the deployment and set `imageTagMode: ci`)',
        },
      );
  });
}

/**
 * CodeDeploy rolls back on an alarm only while the deployment runs: once the bake ends the original tasks are
 * terminated and an alarm no longer rolls anything back. Its fastest 5XX alarm fires about
 * DEPLOY_ALARM_MINUTES_TO_FIRE after the errors start, so a shorter bake lets a bad release finish. Valid (no
 * bake is a choice), so a warning with the numbers; without alarms (aws.alarms.enabled: false) CodeDeploy
 * rolls back only on a failed deployment, which the decision says.
 */
function checkBakeTime(r: Report, spec: MigrationSpec, app: AppSpec, at: (string | number)[]): void {
  const bake = app.deployment.blueGreen!.bakeMinutes;
  if (!spec.aws.alarms.enabled || bake >= DEPLOY_ALARM_MINUTES_TO_FIRE) return;
  r.warn(
    at,
    'blue-green-bake-shorter-than-alarm',
    `app \`${app.name}\` bakes ${bake} min, but its rollback alarm (5XX in ${DEPLOY_ALARM.datapointsToAlarm} of ${DEPLOY_ALARM.evaluationPeriods} windows of ${DEPLOY_ALARM.period} s, published about a minute late) fires ${DEPLOY_ALARM_MINUTES_TO_FIRE} min after the errors start at the earliest: a bad release finishes, its original tasks terminated, before the alarm can roll it back`,
    {
      expected: `bakeMinutes ≥ ${DEPLOY_ALARM_MINUTES_TO_FIRE}`,
      hint: `set bakeMinutes: ${DEPLOY_ALARM_MINUTES_TO_FIRE} or more (default 5), or accept that only a failed deployment rolls back`,
    },
  );
}

const isPublicService = (app: AppSpec): boolean =>
  Boolean(app.expose && 'public' in app.expose && !app.schedule);
