/** The manual step that pushes the app images to ECR between the registry stack and the apps stack. */
import type { CompileContext } from '../context';
import type { ManualStep } from '../model';
import { STEP_ORDER } from '../steps';
import { sh, shVar, toCommands, word } from '../shell';
import { registryHost } from './account-shell';

/**
 * The images the task definitions name must be in ECR before the apps stack creates the services, or every
 * task fails with CannotPullContainerError (and, with wait_for_steady_state, the apply fails after its
 * timeout). The registry stack depends on nothing, so it can be applied first and the images pushed.
 */
export function imagePushStep(ctx: CompileContext): ManualStep | undefined {
  const images = [
    ...new Set(
      ctx.spec.apps.flatMap((a) =>
        a.containers.flatMap((c) =>
          'repository' in c.image ? [`${c.image.repository}:${c.image.tag ?? 'latest'}`] : [],
        ),
      ),
    ),
  ].sort();
  if (images.length === 0) return undefined;
  const region = ctx.spec.aws.region;
  return {
    order: STEP_ORDER.pushImages,
    title: 'Push the app images to ECR before applying the apps stack',
    detail:
      `Apply the registry stack (${ctx.prefix}-registry) first, then push every image the task definitions name ` +
      `(${images.join(', ')}), then apply the apps stack (or the app stacks). ECS cannot start a task whose ` +
      'image is missing (CannotPullContainerError); the services wait for steady state, so such an apply fails ' +
      'instead of reporting success. Each local image is expected under its repository name and tag (build or ' +
      'pull it first); the registry stack output `repository_urls` lists the same repository URLs. Tags are ' +
      'immutable: push a new tag for a new build.',
    commands: toCommands([
      sh`REGISTRY=${registryHost(ctx)}`,
      sh`aws ecr get-login-password --region ${region} | docker login --username AWS --password-stdin ${shVar('REGISTRY')}`,
      ...images.flatMap((image) => [
        sh`docker tag ${image} ${word(shVar('REGISTRY'), `/${image}`)}`,
        sh`docker push ${word(shVar('REGISTRY'), `/${image}`)}`,
      ]),
    ]),
  };
}
