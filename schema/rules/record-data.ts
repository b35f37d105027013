/**
 * DNS record data by type: an A record holds an IPv4 address, an AAAA record an IPv6 address and a CNAME a
 * host name. The data is copied to Route 53 and read by the cutover (what a hostname answers today), so a
 * record `A www "not an address"` would fail only at `terraform apply`, or mislead the cutover's checks.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';

/** A host name as DNS holds it: labels of letters, digits, `-` and `_` (service labels), an optional final dot. */
const HOST_LABEL = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)$/;

export function isHostName(data: string): boolean {
  if (data === '@') return true; // DigitalOcean's apex
  const name = data.endsWith('.') ? data.slice(0, -1) : data;
  if (name === '' || name.length > 253) return false;
  return name.split('.').every((label) => HOST_LABEL.test(label));
}

const BY_TYPE: Record<string, { valid: (data: string) => boolean; expected: string; example: string }> = {
  A: { valid: (d) => isIPv4(d), expected: 'an IPv4 address', example: '203.0.113.10' },
  AAAA: { valid: (d) => isIPv6(d), expected: 'an IPv6 address', example: '2001:db8::10' },
  CNAME: {
    valid: isHostName,
    expected: 'a host name (letters, digits, `-` and `_` in dot-separated labels of at most 63 characters)',
    example: 'shop.example.net.',
  },
};

export function checkRecordData(r: Report, spec: MigrationSpec): void {
  spec.digitalocean.domains.forEach((domain, i) =>
    domain.records.forEach((record, j) => {
      const rule = BY_TYPE[record.type];
      if (!rule || rule.valid(record.data.trim())) return;
      r.error(
        ['digitalocean', 'domains', i, 'records', j, 'data'],
        'dns/record-data',
        `the data of a ${record.type} record must be ${rule.expected}`,
        {
          expected: rule.expected,
          hint: `write it as the zone holds it, e.g. \`${rule.example}\`; another kind of record takes another type (TXT for text, MX for mail)`,
        },
      );
    }),
  );
}
