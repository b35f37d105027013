/**
 * What the cutover's health checks need of the spec: the AWS side's alarm must be in a region Route 53 reads
 * alarms in (schema/facts/route53-alarm-regions.ts), and each weighted DigitalOcean endpoint must answer
 * something Route 53 can check (schema/inventory/do-probe.ts).
 */
import { ROUTE53_ALARM_REGIONS } from '../facts/route53-alarm-regions';
import { doEndpoints, publicHostnames } from '../inventory/hostnames';
import { probeOf } from '../inventory/do-probe';
import { domainOf } from '../inventory/records';
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';

export function checkCutoverHealth(r: Report, spec: MigrationSpec): void {
  if (!spec.cutover) return;
  // Only a hostname in a zone dropship weights gets `aws` records with a health check (not external DNS).
  const weightedApps = new Set(
    publicHostnames(spec)
      .filter((h) => {
        const domain = domainOf(spec.digitalocean.domains, h.hostname);
        return spec.digitalocean.domains.some((d) => d.name === domain && d.dns !== 'external');
      })
      .map((h) => h.appSpec),
  );
  const weighted = weightedApps.size > 0;
  const seen = new Set<string>();
  for (const app of weightedApps)
    for (const e of doEndpoints(spec, app)) {
      if (seen.has(`${e.kind}/${e.name}`)) continue;
      seen.add(`${e.kind}/${e.name}`);
      const found = probeOf(spec, e);
      if ('refused' in found)
        r.error(found.refused.path, 'cutover-health-check-unanswered', found.refused.message, {
          hint: found.refused.hint,
        });
    }
  if (weighted && !ROUTE53_ALARM_REGIONS.has(spec.aws.region))
    r.error(
      ['aws', 'region'],
      'cutover-alarm-region',
      `Route 53 cannot read CloudWatch alarms in ${spec.aws.region}: the cutover's aws records are healthy ` +
        "by their hostname's alarm there (a CLOUDWATCH_METRIC health check), which Route 53 supports only in " +
        'the regions its API lists for AlarmIdentifier.Region',
      {
        expected: `one of ${[...ROUTE53_ALARM_REGIONS].join(', ')}`,
        hint: 'move to a listed region, or switch the DNS by hand (domain `dns: external`); see https://docs.aws.amazon.com/Route53/latest/APIReference/API_AlarmIdentifier.html',
      },
    );
}
