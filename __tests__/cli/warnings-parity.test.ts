/**
 * `validate` prints exactly the warnings `plan` (and `synth`, `check`) print for the same file: both run the
 * compiler's checks through one report. Checked on the examples and on generated variants of them that raise
 * the compiler's warnings (the cutover's DNS comparisons at every phase, IPv6, no NAT, an existing zone
 * without its id; an `--only` on the single layout is plan-only and not here). Generated whole specs are
 * compared in __tests__/terraform/generated-specs.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { runValidate } from '../../cli/commands/validate';
import { loadAndCompile } from '../../cli/pipeline';
import type { Diagnostic } from '../../schema/diagnostics';
import type { MigrationSpec } from '../../schema/spec';
import { captureOutput } from '../helpers/output';
import { examples, loadExample } from '../helpers/synth';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'dropship-parity-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fields = (d: Diagnostic) => [d.severity, d.code, d.line, d.column, d.path, d.message, d.hint ?? ''];

/** What validate prints for `file` (JSON) and the warnings plan prints for it. */
function bothSides(file: string): { validate: unknown[][]; plan: unknown[][] } {
  const run = captureOutput(() => runValidate({ file, format: 'json' }));
  const printed = JSON.parse(run.stdout) as { valid: boolean; diagnostics: Diagnostic[] };
  const planned = loadAndCompile(file);
  if (!planned.ok)
    throw new Error(`plan refused ${file}: ${planned.diagnostics.map((d) => d.message).join('; ')}`);
  return { validate: printed.diagnostics.map(fields), plan: planned.warnings.map(fields) };
}

const write = (name: string, spec: unknown): string => {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(spec));
  return file;
};

describe('validate and plan print the same warnings', () => {
  it.each(examples().map((e) => [e.name, e.file]))('%s', (_name, file) => {
    const { validate, plan } = bothSides(file);
    expect(validate).toEqual(plan);
  });

  it('on generated variants that raise the compiler’s warnings', () => {
    let warned = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.record({
          example: fc.constantFrom(...examples().map((e) => e.name)),
          phase: fc.nat(10),
          ipv6: fc.boolean(),
          nat: fc.constantFrom('single', 'per-az', 'none'),
          dropFirstRecord: fc.boolean(),
        }),
        (v) => {
          const spec = structuredClone(loadExample(v.example)) as MigrationSpec & Record<string, unknown>;
          if (spec.cutover) spec.cutover.current = spec.cutover.phases[v.phase % spec.cutover.phases.length];
          // php-shop keeps its tasks on DigitalOcean until 100 %, which needs a NAT: the variant takes the default.
          if (spec.cutover && v.nat === 'none') delete spec.cutover.dataMode;
          const net = spec.aws.network;
          if ('vpc' in net) {
            net.vpc.ipv6 = v.ipv6;
            net.vpc.nat = v.nat as typeof net.vpc.nat;
          }
          if (v.dropFirstRecord) spec.digitalocean.domains[0]?.records.shift();
          const file = write(`variant-${runs++}`, spec);
          // A variant the loader refuses says nothing about parity; the loader's own tests cover it.
          const planned = loadAndCompile(file);
          if (!planned.ok) return;
          const { validate, plan } = bothSides(file);
          expect(validate).toEqual(plan);
          if (plan.length > 0) warned++;
        },
      ),
      { numRuns: 25, seed: 20261207 },
    );
    // Most variants warn: the test compares something.
    expect(warned).toBeGreaterThan(10);
  });
});
