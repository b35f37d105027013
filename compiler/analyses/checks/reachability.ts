/**
 * Reachability (compiler/analyses/reachability.ts) as checks: a connection the spec implies with no path
 * fails on apply day, not in review; a rule no connection uses is an open path nobody asked for.
 */
import type { CheckDefinition } from '../types';

export const needsHavePaths: CheckDefinition = {
  id: 'DS026',
  title: 'Every connection the spec implies has a path (security-group rules and a route)',
  category: 'reachability',
  checkov: [],
  trivy: [],
  remediation:
    'Give the need its path: a NAT (aws.network.vpc.nat) or the VPC endpoint for an AWS API, apps[].egress for ' +
    'an outside address, uses: for a database or cache. `dropship plan` lists each need with the hops that carry it.',
  run: ({ reachability }) =>
    (reachability?.needs ?? [])
      .filter((n) => n.missing !== undefined)
      .map((n) => ({
        check: 'DS026',
        stack: n.stack,
        resource: n.resource,
        message: `${n.subject} cannot reach ${n.what} (${n.specPath}): ${n.missing}`,
      })),
};

export const rulesHaveNeeds: CheckDefinition = {
  id: 'DS027',
  title: 'Every security-group rule carries a connection the spec implies',
  category: 'exposure',
  checkov: [],
  trivy: [],
  remediation:
    'A rule no app, load balancer or DMS task uses is an open path nobody asked for: remove what opens it, or ' +
    'waive it with the reason it must stay open.',
  run: ({ reachability }) =>
    (reachability?.unexplained ?? []).map((u) => ({
      check: 'DS027',
      stack: u.stack,
      resource: u.resource,
      message: `${u.rule.direction} ${u.rule.protocol} ${u.rule.fromPort === u.rule.toPort ? u.rule.fromPort : `${u.rule.fromPort}-${u.rule.toPort}`} on ${u.rule.securityGroup} is used by no connection the spec implies (${u.rule.description})`,
    })),
};

export const reachabilityChecks = [needsHavePaths, rulesHaveNeeds];
