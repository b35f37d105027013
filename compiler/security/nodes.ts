/** The groups of the graph: the ALB, the app groups, the data groups, DMS and the VPC endpoints. */
import type { CompileContext } from '../context';
import type { SgNode, SgNodeKind } from '../model';
import { address, ref } from '../refs';
import { networkStackName } from '../stack-names';
import {
  ALB_SG_KEY,
  appKey,
  APPS_SG_KEY,
  PUBLIC_SG_KEY,
  INTERNAL_SG_KEY,
  dbKey,
  cacheKey,
  DMS_SG_KEY,
  ENDPOINTS_SG_KEY,
} from '../group-keys';
import { groupName, sanitizeDescription } from './names';
import { Sides } from './sides';

/** Every group of the environment, in the order the network stack creates them. */
export function groupNodes(ctx: CompileContext, sides: Sides): SgNode[] {
  const { spec } = ctx;
  const nodes: SgNode[] = [];
  const stack = networkStackName(ctx.prefix);
  const node = (key: string, kind: SgNodeKind, what: string, subject?: string) => {
    const groupAddress = address(stack, 'aws_security_group', `sg-${key}`);
    nodes.push({
      key,
      kind,
      subject,
      name: groupName(ctx.prefix, key),
      description: sanitizeDescription(`dropship ${ctx.prefix}: ${what}`),
      address: groupAddress,
      id: ref(groupAddress, 'id'),
    });
  };
  if (sides.publicApps.length > 0) node(ALB_SG_KEY, 'alb', 'shared application load balancer');
  for (const app of spec.apps) node(appKey(app.name), 'app', `tasks of app ${app.name}`, app.name);
  if (spec.apps.length > 0) node(APPS_SG_KEY, 'apps', 'every app task of the environment');
  if (sides.publicApps.length > 0) node(PUBLIC_SG_KEY, 'public', 'tasks of the public apps');
  if (sides.internalApps.length > 0) node(INTERNAL_SG_KEY, 'internal', 'tasks of the internal apps');
  for (const db of spec.databases) node(dbKey(db.name), 'db', `database ${db.name}`, db.name);
  for (const cache of spec.caches) node(cacheKey(cache.name), 'cache', `cache ${cache.name}`, cache.name);
  if (sides.dmsDatabases.length > 0) node(DMS_SG_KEY, 'dms', 'DMS replication instance');
  if (sides.endpoints) node(ENDPOINTS_SG_KEY, 'endpoints', 'VPC interface endpoints');
  return nodes;
}
