/**
 * The drafted migration.yaml reads the same in YAML 1.1 tools (PyYAML: yamllint, pre-commit's check-yaml,
 * Ansible) as in dropship: those refuse a plain scalar that starts with `:` inside a flow list (`[::/0]`,
 * the IPv6 "anywhere" of every DigitalOcean firewall), so such a value is written quoted.
 */
import fc from 'fast-check';
import { parse, parseDocument, visit, isScalar, Scalar } from 'yaml';
import { renderYaml } from '../../cli/import/emit';

describe('import writes values every YAML parser reads alike', () => {
  it('a value starting with a colon is quoted, in flow lists and block values, and reads back unchanged', () => {
    const colonValue = fc.oneof(
      fc.constantFrom('::/0', '::1', '::', ':80'),
      fc.stringMatching(/^:[0-9a-f:/]{0,12}$/),
    );
    fc.assert(
      fc.property(colonValue, (value) => {
        const data = {
          digitalocean: {
            firewalls: [
              {
                name: 'web',
                outbound: [{ protocol: 'tcp', destinations: { addresses: ['0.0.0.0/0', value] } }],
              },
            ],
            note: value,
          },
        };
        const text = renderYaml(data, []);
        expect(parse(text)).toEqual(data);
        visit(parseDocument(text), {
          Scalar(_key, node) {
            if (isScalar(node) && typeof node.value === 'string' && node.value.startsWith(':'))
              expect(node.type).not.toBe(Scalar.PLAIN);
          },
        });
      }),
      { numRuns: 100 },
    );
  });
});
