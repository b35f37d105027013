/**
 * Docker's image reference grammar (distribution/reference, the grammar docker, containerd and ECS's agent
 * read), checked one part at a time so a refusal names the part that is wrong:
 *
 *   reference   := name [ ":" tag ] [ "@" digest ]
 *   name        := [ domain "/" ] path-component [ "/" path-component ]*
 *   domain      := host [ ":" port ]        host := domain-name | "[" IPv6 "]"
 *   domain-name := domain-component [ "." domain-component ]*
 *   domain-component := /[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]/
 *   path-component   := /[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*\/    (lowercase only)
 *   tag         := /[\w][\w.-]{0,127}/
 *   digest      := algorithm ":" hex, with sha256 (64), sha384 (96) or sha512 (128) lowercase hex digits
 *
 * As docker reads a familiar name, the first component is a registry host only when the name has a `/` after
 * it and it holds a `.` or a `:` or is `localhost`; otherwise the image is on Docker Hub. Two deliberate
 * departures, both refusing what could never be pulled from a task: docker also reads an uppercase first
 * component as a host (here it is an uppercase repository), and a port above 65535. ECS also caps a container definition's `image` at 255 characters (ContainerDefinition, "image",
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html).
 *
 * Hand-written rather than `@swimlane/docker-reference` 2.0.1 (the maintained npm port of the same grammar):
 * its path-component separator is `[-]*`, which can match nothing, so a refused name backtracks
 * exponentially (11 characters took 5.6 s and 15 more than 30 s on the 2-core machine); it also refuses
 * an IPv6 registry host and gives no part-by-part reason. No regular expression here nests an unbounded
 * repetition inside another that can match the same text, and every part is at most 255 characters.
 */

/** ECS's limit on a container definition's `image`. */
export const IMAGE_REFERENCE_MAX_LENGTH = 255;

export interface ImageReferenceParts {
  /** The registry host (and port) as written, when the reference names one. */
  domain?: string;
  /** The repository path in that registry, without Docker Hub's implied `library/`. */
  path: string;
  tag?: string;
  digest?: string;
}

/** What is wrong with a reference: one sentence on the part, what the grammar expects there, and a fix. */
export interface ImageReferenceProblem {
  part: 'text' | 'registry' | 'repository' | 'tag' | 'digest';
  message: string;
  expected: string;
  hint: string;
}

export type ImageReferenceResult =
  { ok: true; parts: ImageReferenceParts } | { ok: false; problem: ImageReferenceProblem };

const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6_HOST = /^\[[a-fA-F0-9:]+\]$/;
const PORT = /^[0-9]+$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
const IDENTIFIER = /^[a-f0-9]{64}$/;

const EXAMPLES =
  'nginx:1.27, ghcr.io/acme/api:2.1.0, public.ecr.aws/datadog/agent:7 or quay.io/org/app@sha256:<64 hex>';

function problem(part: ImageReferenceProblem['part'], message: string, expected: string, hint: string) {
  return { ok: false as const, problem: { part, message, expected, hint } };
}

/** Whether `text` is an image reference docker would pull, and its parts, or the first part that is wrong. */
export function parseImageReferenceText(text: string): ImageReferenceResult {
  const whole = checkWhole(text);
  if (whole) return whole;
  const at = text.indexOf('@');
  const nameAndTag = at < 0 ? text : text.slice(0, at);
  const digest = at < 0 ? undefined : text.slice(at + 1);
  const slash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.lastIndexOf(':');
  const tag = colon > slash ? nameAndTag.slice(colon + 1) : undefined;
  const name = colon > slash ? nameAndTag.slice(0, colon) : nameAndTag;

  const firstSlash = name.indexOf('/');
  const first = firstSlash < 0 ? '' : name.slice(0, firstSlash);
  // Docker also reads an uppercase first component as a host ("MyOrg/app"); a one-label host cannot be
  // resolved from a task, so it is read here as the Docker Hub repository it was meant to be, and refused as
  // uppercase.
  const hasDomain = firstSlash >= 0 && (/[.:]/.test(first) || first === 'localhost');
  const domain = hasDomain ? first : undefined;
  const path = hasDomain ? name.slice(firstSlash + 1) : name;

  if (domain !== undefined) {
    const bad = checkDomain(domain);
    if (bad) return bad;
  }
  const badPath = checkPath(path, domain);
  if (badPath) return badPath;
  if (tag !== undefined && !TAG.test(tag))
    return problem(
      'tag',
      tag === '' ? 'the tag after ":" is empty' : `the tag "${tag}" is not a Docker tag`,
      'a tag of letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters',
      'write the tag the image was pushed with, such as 1.4.2 or a git SHA',
    );
  if (digest !== undefined) {
    const bad = checkDigest(digest);
    if (bad) return bad;
  }
  return { ok: true, parts: { ...(domain !== undefined ? { domain } : {}), path, tag, digest } };
}

