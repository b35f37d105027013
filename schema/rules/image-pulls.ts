/**
 * Image pulls without NAT: with `nat: none` the private subnets reach only the VPC endpoints, and the ECR
 * endpoints serve the private registries of the VPC's own region. An image anywhere else (Docker Hub, GHCR,
 * ECR Public, another region) can never be pulled: the task would stay PENDING, so it is refused here.
 */
import { ecrRegistryOf } from '../inventory/images';
import { usesVpcEndpoints } from '../inventory/network';
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';

export function checkImagePulls(r: Report, spec: MigrationSpec): void {
  if (!usesVpcEndpoints(spec)) return;
  const { region } = spec.aws;
  spec.apps.forEach((app, a) =>
    app.containers.forEach((c, j) => {
      if (!('uri' in c.image)) return;
      const registry = ecrRegistryOf(c.image.uri);
      if (registry?.region === region) return;
      r.error(
        ['apps', a, 'containers', j, 'image', 'uri'],
        'nat-none-external-image',
        registry
          ? `${c.image.uri} is in ECR in ${registry.region}, but with nat: none the tasks reach ECR in ${region} only (through the VPC endpoints): the image can never be pulled`
          : `${c.image.uri} is outside ECR, and with nat: none the tasks reach only ECR in ${region} (through the VPC endpoints): the image can never be pulled`,
        {
          expected: `an image in ECR in ${region}: { repository, tag } or { uri: <account>.dkr.ecr.${region}.amazonaws.com/<name>:<tag> }`,
          hint: registry
            ? `replicate the repository into ${region} (ECR replication) and use that URI, or set aws.network.vpc.nat: single`
            : `copy the image into an ECR repository of ${region} before apply (declare it under ecr.repositories, push the copy from a networked host, and write image: { repository, tag }), or set aws.network.vpc.nat: single so tasks can reach other registries`,
        },
      );
    }),
  );
}
