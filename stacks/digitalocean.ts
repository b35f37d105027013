/**
 * The digitalocean stack: the DigitalOcean side of the transition (lowered TTLs on adopted records,
 * trusted sources for the AWS NAT IPs). The provider reads its token from DIGITALOCEAN_TOKEN; none is
 * ever written into the configuration.
 */
import type { TerraformStack } from 'cdktf';
import { DigitaloceanProvider } from '@cdktf/provider-digitalocean/lib/provider';
import { Record as DoRecord } from '@cdktf/provider-digitalocean/lib/record';
import { DatabaseFirewall } from '@cdktf/provider-digitalocean/lib/database-firewall';
import { Firewall } from '@cdktf/provider-digitalocean/lib/firewall';
import type { StackContext } from './context';

export function renderDigitalOcean(stack: TerraformStack, ctx: StackContext): void {
  const { plan, refs } = ctx;
  const doPlan = plan.digitalocean;
  new DigitaloceanProvider(stack, 'digitalocean', {});
  for (const r of doPlan.records) {
    const record = new DoRecord(stack, `record-${r.key}`, {
      domain: r.domain,
      type: r.type,
      name: r.name,
      value: r.value,
      ttl: r.ttl,
      priority: r.priority,
      port: r.port,
      weight: r.weight,
      flags: r.flags,
      tag: r.tag,
      lifecycle: { preventDestroy: r.preventDestroy },
    });
    // Adopt the live record instead of creating a second one: the plan shows only the TTL change.
    record.importFrom(r.importId);
  }
  for (const fw of doPlan.databaseFirewalls) {
    const firewall = new DatabaseFirewall(stack, `database-firewall-${fw.key}`, {
      clusterId: fw.clusterId,
      rule: fw.rules.map((rule) => ({ type: rule.type, value: refs.resolve(rule.value) })),
      lifecycle: { preventDestroy: fw.preventDestroy },
    });
    // The resource owns the cluster's whole source list: importing it makes every removal visible in plan.
    firewall.importFrom(fw.clusterId);
  }
  for (const fw of doPlan.firewalls) {
    new Firewall(stack, `firewall-${fw.key}`, {
      name: fw.name,
      dropletIds: fw.dropletIds,
      inboundRule: fw.inbound.map((rule) => ({
        protocol: rule.protocol,
        portRange: rule.portRange,
        sourceAddresses: rule.sourceAddresses.map((v) => refs.resolve(v)),
      })),
    });
  }
}
