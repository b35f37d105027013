/**
 * An app's IAM roles as plans: the execution role (what ECS needs to start the task), the task role (the app's
 * own permissions, none by default) and, for a scheduled app, the EventBridge role that runs it. The policy
 * statements are built in compiler/apps/iam.ts.
 */
import { awsName } from '../../schema/facts/aws-names';
import type { Address } from '../model/refs';
import type { RolePlan } from '../model/apps';
import { embed, isRef, ref, refId, uniqueValues } from '../refs';
import { declaredSecretOf, pullThroughRuleOf, repositoryOf } from '../plan-lookups';
import { PARTITION } from '../aws/partition';
import { cachedImagePath, parseImageReference } from '../../schema/inventory/images';
import { completeSecretArn, policyJson, trustPolicy, type AccountScope } from '../aws/iam';
import { containerSecrets } from './containers';
import type { AppWiring } from '../model/wiring';
import { eventsRoleStatements, executionRoleStatements, taskRoleStatements } from './iam';
import type { AppContext } from './context';

function role(
  name: string,
  description: string,
  service: string,
  scope: AccountScope,
  address: Address<'aws_iam_role'>,
  policy: string | undefined,
): RolePlan {
  return {
    name,
    description,
    assumeRolePolicyJson: trustPolicy(service, scope),
    policyName: 'least-privilege',
    address,
    ...(policy !== undefined ? { policyJson: policy } : {}),
  };
}

/** Image pull from the app's repositories, its log writes, exactly its secrets and their KMS keys. */
export function executionRolePlan({ ctx, deps, app, keys, scope }: AppContext, wiring: AppWiring): RolePlan {
  const repositories = uniqueValues(
    app.containers.flatMap((c) =>
      'repository' in c.image ? [repositoryOf(deps.registry, c.image.repository).arn] : [],
    ),
  );
  const containerSecretArns = app.containers.flatMap((c) => [
    ...containerSecrets(c, deps.data).map((s) => s.valueFrom.secretArn),
    // A private registry's login: ECS reads it with the execution role to pull the image.
    ...(c.repositoryCredentials !== undefined
      ? [declaredSecretOf(deps.data, c.repositoryCredentials).arn]
      : []),
  ]);
  const cachedRepositoryArns = app.containers.flatMap((c) => {
    const path = cachedImagePath(ctx.spec, c.image);
    if (path === undefined || !('uri' in c.image)) return [];
    const rule = pullThroughRuleOf(deps.registry, parseImageReference(c.image.uri)!.upstream!);
    const repository = path.replace(/[:@].*$/, '');
    return [`arn:${PARTITION}:ecr:${ctx.spec.aws.region}:${embed(rule.registryId)}:repository/${repository}`];
  });
  // An existing secret's ARN is known here: IAM gets it literally, completed when given without its suffix.
  const existingArn = new Map(
    deps.data.secrets.filter((s) => s.existingArn).map((s) => [refId(s.arn), s.existingArn!] as const),
  );
  // The secrets of the stores some container receives (a task's role serves all its containers) and the
  // declared secrets the containers name.
  const secretArns = [...wiring.secretArns, ...containerSecretArns].map((arn) =>
    isRef(arn) && existingArn.has(refId(arn)) ? completeSecretArn(existingArn.get(refId(arn))!) : arn,
  );
  return role(
    awsName('iamRole', ctx.prefix, app.name, 'execution'),
    `ECS execution role of ${app.name}: image pull, logs and its secrets`,
    'ecs-tasks.amazonaws.com',
    scope,
    keys.addresses.executionRole,
    policyJson(
      executionRoleStatements({
        repositoryArns: repositories,
        cachedRepositoryArns,
        logGroupArn: keys.logGroupArn,
        secretArns,
        kmsKeyArns: [deps.network.kms.arn, ...wiring.kmsKeyArns],
        region: ctx.spec.aws.region,
      }),
    ),
  );
}

/** The app's own permissions: what the spec grants, plus ECS Exec and its EFS volumes when used. */
export function taskRolePlan({ ctx, deps, app, keys, platform, scope }: AppContext): RolePlan {
  const taskStatements = taskRoleStatements({
    specStatements: app.taskRole?.statements ?? [],
    exec: app.deployment.exec,
    execAudit: app.deployment.exec
      ? { logGroupArn: ref(platform.execAuditLogGroup, 'arn'), kmsKeyArn: deps.network.kms.arn, scope }
      : undefined,
    efs: app.volumes.map((v) => ({
      fileSystemArn: keys.efs(v.name).fileSystemArn,
      accessPointArn: keys.efs(v.name).accessPointArn,
      readOnly: v.readOnly,
    })),
  });
  // Exactly the buckets the app uses, with the actions of its access (compiler/storage/access.ts).
  taskStatements.push(...(deps.storage.apps[app.name]?.statements ?? []));
  return role(
    awsName('iamRole', ctx.prefix, app.name, 'task'),
    `ECS task role of ${app.name}: the app's own AWS permissions`,
    'ecs-tasks.amazonaws.com',
    scope,
    keys.addresses.taskRole,
    taskStatements.length > 0 ? policyJson(taskStatements) : undefined,
  );
}

/** EventBridge may run only this task family, on this cluster, passing only the app's two roles. */
export function eventsRolePlan({ ctx, app, keys, platform, scope }: AppContext): RolePlan {
  return role(
    awsName('iamRole', ctx.prefix, app.name, 'events'),
    `EventBridge role that runs the ${app.name} task on its schedule`,
    'events.amazonaws.com',
    scope,
    keys.addresses.eventsRole,
    policyJson(
      eventsRoleStatements({
        taskDefinitionArnWithoutRevision: keys.taskDefinitionArnWithoutRevision,
        clusterArn: ref(platform.cluster, 'arn'),
        clusterName: ctx.prefix,
        passRoleArns: [keys.executionRoleArn, keys.taskRoleArn],
        scope,
      }),
    ),
  );
}
