/** Where an app's images come from: a declared ECR repository, or a URI that may or may not be ECR. */
import type { ContainerSpec, MigrationSpec, PULL_THROUGH_UPSTREAMS } from '../spec';

/** The account and region of a private ECR registry URI (`<account>.dkr.ecr.<region>.amazonaws.com/...`). */
export function ecrRegistryOf(uri: string): { account: string; region: string } | undefined {
  const match = /^(\d{12})\.dkr\.ecr\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?\//.exec(uri);
  return match ? { account: match[1], region: match[2] } : undefined;
}

/** The pull-through cache upstreams, by registry host (AWS's `upstreamRegistryUrl`, and the hosts people write). */
const UPSTREAM_HOSTS: Record<string, PullThroughUpstream> = {
  'docker.io': 'docker-hub',
  'index.docker.io': 'docker-hub',
  'registry-1.docker.io': 'docker-hub',
  'ghcr.io': 'github-container-registry',
  'quay.io': 'quay',
  'public.ecr.aws': 'ecr-public',
};

/** `upstreamRegistryUrl` of each upstream (ECR `CreatePullThroughCacheRule`). */
export const UPSTREAM_REGISTRY_URLS: Record<PullThroughUpstream, string> = {
  'docker-hub': 'registry-1.docker.io',
  'github-container-registry': 'ghcr.io',
  quay: 'quay.io',
  'ecr-public': 'public.ecr.aws',
};

export type PullThroughUpstream = (typeof PULL_THROUGH_UPSTREAMS)[number];

/** An image reference split the way a registry reads it. */
export interface ImageReference {
  /** The registry host (`docker.io` when the reference names none). */
  host: string;
  /** The pull-through cache upstream the host is, if it is one. */
  upstream?: PullThroughUpstream;
  /** The repository path in that registry; Docker Hub's official images get their implied `library/`. */
  path: string;
  /** `:tag` or `@sha256:…` as written, `:latest` when neither is. */
  reference: string;
}

/**
 * Docker's reading of an image reference: the first component is a registry host when it has a `.` or a
 * `:` or is `localhost`, else the image is on Docker Hub, where a one-component name is an official image
 * under `library/`. Undefined for text that is not a reference (empty components, no path).
 */
export function parseImageReference(uri: string): ImageReference | undefined {
  const at = uri.indexOf('@');
  const nameAndTag = at < 0 ? uri : uri.slice(0, at);
  const digest = at < 0 ? '' : uri.slice(at);
  const slash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  const tag = hasTag ? nameAndTag.slice(colon) : '';
  const parts = name.split('/');
  if (parts.some((p) => p === '')) return undefined;
  const first = parts[0];
  const explicitHost =
    parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const host = explicitHost ? first.toLowerCase() : 'docker.io';
  const pathParts = explicitHost ? parts.slice(1) : parts;
  if (pathParts.length === 0) return undefined;
  const upstream = UPSTREAM_HOSTS[host];
  const path =
    upstream === 'docker-hub' && pathParts.length === 1 ? `library/${pathParts[0]}` : pathParts.join('/');
  return { host, upstream, path, reference: digest !== '' ? `${tag}${digest}` : tag || ':latest' };
}

/**
 * Where a pull-through cached image sits in the account's registry: `<prefix>/<upstream path><:tag|@digest>`
 * (the host is `<account>.dkr.ecr.<region>.amazonaws.com`). Undefined unless the image asks for the cache and
 * a rule for its registry exists (the rules refuse anything else).
 */
export function cachedImagePath(spec: MigrationSpec, image: ContainerSpec['image']): string | undefined {
  if (!('uri' in image) || !image.pullThroughCache) return undefined;
  const ref = parseImageReference(image.uri);
  const rule = spec.ecr.pullThroughCache.find((r) => r.upstream === ref?.upstream);
  if (!ref || !rule) return undefined;
  return `${rule.prefix ?? rule.upstream}/${ref.path}${ref.reference}`;
}
