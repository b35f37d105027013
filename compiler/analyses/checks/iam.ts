/** Least-privilege IAM and no credentials in plain container environment. */
import { scanValue } from '../../../schema/secrets/scan';
import { finding } from './finding';
import { blocks, dataSourcesOf, isObject, parseJsonAttribute, resourcesOf, strings } from '../terraform';
import type { CheckDefinition, Finding, StackJson, TfResource } from '../types';

/**
 * Actions that have no resource-level permissions, so `"Resource": "*"` is the only way to grant them.
 * ECS Exec's ssmmessages actions are here because `deployment.exec: true` needs them; the ECS task
 * definition actions because CI registers revisions (imageTagMode ci), and the roles a revision names are
 * held by iam:PassRole (DS029).
 */
export const STAR_RESOURCE_ALLOWED = new Set([
  'ecr:GetAuthorizationToken',
  'ecs:DescribeTaskDefinition',
  'ecs:RegisterTaskDefinition',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
]);

/** AWS-managed policies whose statements use wildcard actions or `"Resource": "*"`. */
const BROAD_MANAGED_POLICIES =
  /policy\/(AdministratorAccess|PowerUserAccess|[A-Za-z]+FullAccess|service-role\/AmazonECSTaskExecutionRolePolicy)$/;

interface Statement {
  effect: string;
  actions: string[];
  resources: string[];
  /** Where it was found: the policy attribute or document. */
  where: TfResource;
}

function statementsOfDocument(doc: unknown, where: TfResource): Statement[] {
  if (!isObject(doc)) return [];
  const raw = doc.Statement;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter(isObject).map((s) => ({
    effect: String(s.Effect ?? 'Allow'),
    actions: strings(s.Action),
    resources: strings(s.Resource),
    where,
  }));
}

/** Every IAM statement in the synthesized JSON: inline and managed policies, and policy documents. */
export function iamStatements(stacks: StackJson[]): Statement[] {
  const out: Statement[] = [];
  for (const r of resourcesOf(
    stacks,
    'aws_iam_role_policy',
    'aws_iam_policy',
    'aws_iam_user_policy',
    'aws_iam_group_policy',
  )) {
    out.push(...statementsOfDocument(parseJsonAttribute(r.body.policy), r));
  }
  for (const r of resourcesOf(stacks, 'aws_iam_role')) {
    for (const inline of blocks(r.body.inline_policy))
      out.push(...statementsOfDocument(parseJsonAttribute(inline.policy), r));
  }
  for (const d of dataSourcesOf(stacks, 'aws_iam_policy_document')) {
    for (const s of blocks(d.body.statement)) {
      out.push({
        effect: String(s.effect ?? 'Allow'),
        actions: strings(s.actions),
        resources: strings(s.resources),
        where: d,
      });
    }
  }
  return out;
}

export const iamNoWildcardActions: CheckDefinition = {
  id: 'DS015',
  title: 'IAM policies grant no wildcard actions',
  category: 'iam',
  checkov: ['CKV_AWS_63'],
  trivy: ['AVD-AWS-0057'],
  remediation:
    'Name each action (e.g. s3:GetObject, not s3:*); put extra permissions in apps[].taskRole.statements.',
  run: ({ stacks }) => {
    const out: Finding[] = [];
    for (const s of iamStatements(stacks)) {
      if (s.effect !== 'Allow') continue;
      const wild = s.actions.filter((a) => a.includes('*'));
      if (wild.length > 0) out.push(finding('DS015', s.where, `allows wildcard actions ${wild.join(', ')}`));
    }
    for (const r of resourcesOf(stacks, 'aws_iam_role_policy_attachment', 'aws_iam_policy_attachment')) {
      const arn = String(r.body.policy_arn ?? '');
      if (BROAD_MANAGED_POLICIES.test(arn) && !/AmazonECSTaskExecutionRolePolicy$/.test(arn)) {
        out.push(finding('DS015', r, `attaches the broad AWS-managed policy ${arn}`));
      }
    }
    return out;
  },
};

