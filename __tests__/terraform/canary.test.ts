/**
 * The canary: a temp file with random content, and generated payloads that read it (`${file(…)}`,
 * `${tonumber(file(…))}`, which makes even `terraform validate` print the file, `%{for …}`, `%{if …}`,
 * with `$`, `$$` and quotes around them, and HCL string breakouts) in every string field and map of both
 * examples wherever validation accepts them (helpers/hostile-spec.ts). Every AWS stack is synthesized and
 * run through `terraform validate` and an offline `plan`; the canary's content must appear nowhere in what
 * terraform prints or in the saved plan (`terraform show -json`). A stack terraform refuses is fine as long
 * as the refusal does not print the canary; the stacks holding the fields the issue lists must plan.
 *
 * Then HCL: the same kind of spec with multi-line values (lines `EOF` with blanks and `\r`, other heredoc
 * markers, quotes, backslashes, `${`, `%{`) synthesized with `--hcl` and planned from the HCL: the planned
 * values are the JSON's, value for value, and no block the payloads spell appears.
 *
 * The digitalocean stack cannot be planned here (no provider in the mirror): __tests__/stacks/
 * hostile-strings.test.ts checks every stack, that one included, structurally.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadSpecText } from '../../schema/load';
import { compile } from '../../compiler';
import { cleanupSynth, exampleText, synthPlan } from '../helpers/synth';
import { hostileSources, hostileSpec } from '../helpers/hostile-spec';
import { payloadShapes, payloads } from '../helpers/payloads';
import { describeTerraform, planStack, TerraformFailure, type StackPlanResult } from '../helpers/terraform';

const CANARY_FILE = join(tmpdir(), `dropship-canary-${randomBytes(6).toString('hex')}`);
/** Not a number (so tonumber() fails and prints it), lowercase (e-mails are lowercased), one line. */
const CANARY = `canary-${randomBytes(12).toString('hex')}`;
/** The stacks that hold DNS records, ALB paths and health checks, secrets and alarms: they must plan. */
const MUST_PLAN = /-(dns|data|apps|cutover)$/;

beforeAll(() => writeFileSync(CANARY_FILE, CANARY));
afterAll(() => {
  rmSync(CANARY_FILE, { force: true });
  cleanupSynth();
});

const SOURCES = hostileSources([
  ['php-shop', exampleText('php-shop')],
  ['django-app', exampleText('django-app')],
]);
const PLAIN = payloadShapes(CANARY_FILE).slice(0, 3);

/** Plans a stack; a refusal counts as an outcome, with what terraform printed before it. */
function outcome(run: () => StackPlanResult): { planned: boolean; printed: string } {
  try {
    const result = run();
    return { planned: true, printed: `${result.logs}\n${JSON.stringify(result.raw)}` };
  } catch (err) {
    if (!(err instanceof TerraformFailure)) throw err;
    return { planned: false, printed: `${err.message}\n${err.logs}` };
  }
}

describeTerraform('canary: no payload is evaluated by terraform', () => {
  it.each(SOURCES)('%s: validate and plan of every AWS stack never print the canary', (_name, doc) => {
    fc.assert(
      fc.property(payloads(CANARY_FILE), (list) => {
        const spec = hostileSpec(doc, ({ index }) => [list[index % list.length], ...PLAIN]);
        const loaded = loadSpecText(spec.text, 'hostile.yaml');
        if (!loaded.ok) throw new Error('the hostile spec must validate');
        const plan = compile(loaded.spec);
        const out = synthPlan(plan);
        const results = plan.stacks
          .filter((s) => s.role !== 'digitalocean')
          .map((s) => ({ stack: s.name, ...outcome(() => planStack(out.outdir, s.name)) }));
        expect(results.filter((r) => r.printed.includes(CANARY)).map((r) => r.stack)).toEqual([]);
        const refused = results.filter((r) => !r.planned);
        expect(refused.filter((r) => MUST_PLAN.test(r.stack)).map((r) => `${r.stack}: ${r.printed}`)).toEqual(
          [],
        );
      }),
      { numRuns: 1, endOnFailure: true },
    );
  });
});

/** Multi-line values that end a `<<EOF` heredoc in every spelling, and other ways out of an HCL string. */
const multiLine = fc
  .array(
    fc.constantFrom(
      'EOF',
      ' EOF',
      'EOF ',
      '\tEOF\t',
      'EOF\r',
      'EOT',
      'END',
      '"',
      '\\',
      '\\"',
      '${',
      '%{',
      '}',
      `\${file("${CANARY_FILE}")}`,
      `%{for c in [file("${CANARY_FILE}")]}\${c}%{endfor}`,
      `resource "aws_s3_bucket" "pwn" { bucket = file("${CANARY_FILE}") }`,
      'x = <<EOF',
      'text',
    ),
    { minLength: 1, maxLength: 6 },
  )
  .chain((lines) => fc.constantFrom('\n', '\r\n').map((nl) => `line${nl}${lines.join(nl)}${nl}`));

describeTerraform('synth --hcl: no value ends its string', () => {
  it('plans the same values from the HCL as from the JSON, with no extra block', () => {
    const [, doc] = SOURCES[0];
    fc.assert(
      fc.property(fc.array(multiLine, { minLength: 4, maxLength: 8 }), (values) => {
        const spec = hostileSpec(doc, ({ index }) => [values[index % values.length]]);
        expect(spec.accepted.some((a) => /^secrets\[\d+\]\.description$/.test(a))).toBe(true);
        const loaded = loadSpecText(spec.text, 'hostile.yaml');
        if (!loaded.ok) throw new Error('the hostile spec must validate');
        const plan = compile(loaded.spec);
        const json = synthPlan(plan);
        const hcl = synthPlan(plan, { hcl: true });
        const planned = (role: string) => {
          const stack = plan.stacks.find((s) => s.role === role);
          if (!stack) throw new Error(`php-shop has a ${role} stack`);
          const fromJson = planStack(json.outdir, stack.name);
          const fromHcl = planStack(hcl.outdir, stack.name, { jsonTwin: json.outdir });
          expect(`${fromHcl.logs}${JSON.stringify(fromHcl.raw)}`).not.toContain(CANARY);
          expect(fromHcl.resourceChanges.map((c) => c.address)).toEqual(
            fromJson.resourceChanges.map((c) => c.address),
          );
          expect(fromHcl.resourceChanges.map((c) => c.after)).toEqual(
            fromJson.resourceChanges.map((c) => c.after),
          );
          return fromJson.resourceChanges;
        };
        planned('dns');
        // The values are the spec's, to the byte.
        const descriptions = planned('data')
          .filter((c) => c.type === 'aws_secretsmanager_secret')
          .map((c) => c.after?.description);
        for (const secret of loaded.spec.secrets.filter((s) => s.arn === undefined))
          expect(descriptions).toContain(secret.description);
      }),
      { numRuns: 1, endOnFailure: true },
    );
  });
});
