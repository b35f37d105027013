/**
 * `dropship synth --hcl` writes HCL (cdk.tf) that Terraform accepts: cdktf 0.21 alone writes JSON into cdk.tf
 * unless told through SYNTH_HCL_OUTPUT, and leaves quotes unescaped in strings holding references
 * (hashicorp/terraform-cdk#3911); stacks/hcl.ts fixes both.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSynth } from '../../cli/commands/synth';
import fc from 'fast-check';
import { parseJsonencode } from '../../compiler/analyses/hcl-expression';
import { escapeHclTemplate, tidyHcl, unwrapInterpolationOnly } from '../../stacks/hcl';
import { examples } from '../helpers/synth';
import { describeTerraform, offlineTerraform } from '../helpers/terraform';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dropship-hcl-'));
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  for (const e of examples()) {
    mkdirSync(join(dir, e.name), { recursive: true });
    const args = { layout: 'single' as const, quiet: true, file: e.file };
    expect(await runSynth({ ...args, out: join(dir, e.name, 'hcl'), hcl: true })).toBe(0);
    expect(await runSynth({ ...args, out: join(dir, e.name, 'json'), hcl: false })).toBe(0);
  }
});
afterAll(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const stacksOf = (example: string) => readdirSync(join(dir, example, 'json', 'stacks')).sort();

describe('synth --hcl', () => {
  it.each(examples().map((e) => [e.name]))(
    '%s: every stack is HCL with the same resources as the JSON',
    (name) => {
      const stacks = stacksOf(name);
      expect(stacks.length).toBeGreaterThan(0);
      for (const stack of stacks) {
        const hclFile = join(dir, name, 'hcl', 'stacks', stack, 'cdk.tf');
        expect(existsSync(join(dir, name, 'hcl', 'stacks', stack, 'cdk.tf.json'))).toBe(false);
        const hcl = readFileSync(hclFile, 'utf8');
        expect(hcl).toMatch(/^terraform \{/m);
        expect(hcl).not.toMatch(/^\s*\{\s*$/m); // no JSON document under a .tf name
        const json = JSON.parse(
          readFileSync(join(dir, name, 'json', 'stacks', stack, 'cdk.tf.json'), 'utf8'),
        );
        for (const [type, byName] of Object.entries((json.resource ?? {}) as Record<string, object>)) {
          for (const id of Object.keys(byName)) expect(hcl).toContain(`resource "${type}" "${id}"`);
        }
      }
    },
  );

  it('leaves the process environment as it was', () => {
    expect(process.env.SYNTH_HCL_OUTPUT).toBeUndefined();
  });
});

describe('HCL string escaping', () => {
  it.each([
    ['plain', 'plain'],
    ['say "hi"', 'say \\"hi\\"'],
    ['C:\\dir', 'C:\\\\dir'],
    ['{"a":"${aws_x.y.arn}"}', '{\\"a\\":\\"${aws_x.y.arn}\\"}'],
    [
      'arn:${element(split(":", aws_kms_key.k.arn), 4)}:root',
      'arn:${element(split(":", aws_kms_key.k.arn), 4)}:root',
    ],
    ['${jsonencode({"a" = "}"})}"', '${jsonencode({"a" = "}"})}\\"'],
    ['%{ if true }x%{ endif }"', '%{ if true }x%{ endif }\\"'],
    // An escaped sequence is text: its quotes are escaped like any other.
    ['$${"a"}', '$${\\"a\\"}'],
    ['%%{"a"} and ${x}"', '%%{\\"a\\"} and ${x}\\"'],
  ])('%s', (input, expected) => {
    expect(escapeHclTemplate(input)).toBe(expected);
  });
});

describe('HCL string escaping round trip', () => {
  it('any string without template sequences reads back unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }).filter((x) => !/[$%]\{/.test(x)),
        (text) => parseJsonencode(`\${jsonencode("${escapeHclTemplate(text)}")}`) === text,
      ),
      { numRuns: 300 },
    );
  });
});

describe('HCL tidying', () => {
  it('indents by nesting, reading strings as templates, and unquotes references in depends_on and lifecycle lists', () => {
    const raw = [
      'resource "aws_x" "a" {',
      'name = "a { b"',
      // An escape is text, not the start of a sequence; a sequence may hold strings with braces.
      '"k $${x" = {',
      'doc = "${jsonencode({"k" = "}"})}"',
      '}',
      'tags = {',
      'k = "v"',
      '}',
      'depends_on = [',
      '"aws_y.b",',
      ']',
      'lifecycle {',
      'ignore_changes = [',
      '"desired_count",',
      '"task_definition",',
      ']',
      'replace_triggered_by = [',
      '"${aws_z.c.id}",',
      ']',
      '}',
      '}',
    ].join('\n');
    expect(tidyHcl(raw)).toBe(
      [
        'resource "aws_x" "a" {',
        '  name = "a { b"',
        '  "k $${x" = {',
        '    doc = "${jsonencode({"k" = "}"})}"',
        '  }',
        '  tags = {',
        '    k = "v"',
        '  }',
        '  depends_on = [',
        '    aws_y.b,',
        '  ]',
        '  lifecycle {',
        '    ignore_changes = [',
        '      desired_count,',
        '      task_definition,',
        '    ]',
        '    replace_triggered_by = [',
        '      aws_z.c.id,',
        '    ]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });
});

describe('interpolation-only strings, as terraform fmt writes them', () => {
  it('unwraps an attribute that is one interpolation, and nothing else', () => {
    expect(unwrapInterpolationOnly('arn = "${aws_lb.alb.arn}"')).toBe('arn = aws_lb.alb.arn');
    expect(unwrapInterpolationOnly('n = "${one([for o in x : o.v if o.d == "}"])}"')).toBe(
      'n = one([for o in x : o.v if o.d == "}"])',
    );
    for (const kept of ['a = "${x}-${y}"', 'a = "${x}y"', 'a = "$${x}"', 'a = ["${x}"]', '"a b" = "${x}"'])
      expect(unwrapInterpolationOnly(kept)).toBe(kept);
  });

  it('never unwraps literal text: an escaped string stays a string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const line = `a = "${escapeHclTemplate(text.replace(/([$%])\{/g, '$1$1{'))}"`;
        return unwrapInterpolationOnly(line) === line;
      }),
      { numRuns: 500 },
    );
  });

  it('leaves items of lists and objects quoted inside a block', () => {
    const raw = [
      'resource "x" "a" {',
      'b = "${y.z}"',
      'tags = {',
      'k = "${y.z}"',
      '}',
      'l = [',
      '"${y.z}"',
      ']',
      '}',
    ];
    expect(tidyHcl(raw.join('\n'))).toBe(
      [
        'resource "x" "a" {',
        '  b = y.z',
        '  tags = {',
        '    k = "${y.z}"',
        '  }',
        '  l = [',
        '    "${y.z}"',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });
});

describeTerraform('synth --hcl output passes terraform', () => {
  it.each(examples().map((e) => [e.name]))(
    '%s: every stack is terraform fmt-clean; validate passes with no warning (AWS stacks)',
    (name) => {
      for (const stack of stacksOf(name)) {
        const work = join(dir, 'tf', name, stack, 'cfg');
        cpSync(join(dir, name, 'hcl', 'stacks', stack), work, { recursive: true });
        const run = offlineTerraform(work);
        const fmt = run(['fmt', '-check', '-diff', '-no-color', 'cdk.tf']);
        expect({ stack, status: fmt.status, diff: fmt.stdout }).toEqual({ stack, status: 0, diff: '' });
        // Container definitions stay a readable jsonencode(...) in HCL.
        if (stack.endsWith('-apps'))
          expect(readFileSync(join(work, 'cdk.tf'), 'utf8')).toContain(
            'container_definitions = jsonencode([{',
          );
        if (readFileSync(join(work, 'cdk.tf'), 'utf8').includes('digitalocean')) continue; // provider not mirrored
        const init = run(['init', '-backend=false', '-input=false', '-no-color']);
        expect({ stack, init: init.status, stderr: init.stderr }).toEqual({ stack, init: 0, stderr: '' });
        const validate = run(['validate', '-json', '-no-color']);
        const result = JSON.parse(validate.stdout) as {
          valid: boolean;
          diagnostics: { severity: string; summary: string }[];
        };
        // No diagnostic at all: a warning (a deprecated quoted reference) is a defect too.
        expect({
          stack,
          valid: result.valid,
          diagnostics: result.diagnostics.map((d) => `${d.severity}: ${d.summary}`),
        }).toEqual({ stack, valid: true, diagnostics: [] });
      }
    },
  );
});