/** What concerns the text as a whole: its length, spaces and control characters, templates, a bare id. */
function checkWhole(text: string): ImageReferenceResult | undefined {
  if (text.length > IMAGE_REFERENCE_MAX_LENGTH)
    return problem(
      'text',
      `the image reference is ${text.length} characters long; ECS takes at most ${IMAGE_REFERENCE_MAX_LENGTH}`,
      `at most ${IMAGE_REFERENCE_MAX_LENGTH} characters`,
      'shorten the repository path or the tag',
    );
  if (/[\s\u0000-\u001f\u007f]/.test(text))
    return problem(
      'text',
      'the image reference holds a space, a line break or a control character',
      `an image reference such as ${EXAMPLES}`,
      'remove the spaces (quote the value in YAML if it holds ": " or "#"); a reference has none',
    );
  if (/[$%]\{/.test(text))
    return problem(
      'text',
      'the image reference holds a template sequence ("${" or "%{"), which no registry resolves',
      `a literal image reference such as ${EXAMPLES}`,
      'write the image and tag themselves: dropship passes the reference to ECS as text, and ECS does not substitute variables',
    );
  if ((text.match(/@/g) ?? []).length > 1)
    return problem(
      'digest',
      'the image reference has more than one "@"',
      'name[:tag][@algorithm:hex]',
      'keep one digest after the name (and tag)',
    );
  if (IDENTIFIER.test(text))
    return problem(
      'repository',
      'a bare 64-digit image id is not a reference a registry serves',
      `a repository with a tag or digest, such as ${EXAMPLES}`,
      'name the repository, and pin the image with @sha256:<id> after it',
    );
  if (text.startsWith('@') || text === '')
    return problem(
      'repository',
      'the image reference names no repository',
      `an image reference such as ${EXAMPLES}`,
      'write the repository before the tag or digest',
    );
  return undefined;
}

function checkDomain(domain: string): ImageReferenceResult | undefined {
  const bracket = domain.startsWith('[') ? domain.indexOf(']') : -1;
  const portAt = bracket >= 0 ? (domain[bracket + 1] === ':' ? bracket + 1 : -1) : domain.lastIndexOf(':');
  const host = portAt < 0 ? domain : domain.slice(0, portAt);
  const port = portAt < 0 ? undefined : domain.slice(portAt + 1);
  const hostOk =
    IPV6_HOST.test(host) || (host !== '' && host.split('.').every((c) => DOMAIN_COMPONENT.test(c)));
  const portOk = port === undefined || (PORT.test(port) && Number(port) <= 65535);
  if (hostOk && portOk) return undefined;
  return problem(
    'registry',
    hostOk
      ? `the registry "${domain}" has the port "${port}", which is not a port number`
      : `the registry "${domain}" is not a host name`,
    'a registry host such as ghcr.io, registry.example.com:5000 or [2001:db8::1]:5000: labels of letters, digits and "-" (not at either end) separated by ".", and an optional :port',
    'fix the host name, or leave the registry out for Docker Hub',
  );
}

function checkPath(path: string, domain: string | undefined): ImageReferenceResult | undefined {
  const components = path.split('/');
  for (const component of components) {
    if (PATH_COMPONENT.test(component)) continue;
    if (component === '')
      return problem(
        'repository',
        path === ''
          ? 'the image reference names no repository'
          : `the repository path "${path}" has an empty component (a "/" at an end, or "//")`,
        'path components separated by single "/"',
        'remove the extra "/"',
      );
    if (PATH_COMPONENT.test(component.toLowerCase()))
      return problem(
        'repository',
        `the repository "${path}" has uppercase letters; registries take lowercase repository names only`,
        'a lowercase repository path such as acme/api',
        `write it in lowercase: ${domain !== undefined ? `${domain}/` : ''}${path.toLowerCase()}`,
      );
    return problem(
      'repository',
      `"${component}" is not a repository name component`,
      'lowercase letters and digits, separated by one ".", one or two "_" or any number of "-", not at either end',
      'repository paths are lowercase words joined by "/", such as acme/api or library/nginx',
    );
  }
  return undefined;
}

function checkDigest(digest: string): ImageReferenceResult | undefined {
  const expected = 'sha256: followed by 64 lowercase hex digits (sha384: 96, sha512: 128)';
  const hint = 'copy the digest from `docker buildx imagetools inspect <image>` or the registry';
  if (!DIGEST.test(digest))
    return problem('digest', `the digest "${digest}" is not algorithm:hex`, expected, hint);
  const [algorithm, hex] = digest.split(':');
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined)
    return problem(
      'digest',
      `the digest algorithm "${algorithm}" is not sha256, sha384 or sha512`,
      expected,
      hint,
    );
  if (hex.length !== length || hex !== hex.toLowerCase())
    return problem(
      'digest',
      `the ${algorithm} digest has ${hex.length} ${hex === hex.toLowerCase() ? '' : 'mixed-case '}hex digits; it takes ${length} lowercase`,
      expected,
      hint,
    );
  return undefined;
}
