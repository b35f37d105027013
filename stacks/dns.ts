/**
 * The dns stack: the Route 53 hosted zones (or references to existing ones) and, for a zone that moves
 * from DigitalOcean, the copied records. Registers `dns.zone.<domain>.id` and `.name_servers`.
 */
import { Fn, TerraformOutput, type TerraformStack } from 'cdktf';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { ZonePlan } from '../compiler/model/dns';
import type { StackContext } from './context';
import { addAwsProvider } from './provider';

export function renderDns(stack: TerraformStack, ctx: StackContext): void {
  addAwsProvider(stack, ctx.plan.meta);
  for (const zone of ctx.plan.dns.zones) renderZone(stack, ctx, zone);
}

/** Construct ids from domain names: dots become hyphens (`shop-example-com`). */
export const domainSlug = (domain: string): string => domain.replace(/[^a-z0-9-]+/g, '-');

function renderZone(stack: TerraformStack, ctx: StackContext, zone: ZonePlan): void {
  const { refs } = ctx;
  if (zone.mode === 'existing') {
    // Referenced, never read through a data source: synth and plan stay offline.
    refs.set(`dns.zone.${zone.domain}.id`, zone.zoneId as string);
    return;
  }
  if (zone.mode !== 'create') return;
  const slug = domainSlug(zone.domain);
  const hostedZone = new Route53Zone(stack, `zone-${slug}`, {
    name: zone.domain,
    comment: zone.comment,
    forceDestroy: zone.forceDestroy,
    // In production, `terraform destroy` of this stack stops instead of taking the domain offline.
    lifecycle: zone.preventDestroy ? { preventDestroy: true } : undefined,
  });
  refs.set(`dns.zone.${zone.domain}.id`, hostedZone.zoneId);
  refs.set(`dns.zone.${zone.domain}.name_servers`, Fn.join(',', hostedZone.nameServers));
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
