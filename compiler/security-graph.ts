/**
 * The environment's whole security-group graph, as the plan report shows it: the groups and edges of the
 * security part, and each EFS volume's group with its one NFS edge from the app. EFS groups live in their
 * app's stack with the file system they guard, so they are in the apps part, not the security part; this
 * joins the two. Edge ends that are not groups (`INTERNET`, compiler/group-keys.ts) are nodes of the graph too.
 */
import type { Plan } from './model';

export interface SecurityGraphEdge {
  /** A group key, or `INTERNET`. */
  from: string;
  to: string;
  port: number;
  /** The last port of a range (a declared egress's `ports`). */
  toPort?: number;
  /** Set for a UDP edge (a declared egress); every other edge is TCP. */
  udp?: true;
  /** Why the edge exists (`SgEdge.reason`, `EfsPlan.nfs.reason`). */
  reason: string;
}

export interface SecurityGraph {
  /** Every group key and every other edge end, each once: the security part's groups first. */
  nodes: string[];
  /** The security part's edges in its order, then each EFS volume's NFS edge in app and volume order. */
  edges: SecurityGraphEdge[];
}

export function securityGraph(
  plan: Pick<Plan, 'security' | 'apps'> & Partial<Pick<Plan, 'storage'>>,
): SecurityGraph {
  const edges: SecurityGraphEdge[] = plan.security.edges.map((e) => ({
    from: e.from,
    to: e.to,
    port: e.port,
    ...(e.toPort === undefined ? {} : { toPort: e.toPort }),
    ...(e.protocol === 'udp' ? { udp: true as const } : {}),
    reason: e.reason,
  }));
  for (const app of plan.apps.apps)
    for (const fs of app.efs)
      edges.push({ from: fs.nfs.from, to: fs.securityGroup.key, port: fs.nfs.port, reason: fs.nfs.reason });
  // A shared file system (data stack): one edge per app that mounts it.
  for (const fs of plan.storage?.fileSystems ?? [])
    for (const user of new Map(fs.users.map((u) => [u.app, u])).values())
      edges.push({
        from: user.nfs.from,
        to: fs.securityGroup.key,
        port: user.nfs.port,
        reason: user.nfs.reason,
      });
  const nodes = [
    ...new Set([...plan.security.nodes.map((n) => n.key), ...edges.flatMap((e) => [e.from, e.to])]),
  ];
  return { nodes, edges };
}
