/**
 * ECS container definitions for one app, as plain data in the shape of the ECS API's ContainerDefinition
 * (field names and enums as RegisterTaskDefinition takes them). Lists ECS would fill in on its own
 * (`mountPoints`, `volumesFrom`, `hostPort`) are written out, so Terraform sees no drift after apply.
 */
import type { AppSpec, ContainerSpec, MigrationSpec } from '../../schema/spec';
import { cachedImagePath, parseImageReference } from '../../schema/inventory/images';
import { isFirstPartyImage, receivedStores } from '../../schema/inventory/container-uses';
import { receivesSpaceKeys } from '../../schema/inventory/buckets';
import type { Decision } from '../model/record';
import type { AppWiring, SecretValueFrom } from '../model/wiring';
import { embed } from '../refs';
import type { DataPlan } from '../model/data';
import type { AppStoragePlan } from '../model/storage';
import { declaredSecretOf } from '../plan-lookups';
import { ContainerDefinition } from '../model/apps';
import type { RegistryPlan } from '../model/registry';
import { pullThroughRuleOf, repositoryOf } from '../plan-lookups';
import { emptyWiring } from '../wiring';
import type { AppContext } from './context';

/** ECS `valueFrom` for a Secrets Manager secret or one JSON key of it. */
export function secretValueFrom(from: SecretValueFrom): string {
  const arn = embed(from.secretArn);
  return from.jsonKey === undefined ? arn : `${arn}:${from.jsonKey}::`;
}

/**
 * A container's `secrets:` map resolved to valueFrom parts (`name` or `name:jsonKey`): the ARN of each
 * declared secret (the rules refuse a name not declared) as the data stack registers it (created, or the
 * spec's existing ARN).
 */
export function containerSecrets(
  container: ContainerSpec,
  data: DataPlan,
): { name: string; valueFrom: SecretValueFrom }[] {
  return Object.entries(container.secrets).map(([envName, reference]) => {
    const [secretName, jsonKey] = reference.split(':');
    return {
      name: envName,
      valueFrom: { secretArn: declaredSecretOf(data, secretName).arn, jsonKey },
    };
  });
}

