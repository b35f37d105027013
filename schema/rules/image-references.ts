/**
 * `image.uri` and `image.copyFrom` are image references docker can pull (schema/image-reference.ts): one
 * that is not (a bad registry host, an uppercase repository, a bad tag or digest, a space, a template) was
 * accepted before and failed only at apply, when ECS or the push step's `docker pull` refused it.
 */
import { parseImageReferenceText } from '../image-reference';
import type { FindingPath, Report } from '../report';
import type { MigrationSpec } from '../spec';

export function checkImageReferences(r: Report, spec: MigrationSpec): void {
  spec.apps.forEach((app, a) =>
    app.containers.forEach((c, j) => {
      const at: FindingPath = ['apps', a, 'containers', j, 'image'];
      if ('uri' in c.image) check(r, c.image.uri, [...at, 'uri']);
      else if (c.image.copyFrom !== undefined) check(r, c.image.copyFrom, [...at, 'copyFrom']);
    }),
  );
}

function check(r: Report, text: string, path: FindingPath): void {
  const result = parseImageReferenceText(text);
  if (result.ok) return;
  const { message, expected, hint } = result.problem;
  r.error(path, 'image-reference', message, { expected, hint });
}
