import { locateFinding, type Finding } from '../../schema/diagnostics';
import { loadSpecFile } from '../../schema/load';
import { compileSpec } from '../../compiler';
import { exampleFile } from '../helpers/examples';

const PHP_SHOP = exampleFile('php-shop');

describe('locateFinding: one way to place a finding in the file, for every layer', () => {
  const finding: Finding = {
    code: 'x/y',
    path: ['apps', 0, 'expose', 'public', 'hostnames', 1],
    message: 'something about the second hostname',
  };

  it('without a source, points at the top of migration.yaml with the path spelled out', () => {
    expect(locateFinding(finding, undefined, 'warning')).toEqual({
      severity: 'warning',
      code: 'x/y',
      file: 'migration.yaml',
      line: 1,
      column: 1,
      path: 'apps[0].expose.public.hostnames[1]',
      message: 'something about the second hostname',
    });
  });

  it("takes the finding's own severity over the default, and keeps expected and hint only when given", () => {
    const d = locateFinding({ ...finding, severity: 'warning', hint: 'h' }, undefined, 'error');
    expect(d.severity).toBe('warning');
    expect(d.hint).toBe('h');
    expect('expected' in d).toBe(false);
  });

  it('with the loaded source, points at the value of the path and underlines it', () => {
    const loaded = loadSpecFile(PHP_SHOP);
    if (!loaded.ok) throw new Error('php-shop does not load');
    const d = locateFinding(finding, loaded.source, 'warning');
    // examples/php-shop/migration.yaml: `hostnames: [shop-example.com, www.shop-example.com]`
    expect({ line: d.line, column: d.column, length: d.length }).toEqual({
      line: 122,
      column: 39,
      length: 20,
    });
    expect(d.file).toBe(PHP_SHOP);
  });

  it("places the compiler's warnings the same way (here: the cutover's notes on a hostname)", () => {
    const loaded = loadSpecFile(PHP_SHOP);
    if (!loaded.ok) throw new Error('php-shop does not load');
    const compiled = compileSpec(loaded.spec, { source: loaded.source });
    if (!compiled.ok) throw new Error('php-shop does not compile');
    const atSecondHostname = compiled.plan.warnings.filter(
      (w) => w.path === 'apps[0].expose.public.hostnames[1]',
    );
    expect(atSecondHostname.length).toBeGreaterThan(0);
    for (const w of atSecondHostname)
      expect([w.file, w.line, w.column, w.length]).toEqual([PHP_SHOP, 122, 39, 20]);
  });
});
