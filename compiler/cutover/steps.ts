/** The cutover's manual steps, and their text: switching external DNS by hand, one writer, the old TTLs. */
import { findByName } from '../../schema/inventory/by-name';
import type { DoEndpoint } from '../../schema/inventory/hostnames';
import { CUTOVER_TYPES, recordsAnswering } from '../../schema/inventory/records';
import type { MigrationSpec } from '../../schema/spec';
import { STEP_ORDER } from '../steps';
import type { CutoverPlan, ManualStep, ZonePlan } from '../model';
import type { CutoverDataModePlan } from '../model/cutover';
import { sh, toCommands } from '../shell';

/** The inventory's values for a name and type (its own, else the wildcard's that answers it), sorted. */
export function inventoryValues(
  spec: MigrationSpec,
  domain: string,
  hostname: string,
  type: string,
): string[] {
  const d = findByName(spec.digitalocean.domains, domain);
  return (d ? recordsAnswering(d, hostname).records : [])
    .filter((r) => r.type === type)
    .map((r) => r.data.trim())
    .sort();
}

/**
 * External DNS: no weighting possible; the plan says what to set, by hand, and when. Today's records are the
 * inventory's at the name when it lists any. The switch moves every visitor to AWS at once, so with a
 * dualstack ALB the CNAME targets its `dualstack.` name, which answers A and AAAA (the name AWS gives for
 * a dualstack load balancer, as albAliasName).
 */
export function externalCutoverStep(
  spec: MigrationSpec,
  hostname: string,
  zone: ZonePlan,
  endpoints: DoEndpoint[],
  albIpv6: boolean,
  /** The stack whose output alb_dns_name is the target (apps or platform). */
  albStack: string,
): ManualStep {
  const listed = CUTOVER_TYPES.flatMap((type) =>
    inventoryValues(spec, zone.domain, hostname, type).map((v) => `${type} ${v.replace(/\.$/, '')}`),
  );
  const doSide =
    endpoints.map((e) => `A ${e.ipv4}${e.ipv6 ? `, AAAA ${e.ipv6}` : ''}`).join('; ') || 'unknown';
  const today =
    listed.length > 0
      ? listed.join(', ')
      : `no records listed in the inventory; the app's DigitalOcean side is ${doSide}`;
  const target = albIpv6
    ? 'the ALB DNS name with the dualstack. prefix (it answers A and AAAA)'
    : 'the ALB DNS name';
  const apex = hostname === zone.domain;
  return {
    order: STEP_ORDER.switchExternalDnsByHand,
    title: `Switch ${hostname} by hand (DNS for ${zone.domain} is external)`,
    detail:
      `dropship cannot weight traffic at an external DNS provider, so ${hostname} moves at once instead of in ` +
      `phases. Today: ${today}. At the switch, replace those records with ` +
      (apex ? `an ALIAS/ANAME (or your provider’s apex flattening) to ${target}` : `a CNAME to ${target}`) +
      ` (terraform output alb_dns_name of the ${albStack} stack), with a short TTL set a full old TTL ` +
      'beforehand. To get phased weights instead, delegate the domain to Route 53 (dns: route53 with route53ZoneId).',
  };
}

/**
 * While both sides serve traffic, each database and cache must keep one source of truth: where it is
 * follows cutover.dataMode.
 */
export function oneWriterStep(
  splitPhases: number[],
  stores: string[],
  dataMode: CutoverDataModePlan,
): ManualStep {
  const at = `At ${splitPhases.join(' %, ')} % both the droplets and the AWS tasks answer requests, but ${stores.join(', ')} must have a single source of truth. `;
  const how =
    dataMode.mode === 'digitalocean-until-100'
      ? 'cutover.dataMode is digitalocean-until-100: the AWS tasks use the DigitalOcean databases and caches until 100 % ' +
        '(their security groups open the DigitalOcean ports, the digitalocean stack trusts the NAT IPs), and the data ' +
        'moves in a downtime window once 100 % is reached (the data migration runbook), after which cutover.dataMoved: true ' +
        'switches the tasks to RDS and ElastiCache. Until that move every phase can be rolled back. '
      : 'cutover.dataMode is move-first: run the data migration runbook (the move ends with DigitalOcean read-only) ' +
        'before `dropship cutover next` leaves phase 0. From then on the DigitalOcean share of every phase is served ' +
        'by droplets whose databases are read-only: writes there fail, and so does a rollback of traffic (refused ' +
        'without --force) until DigitalOcean is the writer again. ';
  return {
    order: STEP_ORDER.oneWriterPerDatabase,
    title: 'Keep one writer per database while both sides serve traffic',
    detail:
      at +
      how +
      'Sessions in a cache do not follow a visitor whose resolver lands on the other side: prefer stateless or ' +
      'cookie sessions here.',
  };
}

/** Phase 1 waits until resolvers have forgotten the answers of before the cutover, and the checks pass. */
export function waitForOldTtlsStep(plan: CutoverPlan): ManualStep {
  return {
    order: STEP_ORDER.waitForOldTtls,
    title: 'Wait for the old TTLs before phase 1',
    detail:
      `Resolvers may cache the current answers for up to ${plan.maxOldTtl} s (the longest TTL of the records ` +
      `the cutover takes over) after ` +
      [
        ...(plan.oldAnswersEnd.newZones.length > 0 ? [`their TTL was lowered to ${plan.ttl} s`] : []),
        ...(plan.oldAnswersEnd.existingZones.length > 0
          ? [
              `the change batch replaced them with ${plan.ttl} s records (existing zone ${plan.oldAnswersEnd.existingZones.join(', ')})`,
            ]
          : []),
      ].join(', or ') +
      ', and, where the nameservers ' +
      'move, the NS records for up to the TLD’s NS TTL after the registrar change. Move past phase 0 only after both have ' +
      'expired, or a share of visitors will not follow the weights. Check the health checks too: every check ' +
      'on the DigitalOcean side must report Success. At phase 0 Route 53 answers every record even when all ' +
      'their checks fail, so nothing shows; from phase 1 on it would answer only the healthy AWS side, sending ' +
      'all traffic there instead of the phase’s share.',
    commands: toCommands([
      ...plan.hostnames.map((h) => sh`dig +noall +answer ${h.hostname}`),
      sh`for id in $(aws route53 list-health-checks --query 'HealthChecks[].Id' --output text); do echo "$id $(aws route53 get-health-check-status --health-check-id "$id" --query 'HealthCheckObservations[].StatusReport.Status' --output text | tr '\\t' '\\n' | cut -d: -f1 | sort | uniq -c | tr '\\n' ' ')"; done`,
    ]),
  };
}
