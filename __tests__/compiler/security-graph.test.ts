/** The whole security-group graph: the security part's groups and edges joined with each EFS volume's NFS edge. */
import { securityGraph } from '../../compiler/security-graph';
import { INTERNET } from '../../compiler/security';
import { compileExample } from '../helpers/synth';

describe('securityGraph', () => {
  const plan = compileExample('php-shop');
  const graph = securityGraph(plan);
  const volumes = plan.apps.apps.flatMap((a) => a.efs);

  it("adds each EFS volume's group and its NFS edge from the app's group after the security part's edges", () => {
    expect(volumes.length).toBeGreaterThan(0); // php-shop moves a DigitalOcean volume
    expect(graph.edges.slice(plan.security.edges.length)).toEqual(
      volumes.map((fs) => ({
        from: fs.nfs.from,
        to: fs.securityGroup.key,
        port: 2049,
        reason: fs.nfs.reason,
      })),
    );
    for (const fs of volumes) expect(graph.nodes).toContain(fs.securityGroup.key);
  });

  it("keeps the security part's edges, in order, with only the ends, port and reason", () => {
    expect(graph.edges.slice(0, plan.security.edges.length)).toEqual(
      plan.security.edges.map((e) => ({ from: e.from, to: e.to, port: e.port, reason: e.reason })),
    );
  });

  it('lists the groups, and the internet as a node because edges start there', () => {
    expect(graph.nodes.slice(0, plan.security.nodes.length)).toEqual(plan.security.nodes.map((n) => n.key));
    expect(graph.nodes).toContain(INTERNET);
    const ends = new Set(graph.edges.flatMap((e) => [e.from, e.to]));
    for (const node of graph.nodes.slice(plan.security.nodes.length)) expect(ends).toContain(node);
  });

  it('lists a group once when it is also an edge end, and an edge end once when several edges share it', () => {
    // Hand-made input with duplicates: the alb group is a node and both edges' end; the internet starts two edges.
    const input = {
      security: {
        nodes: [{ key: 'alb' }, { key: 'app' }],
        edges: [
          { from: INTERNET, to: 'alb', port: 443, reason: 'https' },
          { from: INTERNET, to: 'alb', port: 80, reason: 'redirect' },
          { from: 'alb', to: 'app', port: 8000, reason: 'app port' },
        ],
      },
      apps: { apps: [] },
    } as unknown as Parameters<typeof securityGraph>[0];
    expect(securityGraph(input).nodes).toEqual(['alb', 'app', INTERNET]);
  });
});
