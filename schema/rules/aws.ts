/**
 * `aws:`: availability zones in the region, the state directory, the alarm topic's region, and the network
 * (one subnet per zone, CIDRs without host bits and of a size AWS allows, subnets inside the VPC and apart).
 */
import { containsCidr, normalized, overlaps, parseCidr, type Cidr } from '../cidr';
import { formatPath } from '../diagnostics';
import type { FindingPath, Report } from '../report';
import type { MigrationSpec } from '../spec';
import { checkLogRetention } from './log-retention';

/**
 * A local state directory made only of `.`, `..` and `/` is the folder that holds the synth output, one
 * above it, or `/`: whatever --out is, the state would sit around the folder synth replaces. (A directory
 * that clashes only with one --out is refused by synth, which knows the output folder.)
 */
function checkStateDirectory(r: Report, backend: MigrationSpec['aws']['backend']): void {
  if (backend.type !== 'local') return;
  if (!backend.directory.split(/[\\/]/).every((part) => part === '' || part === '.' || part === '..')) return;
  r.error(
    ['aws', 'backend', 'directory'],
    'backend/state-around-output',
    `the state folder ${JSON.stringify(backend.directory)} holds the synth output folder, which synth replaces whole`,
    {
      expected: 'a folder beside the synth output (a relative path is read from the folder that holds it)',
      hint: 'use terraform-state (the default) or another folder name',
    },
  );
}
// ------------------------------------------------------------------------------------------------------
// aws: zones and network
// ------------------------------------------------------------------------------------------------------
export function checkAws(r: Report, spec: MigrationSpec): void {
  const { region, availabilityZones: zones, network } = spec.aws;
  checkStateDirectory(r, spec.aws.backend);
  const seen = new Set<string>();
  zones.forEach((zone, i) => {
    const path = ['aws', 'availabilityZones', i];
    if (!(zone.startsWith(region) && zone.length === region.length + 1)) {
      r.error(path, 'zone-region', `availability zone \`${zone}\` is not in region ${region}`, {
        expected: `${region}a, ${region}b, ...`,
      });
    }
    if (seen.has(zone)) r.error(path, 'duplicate-zone', `availability zone \`${zone}\` is listed twice`);
    seen.add(zone);
  });
  checkAlarmTopic(r, spec);

  if ('existing' in network) {
    const e = network.existing;
    for (const key of ['publicSubnetIds', 'privateSubnetIds'] as const) {
      if (e[key].length !== zones.length) {
        r.error(
          ['aws', 'network', 'existing', key],
          'subnet-count',
          subnetCountMessage(key, e[key].length, zones.length),
        );
      }
    }
    return;
  }
  const v = network.vpc;
  const base = ['aws', 'network', 'vpc'];
  checkLogRetention(r, v.flowLogs.retentionDays, [...base, 'flowLogs', 'retentionDays']);
  const vpc = checkCidr(r, v.cidr, [...base, 'cidr'], 16, 28);
  const all: { cidr: Cidr; path: FindingPath }[] = [];
  for (const key of ['publicSubnets', 'privateSubnets'] as const) {
    if (v[key].length !== zones.length) {
      r.error([...base, key], 'subnet-count', subnetCountMessage(key, v[key].length, zones.length));
    }
    v[key].forEach((text, i) => {
      const path = [...base, key, i];
      const cidr = checkCidr(r, text, path, 16, 28);
      if (!cidr) return;
      if (vpc && !containsCidr(vpc, cidr)) {
        r.error(path, 'subnet-outside-vpc', `subnet ${text} is not inside the VPC CIDR ${v.cidr}`);
        return;
      }
      const clash = all.find((other) => overlaps(other.cidr, cidr));
      if (clash) {
        r.error(
          path,
          'subnet-overlap',
          `subnet ${text} overlaps ${clash.cidr.text} (${formatPath(clash.path)})`,
          {
            hint: 'give every subnet its own address range',
          },
        );
        return;
      }
      all.push({ cidr, path });
    });
  }
  if (v.nat === 'none') {
    r.warn(
      [...base, 'nat'],
      'nat-none',
      'with nat: none, tasks in private subnets have no route to the internet',
      {
        hint: 'they can pull images, write logs and read secrets only through VPC endpoints; choose single or per-az otherwise',
      },
    );
  }
}
/** A CloudWatch alarm notifies only SNS topics of its own region (PutMetricAlarm refuses any other). */
function checkAlarmTopic(r: Report, spec: MigrationSpec): void {
  const { notify } = spec.aws.alarms;
  if (!notify || !('topicArn' in notify)) return;
  const topicRegion = notify.topicArn.split(':')[3];
  if (topicRegion !== spec.aws.region)
    r.error(
      ['aws', 'alarms', 'notify', 'topicArn'],
      'alarm-topic-region',
      `the alarm topic is in ${topicRegion}, the alarms in ${spec.aws.region}: CloudWatch notifies topics of its own region only`,
      {
        expected: `an SNS topic ARN in ${spec.aws.region}`,
        hint: 'use a topic in the same region, or emails: [...]',
      },
    );
}
function subnetCountMessage(key: string, count: number, zones: number): string {
  return `${key} has ${count} ${count === 1 ? 'entry' : 'entries'} but aws.availabilityZones has ${zones}: give one per zone, in zone order`;
}
function checkCidr(
  r: Report,
  text: string,
  path: FindingPath,
  minPrefix: number,
  maxPrefix: number,
): Cidr | undefined {
  const cidr = parseCidr(text);
  if (!cidr) return undefined; // zod already reported the format
  const fixed = normalized(cidr);
  if (fixed) {
    r.error(path, 'cidr-host-bits', `${text} has host bits set`, { hint: `did you mean ${fixed}?` });
    return undefined;
  }
  if (cidr.prefix < minPrefix || cidr.prefix > maxPrefix) {
    r.error(
      path,
      'cidr-size',
      `${text} is a /${cidr.prefix}; AWS allows /${minPrefix} to /${maxPrefix} here`,
    );
    return undefined;
  }
  return cidr;
}