/** Image reference: the ECR repository URL (a reference) and the tag, or the external URI as given. */
export function imageOf(container: ContainerSpec, registry: RegistryPlan, spec: MigrationSpec): string {
  const image = container.image;
  if ('uri' in image) {
    const cached = cachedImagePath(spec, image);
    if (cached === undefined) return image.uri;
    // The cached copy: <registry id>.dkr.ecr.<region>.amazonaws.com/<prefix>/<upstream path>:<tag>.
    const rule = pullThroughRuleOf(registry, parseImageReference(image.uri)!.upstream!);
    return `${embed(rule.registryId)}.dkr.ecr.${spec.aws.region}.amazonaws.com/${cached}`;
  }
  return `${embed(repositoryOf(registry, image.repository).url)}:${image.tag ?? 'latest'}`;
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Later entries win over earlier ones with the same name; result sorted by name. */
function mergeByName<T extends { name: string }>(...lists: T[][]): T[] {
  const merged = new Map<string, T>();
  for (const list of lists) for (const item of list) merged.set(item.name, item);
  return [...merged.values()].sort(byName);
}

/** The data tier's wiring of an app, with the decision of which container receives which store. */
export function wiringOf({ app, deps, decisions }: AppContext): AppWiring {
  const wiring = deps.data.wiring?.[app.name] ?? emptyWiring();
  if (app.uses.databases.length + app.uses.caches.length > 0) decisions.push(receiptDecision(app, wiring));
  return withBuckets(app, wiring, deps.storage.apps[app.name]);
}

/**
 * Every container of an app that uses buckets receives their names and region (plain settings, not
 * credentials: access comes from the task role, which all the task's containers share); while the tasks use
 * a Space until cutover.dataMoved, also its endpoint, and its keys (from Secrets Manager, by ARN) to the
 * containers that take the app's credentials (receivesSpaceKeys).
 */
function withBuckets(app: AppSpec, wiring: AppWiring, storage: AppStoragePlan | undefined): AppWiring {
  if (!storage) return wiring;
  // The Spaces keys are credentials: as the stores', never to a third-party image or a front proxy.
  const keyed = new Set(app.containers.filter((c) => receivesSpaceKeys(app, c)).map((c) => c.name));
  const containers: AppWiring['containers'] = {};
  for (const c of app.containers) {
    const received = wiring.containers[c.name] ?? { environment: [], secrets: [] };
    containers[c.name] = {
      environment: mergeByName(received.environment, storage.environment),
      secrets: keyed.has(c.name) ? mergeByName(received.secrets, storage.secrets) : received.secrets,
    };
  }
  return {
    ...wiring,
    containers,
    secretArns: [...wiring.secretArns, ...storage.secretArns],
    kmsKeyArns: [...wiring.kmsKeyArns, ...storage.kmsKeyArns],
  };
}

/**
 * Which containers receive the app's databases and caches. Where every container has a first-party image and
 * no `uses`, the choice and rule read as they always have (the bundled examples' plans stay as they were).
 */
function receiptDecision(app: AppSpec, wiring: AppWiring): Decision {
  const subject = `apps.${app.name}.wiring`;
  if (app.containers.every((c) => c.uses === undefined && isFirstPartyImage(c.image)))
    return {
      subject,
      choice: app.containers
        .filter((c) => wiring.containers[c.name])
        .map((c) => c.name)
        .join(', '),
      rule: 'database/cache settings go to every container except a front proxy that forwards to a sibling',
    };
  const choice = app.containers
    .map((c, j) => {
      const stores = receivedStores(app, j).map((s) => s.name);
      return `${c.name}: ${stores.length > 0 ? stores.join(', ') : 'none'}`;
    })
    .join('; ');
  return {
    subject,
    choice,
    rule: "a container receives the databases and caches its `uses` lists; without `uses`, one with an image from the spec's ECR repositories receives all of them unless it is a front proxy, and one with any other (third-party) image receives none",
  };
}

const HEALTH_CHECK_KINDS = ['CMD', 'CMD-SHELL', 'NONE'];

export interface ContainerInputs {
  app: AppSpec;
  /** The spec: which images are pull-through cached, and under which prefix. */
  spec: MigrationSpec;
  region: string;
  logGroupName: string;
  wiring: AppWiring;
  /** The repositories the images name. */
  registry: RegistryPlan;
  /** The secrets the containers name. */
  data: DataPlan;
}

export function containerDefinitions(inputs: ContainerInputs): ContainerDefinition[] {
  const { app, wiring } = inputs;
  const exec = app.deployment.exec;
  return app.containers.map((c) => {
    // What it receives from the data stores; a name it also sets itself is refused by the rules.
    const received = wiring.containers[c.name] ?? { environment: [], secrets: [] };
    const environment = mergeByName(
      received.environment.map((e) => ({ name: e.name, value: embed(e.value) })),
      Object.entries(c.environment).map(([name, value]) => ({ name, value })),
    );
    const secrets = mergeByName(
      received.secrets.map((s) => ({ name: s.name, valueFrom: secretValueFrom(s.valueFrom) })),
      containerSecrets(c, inputs.data).map((s) => ({
        name: s.name,
        valueFrom: secretValueFrom(s.valueFrom),
      })),
    );
    const definition: ContainerDefinition = {
      name: c.name,
      image: imageOf(c, inputs.registry, inputs.spec),
      // A private registry's login, by the ARN of the declared secret that holds it (never its value).
      ...(c.repositoryCredentials !== undefined
        ? {
            repositoryCredentials: {
              credentialsParameter: embed(declaredSecretOf(inputs.data, c.repositoryCredentials).arn),
            },
          }
        : {}),
      essential: c.essential,
      ...(c.cpu !== undefined ? { cpu: c.cpu } : {}),
      ...(c.memory !== undefined ? { memory: c.memory } : {}),
      ...(c.command ? { command: [...c.command] } : {}),
      ...(c.entryPoint ? { entryPoint: [...c.entryPoint] } : {}),
      ...(c.workingDirectory ? { workingDirectory: c.workingDirectory } : {}),
      ...(c.user ? { user: c.user } : {}),
      portMappings:
        c.port === undefined
          ? []
          : [
              {
                containerPort: c.port,
                hostPort: c.port, // awsvpc: the host port is the container port
                protocol: c.protocol,
                name: `${c.name.toLowerCase().replace(/_/g, '-')}-${c.port}-${c.protocol}`.slice(0, 64),
                ...(c.appProtocol ? { appProtocol: c.appProtocol } : {}),
              },
            ],
      environment,
      secrets,
      mountPoints: app.volumes
        .filter((v) => v.container === c.name)
        .map((v) => ({ sourceVolume: v.name, containerPath: v.mountPath, readOnly: v.readOnly })),
      volumesFrom: [],
      ...(c.healthCheck
        ? {
            healthCheck: {
              // ECS wants the exec form marker first; a bare command is run as CMD.
              command: HEALTH_CHECK_KINDS.includes(c.healthCheck.command[0])
                ? [...c.healthCheck.command]
                : ['CMD', ...c.healthCheck.command],
              interval: c.healthCheck.interval,
              timeout: c.healthCheck.timeout,
              retries: c.healthCheck.retries,
              startPeriod: c.healthCheck.startPeriod,
            },
          }
        : {}),
      ...(c.dependsOn.length > 0
        ? { dependsOn: c.dependsOn.map((d) => ({ containerName: d.container, condition: d.condition })) }
        : {}),
      readonlyRootFilesystem: c.readonlyRootFilesystem,
      // ECS Exec sessions need an init process to reap the agent's children.
      ...(exec ? { linuxParameters: { initProcessEnabled: true } } : {}),
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': inputs.logGroupName,
          'awslogs-region': inputs.region,
          'awslogs-stream-prefix': app.name,
          // A slow log pipe must never stall the app: buffer, and drop on overflow.
          mode: 'non-blocking',
          'max-buffer-size': '25m',
        },
      },
    };
    return definition;
  });
}
