/**
 * The dns stack: the Route 53 hosted zones (or references to existing ones) and, for a zone that moves
 * from DigitalOcean, the copied records. A new zone is named by its plan's address and provides its id; an
 * existing zone's id is a literal in the plan.
 */
import { TerraformOutput, type TerraformStack } from 'cdktf';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { ZonePlan } from '../compiler/model/dns';
import type { StackContext } from './context';
import { addAwsProvider } from './provider';

export function renderDns(stack: TerraformStack, ctx: StackContext): void {
  addAwsProvider(stack, ctx.plan.meta);
  for (const zone of ctx.plan.dns.zones) renderZone(stack, ctx, zone);
}

function renderZone(stack: TerraformStack, ctx: StackContext, zone: ZonePlan): void {
  // An existing zone is referenced by its literal id, never read through a data source: synth and plan stay
  // offline.
  if (zone.mode !== 'create' || !zone.address || !zone.slug) return;
  const slug = zone.slug;
  const hostedZone = new Route53Zone(stack, zone.address.name, {
    name: zone.domain,
    comment: zone.comment,
    forceDestroy: zone.forceDestroy,
    // In production, `terraform destroy` of this stack stops instead of taking the domain offline.
    lifecycle: zone.preventDestroy ? { preventDestroy: true } : undefined,
  });
  ctx.refs.provide(zone.address, { zone_id: hostedZone.zoneId });
  new TerraformOutput(stack, zone.nameServersOutput as string, {
    value: hostedZone.nameServers,
    description: `Nameservers to set at the registrar of ${zone.domain} (the manual delegation step).`,
  });
  for (const set of zone.copiedRecords) {
    new Route53Record(stack, `record-${slug}-${set.key}`, {
      zoneId: hostedZone.zoneId,
      name: set.name,
      type: set.type,
      ttl: set.ttl,
      records: set.records,
    });
  }
}
