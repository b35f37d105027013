/** Route 53's spelling of a record value: how an inventory record is written in `aws_route53_record.records`. */
import type { DnsRecordSpec } from '../../schema/spec';
import { absoluteHost } from '../../schema/inventory/records';

/** The value of one inventory record as Route 53 (and the Terraform AWS provider) expect it. */
export function route53Value(domain: string, r: DnsRecordSpec): string {
  switch (r.type) {
    case 'MX':
      return `${r.priority ?? 0} ${absoluteHost(domain, r.data)}`;
    case 'SRV':
      return `${r.priority ?? 0} ${r.weight ?? 0} ${r.port ?? 0} ${absoluteHost(domain, r.data)}`;
    case 'CAA':
      return `${r.flags ?? 0} ${r.tag ?? 'issue'} "${r.data.replace(/^"|"$/g, '')}"`;
    case 'CNAME':
    case 'NS':
      return absoluteHost(domain, r.data);
    case 'TXT':
      return txtValue(r.data);
    default:
      return r.data.trim();
  }
}

/**
 * A TXT value for `aws_route53_record.records`: the provider adds the outer quotes itself, strings longer
 * than 255 bytes are split into several character strings joined by `""` (the provider's documented form),
 * and quotes and backslashes inside are escaped.
 */
export function txtValue(data: string): string {
  const text = unquoteTxt(data);
  const bytes = Buffer.from(text, 'utf8');
  const chunks: string[] = [];
  for (let start = 0; start < bytes.length || chunks.length === 0;) {
    let end = Math.min(start + 255, bytes.length);
    // Never cut a UTF-8 sequence: back off to the start of a character.
    while (end < bytes.length && end > start && (bytes[end] & 0xc0) === 0x80) end--;
    chunks.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    if (start >= bytes.length) break;
  }
  return chunks.map((c) => c.replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('""');
}

/** DigitalOcean shows TXT data unquoted; an inventory copied from a zone file may quote it. */
function unquoteTxt(data: string): string {
  const quoted = data.match(/^"((?:[^"\\]|\\.)*)"(?:\s+"((?:[^"\\]|\\.)*)")*$/);
  if (!quoted) return data;
  const parts = [...data.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, '$1'));
  return parts.join('');
}
