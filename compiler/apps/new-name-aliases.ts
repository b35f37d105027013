/**
 * A public hostname with no DigitalOcean side that nothing answers today (a new name, no A, AAAA or CNAME
 * in the inventory, in a zone dropship writes): the cutover has nothing to weight it against, so it would
 * never get a record, not even at 100 %. It gets a plain alias to the ALB instead, in the stack that creates
 * the ALB (the cutover stack is applied at phase 0, before the ALB exists). Nobody is moved: the name
 * answered nothing before.
 */
import { hostnameSides } from '../../schema/inventory/hostnames';
import { uniqueKeys } from '../../schema/facts/aws-names';
import type { CompileContext } from '../context';
import type { Decision } from '../model';
import type { AlbIpAddressType, NewNameAliasPlan } from '../model/apps';
import type { Value } from '../model/refs';

export function newNameAliases(
  ctx: CompileContext,
  /** The zone dropship writes a hostname's records to (alb.ts zoneFor), or undefined. */
  zoneFor: (hostname: string) => { zoneId: Value } | undefined,
  ipAddressType: AlbIpAddressType,
  decisions: Decision[],
): NewNameAliasPlan[] {
  if (!ctx.spec.cutover) return [];
  const types: ('A' | 'AAAA')[] = ipAddressType === 'dualstack' ? ['A', 'AAAA'] : ['A'];
  const named: { hostname: string; zoneId: NewNameAliasPlan['zoneId']; type: 'A' | 'AAAA' }[] = [];
  for (const side of hostnameSides(ctx.spec)) {
    if (side.endpoints.length > 0 || !side.newName) continue;
    const zone = zoneFor(side.hostname);
    if (zone) for (const type of types) named.push({ hostname: side.hostname, zoneId: zone.zoneId, type });
  }
  if (named.length === 0) return [];
  const name = (n: { hostname: string; type: string }) => `${n.hostname}-${n.type}`.toLowerCase();
  const keys = uniqueKeys(named.map(name), (n) => n.replace(/\*/g, 'wildcard').replace(/[^a-z0-9-]+/g, '-'));
  decisions.push({
    subject: 'apps.alb.newHostnames',
    choice: [...new Set(named.map((n) => `${n.hostname} ${types.join('/')}`))].join(', '),
    rule:
      'a public hostname with no DigitalOcean side that answers nothing today (no A, AAAA or CNAME in ' +
      'digitalocean.domains[].records) gets a plain alias to the ALB in the ALB’s stack: the cutover has ' +
      'nothing to weight it against, and no visitor is moved',
  });
  return named.map((n) => ({
    key: keys.get(name(n))!,
    hostname: n.hostname,
    zoneId: n.zoneId,
    type: n.type,
    dualstack: ipAddressType === 'dualstack',
  }));
}
