/**
 * `image.uri` and `image.copyFrom` are image references docker can pull (schema/image-reference.ts): one
 * that is not (a bad registry host, an uppercase repository, a bad tag or digest, a space, a template) was
 * accepted before and failed only at apply, when ECS or the push step's `docker pull` refused it. A registry
 * on a loopback host (`localhost:5000/…`, `127.0.0.1:…`, `[::1]:…`) is grammatical, but it names the
 * machine that reads it: the builder's own registry, which a Fargate task (or the CI runner or host that
 * runs the copy step) cannot reach.
 */
import { isIPv4 } from 'node:net';
import { parseImageReferenceText } from '../image-reference';
import type { FindingPath, Report } from '../report';
import type { MigrationSpec } from '../spec';

export function checkImageReferences(r: Report, spec: MigrationSpec): void {
  spec.apps.forEach((app, a) =>
    app.containers.forEach((c, j) => {
      const at: FindingPath = ['apps', a, 'containers', j, 'image'];
      if ('uri' in c.image) check(r, c.image.uri, [...at, 'uri'], 'uri');
      else if (c.image.copyFrom !== undefined) check(r, c.image.copyFrom, [...at, 'copyFrom'], 'copyFrom');
    }),
  );
}

function check(r: Report, text: string, path: FindingPath, field: 'uri' | 'copyFrom'): void {
  const result = parseImageReferenceText(text);
  if (!result.ok) {
    const { message, expected, hint } = result.problem;
    r.error(path, 'image-reference', message, { expected, hint });
    return;
  }
  const domain = result.parts.domain;
  if (domain === undefined || !isLoopback(hostOf(domain))) return;
  r.error(
    path,
    'image-loopback-registry',
    field === 'uri'
      ? `the registry "${domain}" is a loopback address: a Fargate task pulls the image itself, and its loopback is the task's own, not the host the image was built on`
      : `the registry "${domain}" is a loopback address: the copy step pulls it from whichever host runs it (the CI workflow's runner, or the machine of whoever follows the plan), whose loopback holds no registry`,
    {
      expected:
        'a registry the task or the copy step reaches over the network: ECR (image: { repository, tag }), ghcr.io, docker.io, or a registry host name',
      hint:
        field === 'uri'
          ? 'push the image to an ECR repository of the spec (ecr.repositories) and name it as image: { repository, tag }'
          : 'push the image from the builder straight into the ECR repository (the plan’s push step) and drop copyFrom, or copy from a registry reachable over the network',
    },
  );
}

/** The host of a registry domain (`host[:port]`, `[ipv6]:port`), without port or brackets, lowercase. */
function hostOf(domain: string): string {
  if (domain.startsWith('[')) return domain.slice(1, domain.indexOf(']')).toLowerCase();
  const colon = domain.lastIndexOf(':');
  return (colon < 0 ? domain : domain.slice(0, colon)).toLowerCase();
}

/**
 * localhost (and names under .localhost, which resolvers answer with loopback: RFC 6761 §6.3), 127.0.0.0/8,
 * 0.0.0.0 (this host) and ::1 in its written forms.
 */
function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIPv4(host)) return host.startsWith('127.') || host === '0.0.0.0';
  return /^(?:0{0,4}:){1,7}0{0,3}1$/.test(host) || host === '::1';
}
