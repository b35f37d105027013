/**
 * The data runbook's "stop writes" step, derived from the spec (compiler/data/write-stops.ts): the scheduled
 * tasks' EventBridge rules disabled, the worker services scaled to 0 with autoscaling suspended, cron and the
 * queue workers stopped on the droplets, in an order that loses no queued job; and the matching resume after
 * the move, which leaves the droplets stopped.
 */
import { compile } from '../../compiler';
import { compileExample, loadExample, specFrom } from '../helpers/synth';

const commandsOf = (plan: ReturnType<typeof compile>) => plan.data.runbook[0].commands.map(String);
const indexOf = (lines: string[], pattern: RegExp) => lines.findIndex((l) => pattern.test(l));

describe('data runbook: stop writes and resume, from the spec', () => {
  const lines = commandsOf(compileExample('laravel-app'));

  it('stops each writer by name: the schedule, the worker service, cron and the queue workers on each droplet', () => {
    expect(lines).toContain(
      'aws events disable-rule --region eu-central-1 --name ledgerly-production-scheduler',
    );
    expect(lines).toContain(
      'aws ecs update-service --region eu-central-1 --cluster ledgerly-production --service queue --desired-count 0',
    );
    expect(lines).toContain(
      'aws application-autoscaling register-scalable-target --region eu-central-1 --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id service/ledgerly-production/queue --suspended-state DynamicScalingInSuspended=true,DynamicScalingOutSuspended=true,ScheduledScalingSuspended=true',
    );
    for (const ip of ['198.51.100.41', '198.51.100.42', '198.51.100.43']) {
      expect(lines).toContain(`ssh root@${ip} 'sudo systemctl stop cron'`);
      expect(lines).toContain(
        `ssh root@${ip} 'if command -v supervisorctl >/dev/null; then sudo supervisorctl stop all; fi'`,
      );
    }
  });

  it('in an order that loses no job, all before the dump; the resume after the move, droplets left stopped', () => {
    const disable = indexOf(lines, /^aws events disable-rule/);
    const cron = indexOf(lines, /systemctl stop cron/);
    const drain = indexOf(lines, /^# Let the queue workers empty the queues in redis/);
    const workers = indexOf(lines, /--service queue --desired-count 0$/);
    const supervisor = indexOf(lines, /supervisorctl stop all/);
    const dump = indexOf(lines, /^mysqldump /);
    expect([disable, cron, drain, workers, supervisor, dump].every((i) => i >= 0)).toBe(true);
    expect(disable).toBeLessThan(drain);
    expect(cron).toBeLessThan(drain);
    expect(drain).toBeLessThan(workers);
    expect(workers).toBeLessThan(supervisor);
    expect(supervisor).toBeLessThan(dump);
    const check = indexOf(lines, /^# 3\. Check row counts/);
    const resume = lines.slice(check);
    expect(resume).toContain(
      'aws ecs update-service --region eu-central-1 --cluster ledgerly-production --service queue --desired-count 2',
    );
    expect(resume).toContain(
      'aws events enable-rule --region eu-central-1 --name ledgerly-production-scheduler',
    );
    expect(resume.some((l) => /DynamicScalingInSuspended=false/.test(l))).toBe(true);
    expect(resume.some((l) => /^ssh /.test(l))).toBe(false);
    expect(resume.some((l) => /droplets’ cron and queue workers stay stopped/.test(l))).toBe(true);
  });

  it('quotes what needs quoting and asks for the address of a droplet the inventory gives none', () => {
    const spec = loadExample('laravel-app');
    const edited = specFrom({
      ...spec,
      digitalocean: {
        ...spec.digitalocean,
        droplets: spec.digitalocean.droplets.map((d) =>
          d.name === 'worker-1' ? { ...d, ipv4: undefined, role: "cron $(rm -rf ~) 'x'" } : d,
        ),
      },
    });
    const out = commandsOf(compile(edited));
    expect(out).toContain(
      `ssh "\${DROPLET:?set DROPLET to the ssh destination of the droplet}" 'sudo systemctl stop cron'`,
    );
    // A role is text in a comment line, never a command.
    const roleLines = out.filter((l) => l.includes('rm -rf'));
    expect(roleLines.length).toBeGreaterThan(0);
    for (const l of roleLines) expect(l.startsWith('# ')).toBe(true);
  });

  it('says nothing of AWS writers a spec does not have', () => {
    const out = commandsOf(compileExample('php-shop'));
    expect(out.some((l) => /^aws events disable-rule/.test(l))).toBe(false);
    expect(out.some((l) => /^# Stop writes, once for every database/.test(l))).toBe(true);
  });
});
