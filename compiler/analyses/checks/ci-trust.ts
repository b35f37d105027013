/**
 * Roles CI assumes: a GitHub OIDC trust that names the audience and exact subjects (an `aud`-only or
 * wildcard `sub` lets other repositories' or branches' workflows in), and `iam:PassRole` scoped to named
 * roles and to ECS tasks (a deploy role that may pass any role to any service can escalate to it).
 */
import { finding } from './finding';
import { isObject, parseJsonAttribute, resourcesOf, strings } from '../terraform';
import type { CheckDefinition, Finding, TfResource } from '../types';

const GITHUB = 'token.actions.githubusercontent.com';

interface RawStatement {
  effect: string;
  actions: string[];
  resources: string[];
  federated: string[];
  /** operator → key → values */
  conditions: Record<string, Record<string, string[]>>;
}

function statements(doc: unknown): RawStatement[] {
  if (!isObject(doc)) return [];
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return list.filter(isObject).map((s) => {
    const conditions: RawStatement['conditions'] = {};
    if (isObject(s.Condition))
      for (const [op, keys] of Object.entries(s.Condition))
        if (isObject(keys))
          conditions[op] = Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, strings(v)]));
    return {
      effect: String(s.Effect ?? 'Allow'),
      actions: strings(s.Action),
      resources: strings(s.Resource),
      federated: isObject(s.Principal) ? strings(s.Principal.Federated) : [],
      conditions,
    };
  });
}

/** Every value of `key` under any operator, with whether the operator reads patterns (StringLike). */
function conditionValues(s: RawStatement, key: string): { pattern: boolean; values: string[] }[] {
  return Object.entries(s.conditions)
    .filter(([, keys]) => key in keys)
    .map(([op, keys]) => ({ pattern: /Like$/.test(op), values: keys[key] }));
}

const trustsGitHub = (s: RawStatement): boolean =>
  s.actions.includes('sts:AssumeRoleWithWebIdentity') &&
  (s.federated.some((f) => f.includes(GITHUB) || f.includes('openid_connect_provider')) ||
    Object.values(s.conditions).some((keys) => Object.keys(keys).some((k) => k.startsWith(`${GITHUB}:`))));

export const githubTrustScoped: CheckDefinition = {
  id: 'DS028',
  title: 'GitHub OIDC trust names the audience and exact subjects',
  category: 'iam',
  checkov: ['CKV_AWS_358'],
  trivy: [],
  remediation:
    'Trust `token.actions.githubusercontent.com:aud` = sts.amazonaws.com and `:sub` = the exact repo:OWNER/REPO:ref:refs/heads/BRANCH or :environment:ENV subjects (ci.github.branches / environments), never a `*`.',
  run: ({ stacks }) => {
    const out: Finding[] = [];
    for (const r of resourcesOf(stacks, 'aws_iam_role'))
      for (const s of statements(parseJsonAttribute(r.body.assume_role_policy)))
        if (s.effect === 'Allow' && trustsGitHub(s)) out.push(...trustProblems(r, s));
    return out;
  },
};

function trustProblems(r: TfResource, s: RawStatement): Finding[] {
  const out: Finding[] = [];
  const aud = conditionValues(s, `${GITHUB}:aud`);
  if (aud.length === 0 || aud.some((a) => a.pattern || a.values.some((v) => v !== 'sts.amazonaws.com')))
    out.push(finding('DS028', r, 'trusts GitHub OIDC tokens without aud = sts.amazonaws.com'));
  const sub = conditionValues(s, `${GITHUB}:sub`);
  if (sub.length === 0)
    out.push(finding('DS028', r, 'trusts GitHub OIDC tokens of every repository (no sub condition)'));
  for (const { pattern, values } of sub)
    for (const v of values)
      if (pattern && /[*?]/.test(v.replace(/\$\{[*?$]\}/g, '')))
        out.push(finding('DS028', r, `trusts the subject pattern ${v}`));
  return out;
}

export const passRoleScoped: CheckDefinition = {
  id: 'DS029',
  title: 'iam:PassRole names its roles and the service they are passed to',
  category: 'iam',
  checkov: [],
  trivy: [],
  remediation:
    'Grant iam:PassRole on the task and execution roles by ARN, with the condition iam:PassedToService = ecs-tasks.amazonaws.com.',
  run: ({ stacks }) => {
    const out: Finding[] = [];
    for (const r of resourcesOf(stacks, 'aws_iam_role_policy', 'aws_iam_policy'))
      for (const s of statements(parseJsonAttribute(r.body.policy))) {
        if (
          s.effect !== 'Allow' ||
          !s.actions.some((a) => a === 'iam:PassRole' || a === 'iam:*' || a === '*')
        )
          continue;
        if (s.resources.some((x) => x === '*' || x.endsWith(':role/*')))
          out.push(finding('DS029', r, 'grants iam:PassRole on every role'));
        if (conditionValues(s, 'iam:PassedToService').length === 0)
          out.push(
            finding('DS029', r, 'grants iam:PassRole to any service (no iam:PassedToService condition)'),
          );
      }
    return out;
  },
};

export const ciTrustChecks = [githubTrustScoped, passRoleScoped];
