/**
 * The plan's security graph is what the stacks render: every security group and every group rule in the
 * synthesized Terraform, in every stack, is one the plan holds, with the same group, direction, ports and
 * peer (EFS groups live in the app stacks, the others in the network stack). How the graph joins the EFS
 * groups is tested in __tests__/compiler/security-graph.test.ts, and the report's edges in plan.test.ts.
 */
import type { Plan } from '../../compiler/model';
import type { SgPeer } from '../../compiler/model/security';
import type { MigrationSpec } from '../../schema/spec';
import { phpShopWithIpv6 } from '../helpers/ipv6';
import {
  atCutoverPhase,
  cleanupSynth,
  examples,
  loadExample,
  synthSpec,
  type Synthesized,
} from '../helpers/synth';
import { revalidated } from '../helpers/validate';

afterAll(cleanupSynth);

const volumesOf = (plan: Plan) => plan.apps.apps.flatMap((a) => a.efs.map((fs) => ({ app: a.name, fs })));

/**
 * The plan key of a group reference in the synthesized Terraform: `aws_security_group.sg-<key>` in the
 * network stack, `aws_security_group.<app>-<volume>-efs-sg` in an app stack, or the network stack's
 * cross-stack output `cross-stack-output-aws_security_groupsg-<key>id` read through remote state.
 */
function groupKeyResolver(plan: Plan): (reference: string) => string {
  const efsKeys = new Map(
    volumesOf(plan).map(({ app, fs }) => [`${app}-${fs.volume}-efs-sg`, fs.securityGroup.key]),
  );
  return (reference) => {
    const local = /^\$\{aws_security_group\.([^.]+)\.id\}$/.exec(reference);
    if (local) {
      const id = local[1];
      const key = id.startsWith('sg-') ? id.slice('sg-'.length) : efsKeys.get(id);
      if (key === undefined) throw new Error(`no plan group for ${reference}`);
      return key;
    }
    const remote = /\.outputs\.cross-stack-output-aws_security_groupsg-(.+)id\}$/.exec(reference);
    if (remote) return remote[1];
    throw new Error(`not a security group reference: ${reference}`);
  };
}

/** One rule as `<group> <direction> tcp <from>-<to> <peer>`, the peer `sg:<key>`, `ipv4:<cidr>` or `ipv6:<cidr>`. */
const ruleLine = (
  group: string,
  direction: string,
  protocol: unknown,
  from: unknown,
  to: unknown,
  peer: string,
) => `${group} ${direction} ${String(protocol)} ${String(from)}-${String(to)} ${peer}`;

const peerText = (peer: SgPeer) =>
  peer.kind === 'security-group'
    ? `sg:${peer.key}`
    : peer.kind === 'prefix-list'
      ? `prefix-list:${peer.id}`
      : `${peer.kind}:${peer.cidr}`;

function renderedRules(s: Synthesized): string[] {
  const groupKey = groupKeyResolver(s.plan);
  const lines: string[] = [];
  for (const name of s.stackNames) {
    const resources = s.stackJson(name).resource ?? {};
    for (const direction of ['ingress', 'egress'] as const) {
      for (const r of Object.values(resources[`aws_vpc_security_group_${direction}_rule`] ?? {})) {
        const peer =
          r.referenced_security_group_id !== undefined
            ? `sg:${groupKey(String(r.referenced_security_group_id))}`
            : r.prefix_list_id !== undefined
              ? `prefix-list:${String(r.prefix_list_id)}`
              : r.cidr_ipv4 !== undefined
                ? `ipv4:${String(r.cidr_ipv4)}`
                : `ipv6:${String(r.cidr_ipv6)}`;
        lines.push(
          ruleLine(
            groupKey(String(r.security_group_id)),
            direction,
            r.ip_protocol,
            r.from_port,
            r.to_port,
            peer,
          ),
        );
      }
    }
  }
  return lines.sort();
}

function plannedRules(plan: Plan): string[] {
  const lines = plan.security.rules.map((r) =>
    ruleLine(r.securityGroup, r.direction, r.protocol, r.fromPort, r.toPort, peerText(r.peer)),
  );
  // Each EFS volume's NFS edge: an ingress rule on its group and an egress rule on the app's.
  for (const { fs } of volumesOf(plan)) {
    const { port, from } = fs.nfs;
    lines.push(ruleLine(fs.securityGroup.key, 'ingress', 'tcp', port, port, `sg:${from}`));
    lines.push(ruleLine(from, 'egress', 'tcp', port, port, `sg:${fs.securityGroup.key}`));
  }
  return lines.sort();
}

function renderedGroups(s: Synthesized): string[] {
  const groupKey = groupKeyResolver(s.plan);
  return s.stackNames
    .flatMap((name) => Object.keys(s.stackJson(name).resource?.aws_security_group ?? {}))
    .map((id) => groupKey(`\${aws_security_group.${id}.id}`))
    .sort();
}

/** The bundled examples, and php-shop with ipv6: true mid-cutover (dualstack ALB, AAAA cutover records). */
const cases: [string, () => MigrationSpec][] = [
  ...examples().map((e): [string, () => MigrationSpec] => [e.name, () => loadExample(e.name)]),
  ['php-shop with ipv6: true at 10 %', () => atCutoverPhase(phpShopWithIpv6(), 10)],
];

it('some cases move a volume, so the EFS groups are compared', () => {
  expect(
    cases.filter(([, specOf]) => specOf().apps.some((app) => app.volumes.length > 0)).length,
  ).toBeGreaterThan(1);
});

describe.each(cases)('%s: the security graph is what the stacks render', (_name, specOf) => {
  for (const layout of ['single', 'per-app'] as const) {
    it(`${layout} layout: the same groups, and rules with the same group, direction, ports and peer`, () => {
      const s = synthSpec(revalidated(specOf()), { layout });
      const { plan } = s;
      const volumes = volumesOf(plan);
      // Every volume the spec declares is an EFS file system with its own group (php-shop, django-app,
      // multi-domain and laravel-app move a DigitalOcean volume; the other examples have none).
      const spec = specOf();
      expect(volumes.length).toBe(spec.apps.reduce((n, app) => n + app.volumes.length, 0));

      expect(renderedGroups(s)).toEqual(
        [...plan.security.nodes.map((n) => n.key), ...volumes.map(({ fs }) => fs.securityGroup.key)].sort(),
      );
      expect(renderedRules(s)).toEqual(plannedRules(plan));
    });
  }
});
