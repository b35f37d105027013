/**
 * The security-group graph of the plan model: nodes (groups), edges (what may talk to what) and the rules
 * they become.
 */
import type { Decision } from './record';
import type { Address, Ref } from './refs';

export type SgNodeKind =
  'alb' | 'app' | 'apps' | 'public' | 'internal' | 'db' | 'cache' | 'dms' | 'endpoints';

export interface SgNode {
  /**
   * `alb`, `app-<app>`, `apps` (on every app task), `public` / `internal` (on every public / internal app's task),
   * `db-<database>`, `cache-<cache>`, `dms`, `vpce` (VPC endpoints, `nat: none` only).
   */
  key: string;
  kind: SgNodeKind;
  /** The spec name it stands for (app, database or cache). */
  subject?: string;
  /** GroupName (≤ 255 characters, never starting with `sg-`). Changing it replaces the group. */
  name: string;
  /** GroupDescription: stable text (changing it replaces the group), ASCII only. */
  description: string;
  /** `aws_security_group.sg-<key>` in the network stack. */
  address: Address<'aws_security_group'>;
  id: Ref<'aws_security_group'>;
}

/** The outside world, for edges that are not between two security groups. */
export type ExternalEndpoint = 'internet';

export interface SgEdge {
  from: string | ExternalEndpoint;
  to: string | ExternalEndpoint;
  protocol: 'tcp' | 'udp';
  /** The port, or the first port of a range. */
  port: number;
  /** The last port of a range (a declared egress's `ports`); absent when the edge opens `port` alone. */
  toPort?: number;
  /** For edges to or from `internet`: the address ranges. */
  cidrs?: { ipv4?: string; ipv6?: string };
  /** For an edge to `internet` through a managed prefix list (a declared egress) instead of CIDRs. */
  prefixList?: string;
  /**
   * Ends the keys of the edge's rules, where edges with the same ends and ports need apart rules (a declared
   * egress to several CIDRs): derived from the destination, so reordering the spec keeps every address.
   */
  keySuffix?: string;
  /** Why this edge exists, for the plan report and the diagram. */
  reason: string;
  /** The user's words for the edge (a declared egress's description), ending its rules' descriptions. */
  note?: string;
  /**
   * Which side's rule carries the edge, when the other side is a shared group covered by another edge
   * (`apps` → `app-<internal>` is an ingress rule only, `apps` → `internal` an egress rule only). Both when
   * absent.
   */
  only?: 'ingress' | 'egress';
}

export type SgPeer =
  | { kind: 'security-group'; key: string }
  | { kind: 'ipv4'; cidr: string }
  | { kind: 'ipv6'; cidr: string }
  | { kind: 'prefix-list'; id: string };

export interface SgRule {
  /** Stable logical key, e.g. `app-web-in-alb-tcp-80`, `alb-in-ipv4-tcp-443`. */
  key: string;
  /** The node the rule belongs to. */
  securityGroup: string;
  direction: 'ingress' | 'egress';
  peer: SgPeer;
  protocol: 'tcp' | 'udp';
  fromPort: number;
  toPort: number;
  /** Rule description (≤ 255 characters, AWS's allowed character set). */
  description: string;
}

export interface SecurityPlan {
  nodes: SgNode[];
  edges: SgEdge[];
  rules: SgRule[];
  /** The group keys every task of an app carries (its own, `apps`, and `internal` for internal apps). */
  taskSecurityGroups: Record<string, string[]>;
  decisions: Decision[];
}
