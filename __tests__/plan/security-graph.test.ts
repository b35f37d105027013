/**
 * The plan report's security-group graph is what the stacks render: every security group and every group
 * rule in the synthesized Terraform, in every stack, is a node or an edge the plan knows (EFS groups live in
 * the app stacks, the others in the network stack).
 */
import { securityGraphFromPlan } from '../../cli/plan/model-view';
import { cleanupSynth, examples, synthExample, type Synthesized } from '../helpers/synth';

afterAll(cleanupSynth);

function countResources(s: Synthesized, type: string): number {
  return s.stackNames.reduce(
    (n, name) => n + Object.keys(s.stackJson(name).resource?.[type] ?? {}).length,
    0,
  );
}

describe.each(examples().map((e) => e.name))('%s: the security graph covers the rendered groups', (name) => {
  for (const layout of ['single', 'per-app'] as const) {
    it(`${layout} layout: every rendered group and group rule is one the plan holds`, () => {
      const s = synthExample(name, { layout });
      const { plan } = s;
      const volumes = plan.apps.apps.flatMap((a) => a.efs);
      expect(volumes.length).toBeGreaterThan(0); // both examples move a DigitalOcean volume
      expect(countResources(s, 'aws_security_group')).toBe(plan.security.nodes.length + volumes.length);
      const ruleCount =
        countResources(s, 'aws_vpc_security_group_ingress_rule') +
        countResources(s, 'aws_vpc_security_group_egress_rule');
      // Each EFS volume's NFS edge is an ingress rule on its group and an egress rule on the app's.
      expect(ruleCount).toBe(plan.security.rules.length + 2 * volumes.length);

      const graph = securityGraphFromPlan(plan);
      for (const fs of volumes) {
        expect(graph.nodes).toContain(fs.securityGroup.key);
        expect(graph.edges).toContainEqual({
          from: fs.nfs.from,
          to: fs.securityGroup.key,
          port: '2049',
          reason: fs.nfs.reason,
        });
      }
      for (const node of plan.security.nodes) expect(graph.nodes).toContain(node.key);
    });
  }
});
