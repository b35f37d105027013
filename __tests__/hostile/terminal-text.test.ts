/**
 * Values from a spec or an inventory reach the terminal and CI logs (diagnostics, `plan --format text`,
 * `cutover status`). None may act there: an escape sequence, a carriage return or a line break in a value is
 * shown as ‹U+XXXX›, so a DNS record cannot retitle the terminal, erase a line, or forge `::error::` in a log.
 */
import { printable, printableDeep, printableInPlace } from '../../cli/printable';
import { codeFrame, renderDiagnostic } from '../../cli/report';
import { compile } from '../../compiler';
import { buildPlanReport } from '../../cli/plan/report';
import { renderText } from '../../cli/plan/text';
import { synthesizePlan } from '../../cli/plan/synthesize';
import { baseSpecInput, specFrom } from '../helpers/synth';
import type { Diagnostic } from '../../schema/diagnostics';

const ATTACKS = [
  '\u001b]0;pwned\u0007',
  '\r\u001b[2K',
  '\n::error::forged',
  '\u202eevil',
  'a\u200bb',
  '\u0000',
];
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b]/u;

describe('terminal text', () => {
  it.each(ATTACKS)('shows %j as visible code points', (attack) => {
    const shown = printable(`x${attack}y`);
    expect(shown).not.toMatch(ACTIVE);
    expect(shown).not.toContain('\n');
    expect(shown).toMatch(/‹U\+[0-9A-F]{4}›/);
  });

  it('keeps columns in a code frame', () => {
    expect(printableInPlace('a\u001bb')).toHaveLength(3);
    const frame = codeFrame('key: "a\u001b[2Kb"\n', 1, 8, 1)!;
    expect(frame).not.toMatch(ACTIVE);
    const [line, caret] = frame.split('\n').slice(-2);
    expect(caret.indexOf('^')).toBe(line.indexOf('\uFFFD'));
  });

  it('renders a diagnostic quoting a hostile value on one line per part', () => {
    const d: Diagnostic = {
      file: 'migration.yaml',
      line: 1,
      column: 1,
      severity: 'error',
      code: 'dns/x',
      message: 'record "\n::error::forged" is wrong',
      path: 'inventory.domains[0]\u001b[2K',
      hint: 'fix \r it',
    } as Diagnostic;
    const text = renderDiagnostic(d);
    expect(text).not.toMatch(ACTIVE);
    expect(text.split('\n').some((l) => l.startsWith('::error::'))).toBe(false);
  });

  it('renders the text plan without active characters from the report', () => {
    const spec = specFrom(baseSpecInput());
    const plan = compile(spec);
    const report = buildPlanReport({
      file: 'inline.yaml',
      spec,
      plan,
      stacks: synthesizePlan(plan),
      warnings: [],
    });
    const hostile = { ...report, project: `shop\n::error::forged\u001b]0;t\u0007` };
    const text = renderText(hostile);
    expect(text).not.toMatch(ACTIVE);
    expect(text.split('\n').some((l) => l.startsWith('::error::'))).toBe(false);
    expect(printableDeep({ a: ['\u001b'] })).toEqual({ a: ['‹U+001B›'] });
  });
});
