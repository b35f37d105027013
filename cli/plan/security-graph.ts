/**
 * The security-group graph as rendered in Terraform: who may reach whom, on which port. Used when the
 * security part of the plan model does not expose its graph, and by the diagram.
 */
import { refersTo } from '../../compiler/checks/exposure';
import { blocks, resourcesOf, strings } from '../../compiler/checks/terraform';
import type { StackJson, TfResource } from '../../compiler/checks/types';
import type { SgEdge } from './model-view';

export const INTERNET = 'internet';

export function securityGraphFromTerraform(
  stacks: StackJson[],
  prefix: string,
): { nodes: string[]; edges: SgEdge[] } {
  const groups = resourcesOf(stacks, 'aws_security_group');
  const label = (sg: TfResource) => {
    const name = String(sg.body.name ?? sg.name);
    return name.startsWith(`${prefix}-`) ? name.slice(prefix.length + 1) : name;
  };
  const groupOf = (token: unknown) => groups.find((g) => refersTo(token, g));
  const edges: SgEdge[] = [];
  const port = (b: Record<string, unknown>) => {
    const protocol = String(b.ip_protocol ?? b.protocol ?? '');
    if (protocol === '-1') return 'all';
    return b.from_port === b.to_port ? String(b.from_port) : `${String(b.from_port)}-${String(b.to_port)}`;
  };
  const reason = (b: Record<string, unknown>) => String(b.description ?? '');
  for (const r of resourcesOf(stacks, 'aws_vpc_security_group_ingress_rule')) {
    const to = groupOf(r.body.security_group_id);
    if (!to) continue;
    const from = groupOf(r.body.referenced_security_group_id);
    if (from) edges.push({ from: label(from), to: label(to), port: port(r.body), reason: reason(r.body) });
    else if (['0.0.0.0/0', '::/0'].includes(String(r.body.cidr_ipv4 ?? r.body.cidr_ipv6)))
      edges.push({ from: INTERNET, to: label(to), port: port(r.body), reason: reason(r.body) });
  }
  for (const r of resourcesOf(stacks, 'aws_security_group_rule')) {
    if (r.body.type !== 'ingress') continue;
    const to = groupOf(r.body.security_group_id);
    const from = groupOf(r.body.source_security_group_id);
    if (to && from)
      edges.push({ from: label(from), to: label(to), port: port(r.body), reason: reason(r.body) });
  }
  for (const sg of groups) {
    for (const rule of blocks(sg.body.ingress)) {
      for (const token of strings(rule.security_groups)) {
        const from = groupOf(token);
        if (from) edges.push({ from: label(from), to: label(sg), port: port(rule), reason: reason(rule) });
      }
    }
  }
  const unique = new Map(edges.map((e) => [`${e.from}>${e.to}:${e.port}`, e]));
  const sorted = [...unique.values()].sort((a, b) =>
    `${a.from}>${a.to}:${a.port}`.localeCompare(`${b.from}>${b.to}:${b.port}`),
  );
  return { nodes: groups.map(label).sort(), edges: sorted };
}
