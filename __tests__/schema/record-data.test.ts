/**
 * DNS record data by type (schema/rules/record-data.ts): A holds an IPv4 address, AAAA an IPv6 address,
 * CNAME a host name. Generated wrong data of every kind is a located `dns/record-data` error; generated
 * right data passes.
 */
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { BASE } from './base-spec';
import { diagnosticsOf } from '../helpers/validate';

type Data = Record<string, unknown>;

/** BASE with these records in its domain, written out as YAML (one record a line, so each has its line). */
function withRecords(records: { type: string; data: string }[]): string {
  const d = parse(BASE) as Data;
  const domain = ((d.digitalocean as Data).domains as Data[])[0];
  domain.records = records.map((r, i) => ({ type: r.type, name: `r${i}`, data: r.data }));
  return stringify(d, { collectionStyle: 'block' });
}

const ipv4 = fc.ipV4();
const ipv6 = fc.ipV6();
const host = fc.domain();
const payload = fc.constantFrom(
  '${file("/etc/hostname")}',
  '10.0.0.1; rm -rf /',
  'not an address',
  '203.0.113.10 203.0.113.11',
  '<img src=x>',
  '',
);
const octetTooBig = fc
  .tuple(fc.integer({ min: 256, max: 999 }), ipv4)
  .map(([o, ip]) => ip.replace(/^\d+/, String(o)));
const labelTooLong = fc.stringMatching(/^[a-z]{64,70}$/).map((l) => `${l}.example.com`);
const hostWithBadCharacter = fc
  .tuple(host, fc.constantFrom(' ', '/', '@', '*', '!', '$', ':', '..'))
  .map(([h, c]) => h.replace('.', `${c}.`));

const WRONG: Record<string, fc.Arbitrary<string>> = {
  A: fc.oneof(ipv6, host, octetTooBig, payload),
  AAAA: fc.oneof(
    ipv4,
    host.filter((h) => !h.includes(':')),
    payload,
    fc.constant('2001:db8::g'),
  ),
  CNAME: fc.oneof(ipv6, labelTooLong, hostWithBadCharacter, payload),
};
const RIGHT: Record<string, fc.Arbitrary<string>> = {
  A: ipv4,
  AAAA: ipv6,
  CNAME: fc.oneof(
    host,
    host.map((h) => `${h}.`),
    fc.constant('@'),
    fc.constant('_acme-challenge.example.net.'),
  ),
};

describe('DNS record data by type', () => {
  it('wrong data of every kind is a located dns/record-data error with a hint', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('A', 'AAAA', 'CNAME').chain((type) => WRONG[type].map((data) => ({ type, data }))),
        fc.array(
          fc.constantFrom('A', 'AAAA', 'CNAME').chain((type) => RIGHT[type].map((data) => ({ type, data }))),
          { maxLength: 3 },
        ),
        ({ type, data }, others) => {
          if (data.trim() === '') return; // an empty string is zod's `too small` already
          const records = [...others, { type, data }];
          const text = withRecords(records);
          const found = diagnosticsOf(text).filter((d) => d.code === 'dns/record-data');
          expect(found.map((d) => d.path)).toEqual([
            `digitalocean.domains[0].records[${others.length}].data`,
          ]);
          expect(found[0].message).toContain(`the data of a ${type} record must be`);
          expect(found[0].hint).toContain('e.g.');
          const line = text.split('\n')[found[0].line - 1];
          expect(line).toContain('data:');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('right data passes, as generated addresses and host names', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom('A', 'AAAA', 'CNAME').chain((type) => RIGHT[type].map((data) => ({ type, data }))),
          { minLength: 1, maxLength: 5 },
        ),
        (records) => {
          const found = diagnosticsOf(withRecords(records)).filter((d) => d.code === 'dns/record-data');
          expect(found).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
