/**
 * `cutover status`, per hostname: which apps (and their ALB paths) answer it on AWS, which DigitalOcean
 * droplets or load balancers answer it on DigitalOcean, and each side's weight at every phase. The cutover
 * is per hostname: apps sharing a name by path are one name to Route 53; the ALB splits the paths.
 */
import { weightsFor } from '../../compiler/cutover';
import type { CutoverHostname, CutoverPlan } from '../../compiler/model/cutover';
import type { NewNameAliasPlan } from '../../compiler/model/apps';

export function hostnameLines(
  plan: Pick<CutoverPlan, 'hostnames' | 'phases' | 'current'>,
  newNames: readonly Pick<NewNameAliasPlan, 'hostname' | 'type'>[],
): string[] {
  const out: string[] = [];
  for (const h of plan.hostnames) {
    out.push(`  ${h.hostname} (${h.types.join('/')}): ${appsOf(h)}`);
    out.push(`    DigitalOcean side: ${doSide(h)}`);
    for (const phase of plan.phases) {
      const { aws, each } = weightsFor(phase, h.endpoints.length);
      const answers = [
        ...(aws > 0 ? [`AWS ${aws}`] : []),
        ...(each > 0 ? h.endpoints.map((e) => `${e.name} ${each}`) : []),
      ];
      const mark = phase === plan.current ? '▶' : ' ';
      out.push(`    ${mark} ${`${phase} %`.padStart(5)}: ${answers.join(', ')}`);
    }
  }
  const aliased = new Map<string, string[]>();
  for (const a of newNames) aliased.set(a.hostname, [...(aliased.get(a.hostname) ?? []), a.type]);
  for (const [hostname, types] of aliased)
    out.push(
      `  ${hostname} (${types.join('/')}): no DigitalOcean side (nothing answers it today): a plain alias to ` +
        'the ALB in the ALB’s stack, at every phase',
    );
  return out.length > 0 ? ['Hostnames (weights per phase; ▶ the current one):', ...out] : [];
}

/** The apps behind the hostname on AWS, each with its ALB paths. */
function appsOf(h: CutoverHostname): string {
  const apps = h.apps.map((a) => `${a.app} ${a.paths.join(' ')}`);
  return `AWS side the ALB, app${apps.length === 1 ? '' : 's'} ${apps.join(', ')}`;
}

function doSide(h: CutoverHostname): string {
  // The IPv6 address only where AAAA pairs are published.
  const aaaa = h.types.includes('AAAA');
  const endpoints = h.endpoints.map(
    (e) => `${e.kind} ${e.name} ${e.ipv4}${aaaa && e.ipv6 ? ` ${e.ipv6}` : ''}`,
  );
  const from =
    h.source === 'dns'
      ? 'what the name answers today, as the inventory lists its DNS records'
      : `app ${h.app}’s ${h.endpoints[0]?.kind === 'load-balancer' ? 'load balancer' : 'droplets'}`;
  return `${endpoints.join(', ')} (${from})`;
}
