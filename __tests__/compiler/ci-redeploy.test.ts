/**
 * The data runbook's switch to RDS/ElastiCache for services whose task definition Terraform does not deploy
 * (compiler/data/ci-redeploy.ts): an app with imageTagMode ci, or a blue/green one, ignores task_definition,
 * so after the apps apply the runbook deploys the family's newest revision with the running images, before
 * the network apply closes the egress to DigitalOcean. Pinned rolling services take it from the apply.
 */
import { compile } from '../../compiler';
import { compileExample, loadExample, specFrom } from '../helpers/synth';
import { ciRedeployLines } from '../../compiler/data/ci-redeploy';
import type { CompileContext } from '../../compiler/context';

const commandsOf = (plan: ReturnType<typeof compile>) => plan.data.runbook[0].commands.map(String);
const indexOf = (lines: string[], pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
const NETWORK_APPLY =
  /^# Only once every deployment above succeeded and these services run: apply the network stack/;

describe('data runbook: CI-owned services switch to AWS before the network apply', () => {
  it('a pinned rolling service gets no step: the apps apply redeploys it, and the runbook says so by name', () => {
    const lines = commandsOf(compileExample('laravel-app'));
    expect(lines.some((l) => /gh workflow run|force-new-deployment|create-deployment/.test(l))).toBe(false);
    expect(indexOf(lines, NETWORK_APPLY)).toBe(-1);
    expect(lines.some((l) => /the services web, queue redeploy with the AWS endpoints/.test(l))).toBe(true);
  });

  it('with ci.github: re-runs the blue/green app’s deploy workflow, then waits for it, before the network apply', () => {
    const lines = commandsOf(compileExample('blue-green'));
    const run = lines.indexOf(
      'gh workflow run dropship-deploy-web.yml --ref main -f "image_tag=${IMAGE_TAG:?set IMAGE_TAG to the image tag above}"',
    );
    // On the branch the deploy role trusts (a tag's OIDC subject is refs/tags/…), with the running images.
    expect(lines.some((l) => /gh workflow run .*--ref "\$\{REF/.test(l))).toBe(false);
    const watch = lines.indexOf('gh run watch "$RUN_ID" --exit-status');
    const network = indexOf(lines, NETWORK_APPLY);
    expect(run).toBeGreaterThan(indexOf(lines, /^# 3\. Check row counts/));
    expect(watch).toBeGreaterThan(run);
    expect(network).toBeGreaterThan(watch);
    // The running revision of a CODE_DEPLOY service is its primary task set's.
    expect(lines.some((l) => l.includes("taskSets[?status=='\\''PRIMARY'\\'']"))).toBe(true);
    expect(
      lines.some((l) => /CI or CodeDeploy deploys web, not the apply: it keeps DigitalOcean/.test(l)),
    ).toBe(true);
    expect(lines.some((l) => /services? .*redeploy with the AWS endpoints/.test(l))).toBe(false);
  });

  it('without ci.github: registers the newest revision with the running images and deploys it (rolling and blue/green)', () => {
    const spec = loadExample('laravel-app');
    const web = spec.apps.find((a) => a.name === 'web')!;
    const ci = specFrom({
      ...spec,
      apps: spec.apps.map((a) =>
        a.name === 'web' ? { ...a, deployment: { ...a.deployment, imageTagMode: 'ci' } } : a,
      ),
    });
    const lines = commandsOf(compile(ci));
    const register = indexOf(lines, /^TASK_DEFINITION=\$\(aws ecs register-task-definition /);
    const update = lines.indexOf(
      `aws ecs update-service --region eu-central-1 --cluster ledgerly-production --service ${web.name} --task-definition "$TASK_DEFINITION" --force-new-deployment`,
    );
    // The wait after the redeploy (the write stop's scale-to-0 waits on the same service earlier).
    const wait = lines.indexOf(
      'aws ecs wait services-stable --region eu-central-1 --cluster ledgerly-production --services web',
      update,
    );
    const network = indexOf(lines, NETWORK_APPLY);
    expect(indexOf(lines, /^jq --slurpfile running running\.json /)).toBeLessThan(register);
    expect(register).toBeGreaterThan(0);
    expect([register < update, update < wait, wait < network].every(Boolean)).toBe(true);
    // Stable is not deployed: after a circuit-breaker rollback the service is stable on the old revision.
    const settled = lines.indexOf(
      `until PRIMARY=$(aws ecs describe-services --region eu-central-1 --cluster ledgerly-production --services web --query 'services[0].deployments[?status=='\\''PRIMARY'\\''].join('\\'' '\\'', [taskDefinition, rolloutState]) | [0]' --output text); [ "$PRIMARY" != "$TASK_DEFINITION IN_PROGRESS" ]; do sleep 15; done`,
      wait,
    );
    const verified = lines.findIndex((l) =>
      l.startsWith('[ "$PRIMARY" = "$TASK_DEFINITION COMPLETED" ] || {'),
    );
    expect([wait < settled, settled + 1 === verified].every(Boolean)).toBe(true);
    // web was scaled to 0 by the write stop: its deployment completed without a task. Its tasks start when the
    // writers resume; only once they run the newest revision, the network apply.
    const resume = lines.indexOf(
      'aws ecs update-service --region eu-central-1 --cluster ledgerly-production --service web --desired-count 2',
    );
    const stable = lines.indexOf(
      'aws ecs wait services-stable --region eu-central-1 --cluster ledgerly-production --services web',
      resume,
    );
    const newest = lines.indexOf(
      'TASK_DEFINITION=$(aws ecs describe-task-definition --region eu-central-1 --task-definition ledgerly-production-web --query taskDefinition.taskDefinitionArn --output text)',
      stable,
    );
    const again = lines.findIndex(
      (l, i) => i > newest && l.startsWith('[ "$PRIMARY" = "$TASK_DEFINITION COMPLETED" ] || {'),
    );
    expect(
      [verified < resume, resume < stable, stable < newest, newest < again, again < network].every(Boolean),
    ).toBe(true);
    expect(lines.some((l) => /gh workflow run/.test(l))).toBe(false);
    // The pinned worker still takes the revision from the apply.
    expect(
      lines.some((l) =>
        /the services queue redeploy with the AWS endpoints; CI or CodeDeploy deploys web, not the apply/.test(
          l,
        ),
      ),
    ).toBe(true);

    const bg = loadExample('blue-green');
    const noGithub = specFrom({
      ...bg,
      ci: undefined,
      apps: bg.apps.map((a) => ({ ...a, deployment: { ...a.deployment, imageTagMode: 'pinned' } })),
    });
    const bgLines = commandsOf(compile(noGithub));
    const deploy = indexOf(
      bgLines,
      /^DEPLOYMENT_ID=\$\(aws deploy create-deployment .*--application-name ledger-staging-web /,
    );
    expect(deploy).toBeGreaterThan(
      indexOf(bgLines, /^TASK_DEFINITION=\$\(aws ecs describe-task-definition /),
    );
    expect(indexOf(bgLines, NETWORK_APPLY)).toBeGreaterThan(deploy);
  });

  it('a scheduled app with imageTagMode ci: its family re-registered with the images CI registered last, nothing to roll', () => {
    const spec = loadExample('laravel-app');
    const ci = specFrom({
      ...spec,
      apps: spec.apps.map((a) =>
        a.name === 'scheduler' ? { ...a, deployment: { ...a.deployment, imageTagMode: 'ci' } } : a,
      ),
    });
    const lines = commandsOf(compile(ci));
    const previous = lines.indexOf(
      "RUNNING=$(aws ecs list-task-definitions --region eu-central-1 --family-prefix ledgerly-production-scheduler --sort DESC --max-items 2 --query 'taskDefinitionArns[1]' --output text)",
    );
    const register = indexOf(lines, /^TASK_DEFINITION=\$\(aws ecs register-task-definition /);
    expect(previous).toBeGreaterThan(0);
    expect(register).toBeGreaterThan(previous);
    expect(indexOf(lines, NETWORK_APPLY)).toBeGreaterThan(register);
    expect(lines.some((l) => /update-service .*--service scheduler/.test(l))).toBe(false);
  });

  it('keeps hostile names quoted: every spec string goes through the shell builder', () => {
    // The schema refuses such names; the builder must quote them anyway (the names below skip validation).
    const hostile = "x$(touch pwned)'`;";
    for (const example of ['blue-green', 'laravel-app']) {
      const spec = structuredClone(loadExample(example));
      spec.ci = undefined;
      for (const a of spec.apps) {
        a.name = `${a.name}${hostile}`;
        a.deployment.imageTagMode = 'ci';
        for (const c of a.containers) c.name = `${c.name}${hostile}`;
        if (a.expose && 'public' in a.expose)
          a.expose.public.container = `${a.expose.public.container}${hostile}`;
      }
      const lines = ciRedeployLines({ spec, prefix: `p${hostile}` } as unknown as CompileContext).map(String);
      const commands = lines.filter((l) => !l.startsWith('# '));
      expect(commands.filter((l) => l.includes('touch pwned')).length).toBeGreaterThanOrEqual(2);
      // Outside single quotes no hostile character is left: drop the '\\'' escapes, then every '…' word.
      for (const l of commands) {
        const unquoted = l.replace(/'\\''/g, '').replace(/'[^']*'/g, '');
        expect(unquoted).not.toMatch(/touch pwned|`/);
      }
    }
  });
});