export const iamNoStarResources: CheckDefinition = {
  id: 'DS016',
  title: 'IAM policies scope resources (no "*" except for actions that require it)',
  category: 'iam',
  checkov: ['CKV_AWS_355'],
  trivy: ['AVD-AWS-0057'],
  remediation:
    'Grant on the ARNs the app uses. "*" is accepted only for actions without resource-level permissions (ecr:GetAuthorizationToken, ECS Exec ssmmessages:*Channel, CI’s ecs:RegisterTaskDefinition and ecs:DescribeTaskDefinition).',
  run: ({ stacks }) => {
    const out: Finding[] = [];
    for (const s of iamStatements(stacks)) {
      if (s.effect !== 'Allow' || !s.resources.includes('*')) continue;
      const needScope = s.actions.filter((a) => !STAR_RESOURCE_ALLOWED.has(a));
      if (needScope.length > 0) out.push(finding('DS016', s.where, `grants ${needScope.join(', ')} on "*"`));
    }
    for (const r of resourcesOf(stacks, 'aws_iam_role_policy_attachment', 'aws_iam_policy_attachment')) {
      const arn = String(r.body.policy_arn ?? '');
      if (/AmazonECSTaskExecutionRolePolicy$/.test(arn)) {
        out.push(finding('DS016', r, `attaches ${arn}, which grants ECR and CloudWatch Logs actions on "*"`));
      }
    }
    return out;
  },
};

/** Environment names that hold credentials (matched at the end: DB_PASSWORD yes, DB_PASSWORD_ARN no). */
const CREDENTIAL_NAME =
  /(^|_)(PASSWORD|PASSWD|PWD|SECRET|SECRET_KEY|SECRET_ACCESS_KEY|TOKEN|API_?KEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIALS?|APP_KEY|AUTH_KEY|DSN)$/i;

/** `<family>\n<container>\n<variable>`: how CheckContext.plainEnvironment names a waived variable. */
export const plainEnvironmentKey = (family: string, container: string, variable: string) =>
  `${family}\n${container}\n${variable}`;

interface EnvEntry {
  container: string;
  name: string;
  value: string;
}

/** Container environment entries of a task definition (JSON text, or read textually if it is an expression). */
export function containerEnvironment(containerDefinitions: unknown): EnvEntry[] {
  const parsed = parseJsonAttribute(containerDefinitions);
  if (Array.isArray(parsed)) {
    return parsed.filter(isObject).flatMap((c) =>
      (Array.isArray(c.environment) ? c.environment : []).filter(isObject).map((e) => ({
        container: String(c.name ?? '?'),
        name: String(e.name ?? ''),
        value: String(e.value ?? ''),
      })),
    );
  }
  const text = typeof containerDefinitions === 'string' ? containerDefinitions : '';
  const out: EnvEntry[] = [];
  for (const m of text.matchAll(
    /\{\s*\\?"name\\?"\s*[:=]\s*\\?"([^"\\]+)\\?"\s*,\s*\\?"value\\?"\s*[:=]\s*\\?"([^"\\]*)\\?"\s*\}/g,
  )) {
    out.push({ container: '?', name: m[1], value: m[2] });
  }
  return out;
}

export function credentialReason(name: string, value: string): string | undefined {
  if (value === '') return undefined;
  // The value shapes of validation (schema/secrets/rules.ts): JWTs, vendor tokens, keys, URL passwords, ...
  const shape = scanValue(value)[0];
  if (shape) return `its value looks like ${shape.rule.what}`;
  // An ARN or a reference to one is how a secret should be passed (e.g. for the app to fetch it itself).
  if (/^arn:/.test(value) || /\.arn\}?$/.test(value) || /\.arn\}/.test(value)) return undefined;
  if (CREDENTIAL_NAME.test(name)) return 'its name says it holds a credential';
  return undefined;
}

export const noPlaintextSecrets: CheckDefinition = {
  id: 'DS017',
  title: 'No credentials in plain container environment',
  category: 'secrets',
  checkov: [],
  trivy: ['AVD-AWS-0036'],
  remediation:
    'Declare the value under secrets: and reference it from containers[].secrets (ECS injects it from Secrets Manager).',
  run: ({ stacks, plainEnvironment }) => {
    const out: Finding[] = [];
    for (const r of resourcesOf(stacks, 'aws_ecs_task_definition')) {
      const family = String(r.body.family ?? '');
      for (const e of containerEnvironment(r.body.container_definitions)) {
        // Waived in migration.yaml (`waivers: [{ variable, reason }]`); the plan lists it with its reason.
        if (plainEnvironment?.has(plainEnvironmentKey(family, e.container, e.name))) continue;
        const why = credentialReason(e.name, e.value);
        if (why)
          out.push(
            finding('DS017', r, `container "${e.container}" sets ${e.name} in plain environment (${why})`),
          );
      }
    }
    return out;
  },
};

export const iamChecks = [iamNoWildcardActions, iamNoStarResources, noPlaintextSecrets];
