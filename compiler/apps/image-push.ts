/**
 * The manual steps that put the app images in ECR between the registry stack and the apps stack: pushing
 * built images (or copying external ones, `copyFrom`), and with `nat: none` seeding the pull-through cache.
 */
import type { CompileContext } from '../context';
import type { ManualStep } from '../model';
import { STEP_ORDER } from '../steps';
import { sh, shVar, toCommands, word, type ShellText } from '../shell';
import { registryHost } from '../account-shell';
import { cachedImagePath } from '../../schema/inventory/images';
import { usesVpcEndpoints } from '../../schema/inventory/network';

const PLATFORMS = { x86_64: 'linux/amd64', arm64: 'linux/arm64' } as const;

interface PushedImage {
  /** `<repository>:<tag>` in the registry. */
  image: string;
  /** The external image copied into it, with the task's platform. */
  copy?: { from: string; platform: string };
}

function pushedImages(ctx: CompileContext): PushedImage[] {
  const byImage = new Map<string, PushedImage>();
  for (const app of ctx.spec.apps)
    for (const c of app.containers) {
      if (!('repository' in c.image)) continue;
      const image = `${c.image.repository}:${c.image.tag ?? 'latest'}`;
      const copy = c.image.copyFrom
        ? { from: c.image.copyFrom, platform: PLATFORMS[app.architecture] }
        : undefined;
      if (!byImage.has(image) || (copy && !byImage.get(image)!.copy)) byImage.set(image, { image, copy });
    }
  return [...byImage.values()].sort((a, b) => (a.image < b.image ? -1 : a.image > b.image ? 1 : 0));
}

const login = (ctx: CompileContext): ShellText[] => [
  sh`REGISTRY=${registryHost(ctx)}`,
  sh`aws ecr get-login-password --region ${ctx.spec.aws.region} | docker login --username AWS --password-stdin ${shVar('REGISTRY')}`,
];

/**
 * The images the task definitions name must be in ECR before the apps stack creates the services, or every
 * task fails with CannotPullContainerError (and, with wait_for_steady_state, the apply fails after its
 * timeout). The registry stack depends on nothing, so it can be applied first and the images pushed.
 */
export function imagePushStep(ctx: CompileContext): ManualStep | undefined {
  const images = pushedImages(ctx);
  if (images.length === 0) return undefined;
  const copies = images.filter((i) => i.copy);
  return {
    order: STEP_ORDER.pushImages,
    title: 'Push the app images to ECR before applying the apps stack',
    detail:
      `Apply the registry stack (${ctx.prefix}-registry) first, then push every image the task definitions name ` +
      `(${images.map((i) => i.image).join(', ')}), then apply the apps stack (or the app stacks). ECS cannot start a task whose ` +
      'image is missing (CannotPullContainerError); the services wait for steady state, so such an apply fails ' +
      'instead of reporting success. Each local image is expected under its repository name and tag (build or ' +
      'pull it first); the registry stack output `repository_urls` lists the same repository URLs. Tags are ' +
      'immutable: push a new tag for a new build.' +
      (copies.length > 0
        ? ` The images copied from elsewhere (${copies.map((i) => `${i.image} from ${i.copy!.from}`).join(', ')}) are pulled for the task's platform and pushed by the commands below, from a host with internet access; copy each new tag the same way before a task definition names it.`
        : ''),
    commands: toCommands([
      ...login(ctx),
      ...images.flatMap(({ image, copy }) => [
        ...(copy
          ? [
              sh`docker pull --platform ${copy.platform} ${copy.from}`,
              sh`docker tag ${copy.from} ${word(shVar('REGISTRY'), `/${image}`)}`,
            ]
          : [sh`docker tag ${image} ${word(shVar('REGISTRY'), `/${image}`)}`]),
        sh`docker push ${word(shVar('REGISTRY'), `/${image}`)}`,
      ]),
    ]),
  };
}

/**
 * With `nat: none`, the first pull of each image through a pull-through cache rule needs an internet route,
 * even behind the ECR endpoints (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html,
 * "Considerations"); later pulls do not. A networked host makes that first pull for every tag, so the tasks
 * find the image cached.
 */
export function pullThroughSeedStep(ctx: CompileContext): ManualStep | undefined {
  if (!usesVpcEndpoints(ctx.spec)) return undefined;
  const paths = [
    ...new Set(
      ctx.spec.apps.flatMap((a) =>
        a.containers.flatMap((c) => {
          const path = cachedImagePath(ctx.spec, c.image);
          return path === undefined ? [] : [path];
        }),
      ),
    ),
  ].sort();
  if (paths.length === 0) return undefined;
  return {
    order: STEP_ORDER.seedPullThroughCache,
    title: 'Seed the pull-through cache from a networked host (nat: none)',
    detail:
      `The tasks pull ${paths.join(', ')} through the ECR pull-through cache, but with nat: none they cannot make ` +
      'the first pull of an image: AWS needs an internet route for it, even behind the ECR VPC endpoints; later ' +
      'pulls are served from the cache. After the registry stack is applied (it creates the rules) and before ' +
      'the apps stack, pull each image once from a host with internet access, as a principal allowed ' +
      'ecr:BatchImportUpstreamImage and ecr:CreateRepository on the cache prefix. Every new tag needs the same ' +
      'seeding before a task definition names it.',
    commands: toCommands([
      ...login(ctx),
      ...paths.map((path) => sh`docker pull ${word(shVar('REGISTRY'), `/${path}`)}`),
    ]),
  };
}
