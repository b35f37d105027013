/**
 * TLS certificates (`doctl compute certificate list -o json`, `GET /v2/certificates`): godo's `Certificate`
 * (`id`, `name`, `type`, `dns_names`, `not_after`, `sha1_fingerprint`, `created_at`, `state`) →
 * `digitalocean.certificates`, which load balancers' forwarding rules name.
 */
import type { MigrationSpecInput } from '../../schema/spec';
import type { YamlComment } from './comments';
import type { Warnings } from './errors';
import type { Json } from './json';
import { NameAllocator } from './names';
import type { RawCertificate } from './raw';

type CertificateOut = NonNullable<NonNullable<MigrationSpecInput['digitalocean']>['certificates']>[number];

export function readCertificate(item: Json): RawCertificate {
  item.object();
  const notAfter = item.get('not_after').optString();
  return {
    id: item.get('id').string(),
    name: item.get('name').string(),
    type: item.get('type').string(),
    ...(notAfter ? { notAfter } : {}),
  };
}

/** The types DigitalOcean's API documents for /v2/certificates. */
const CERTIFICATE_TYPES = new Set(['lets_encrypt', 'custom']);
/** A certificate's expiry goes into a comment only when it is the RFC 3339 time DigitalOcean prints. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** JSON-quoted, with the C1 controls and line/paragraph separators JSON leaves raw escaped too. */
const quoted = (text: string): string =>
  JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/**
 * Valid, unique names (the DigitalOcean name, when it had to change, and the expiry in a comment); fills
 * `certificateName` (id → name) for the forwarding rules. A type migration.yaml does not know is left out.
 */
export function importCertificates(
  raw: readonly RawCertificate[],
  ctx: { warnings: Warnings; comments: YamlComment[]; certificateName: Map<string, string> },
): CertificateOut[] {
  const names = new NameAllocator('certificate');
  const out: CertificateOut[] = [];
  for (const cert of raw) {
    if (!CERTIFICATE_TYPES.has(cert.type)) {
      ctx.warnings.add(
        `certificate ${cert.id}: type ${quoted(cert.type)} is neither lets_encrypt nor custom; left out`,
      );
      continue;
    }
    const name = names.allocate(cert.name);
    ctx.certificateName.set(cert.id, name);
    // The DigitalOcean name is data: quoted, so no character of it can end the comment's line.
    const notes = [
      name !== cert.name ? `DigitalOcean name: ${quoted(cert.name)}` : '',
      cert.notAfter && RFC3339.test(cert.notAfter) ? `not after ${cert.notAfter}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    if (notes)
      ctx.comments.push({
        path: ['digitalocean', 'certificates', out.length],
        text: ` ${notes}`,
        placement: 'before',
      });
    out.push({ name, id: cert.id, type: cert.type as CertificateOut['type'] });
  }
  return out;
}
