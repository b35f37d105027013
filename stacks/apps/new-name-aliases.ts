/** The plain aliases from new public hostnames to the ALB (compiler/apps/new-name-aliases.ts). */
import type { TerraformStack } from 'cdktf';
import type { Lb } from '@cdktf/provider-aws/lib/lb';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { AlbPlan } from '../../compiler/model';
import type { RefRegistry } from '../refs';

export function renderNewNameAliases(stack: TerraformStack, alb: AlbPlan, lb: Lb, refs: RefRegistry): void {
  for (const a of alb.newNameAliases)
    new Route53Record(stack, `alias-${a.key}`, {
      zoneId: refs.resolve(a.zoneId),
      name: a.hostname,
      type: a.type,
      alias: {
        name: a.dualstack ? `dualstack.${lb.dnsName}` : lb.dnsName,
        zoneId: lb.zoneId,
        // One record, nothing to fail over to: Route 53 answers it whatever the ALB's health.
        evaluateTargetHealth: false,
      },
    });
}
