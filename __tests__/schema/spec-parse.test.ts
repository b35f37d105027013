/**
 * The spec's zod schema through zod's generated parser (schema/spec-parse.ts) answers exactly as the runtime
 * parser: the same verdict, the same output (values and key order) and, for an invalid spec, the same issues.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { generateYaml } from '../../bench/generate';
import { readSimpleYaml } from '../../schema/fast-yaml';
import { resolvePlainScalars } from '../../schema/scalar-text';
import { MigrationSpec } from '../../schema/spec';
import { COMPILE_FROM_APPS, compiledSpecSchema, parseSpec } from '../../schema/spec-parse';
import { examples } from '../helpers/examples';
import { specArbitrary, specOf } from '../helpers/spec-arbitrary';

/** The data the loader hands zod: the fast reader's, or yaml's for text outside its subset. */
function dataOf(text: string): unknown {
  const simple = readSimpleYaml(text);
  return simple === undefined ? parse(text) : resolvePlainScalars(simple, false);
}

function expectSameAnswer(data: unknown): boolean {
  const runtime = MigrationSpec.safeParse(structuredClone(data));
  const compiled = compiledSpecSchema().safeParse(structuredClone(data));
  expect(compiled.success).toBe(runtime.success);
  // JSON text too: toStrictEqual does not see key order, which the plan and the Terraform follow.
  expect(JSON.stringify(compiled.data)).toBe(JSON.stringify(runtime.data));
  expect(compiled.data).toStrictEqual(runtime.data);
  expect(compiled.error?.issues).toStrictEqual(runtime.error?.issues);
  return runtime.success;
}

describe('the generated spec parser', () => {
  it('is installed: zod compiles the whole schema', () => {
    expect(compiledSpecSchema()).not.toBe(MigrationSpec);
  });

  it.each(examples().map((e) => [e.name, e.file]))(
    'reads example %s as the runtime parser does',
    (_, file) => {
      expectSameAnswer(dataOf(readFileSync(file, 'utf8')));
    },
  );

  it('reads a bench fleet as large as those it is used for as the runtime parser does', () => {
    const data = dataOf(generateYaml(COMPILE_FROM_APPS));
    expectSameAnswer(data);
    expect(parseSpec(data).success).toBe(true);
  });

  it('reads generated specs, and the same specs broken at one field, as the runtime parser does', () => {
    let refused = 0;
    const breakage = fc.constantFrom<unknown>(null, 7, -1.5, '', 'x', true, [], {}, ['x'], { unknown: 1 });
    fc.assert(
      fc.property(specArbitrary, fc.nat(), breakage, (shape, pick, value) => {
        const data = specOf(shape);
        expectSameAnswer(data);
        // One field, anywhere in the document, replaced by a value of another shape.
        const broken = structuredClone(data) as Record<string, unknown>;
        const slots: [Record<string, unknown> | unknown[], string | number][] = [];
        const collect = (node: unknown): void => {
          if (node === null || typeof node !== 'object') return;
          for (const [k, v] of Object.entries(node)) {
            slots.push([node as Record<string, unknown>, Array.isArray(node) ? Number(k) : k]);
            collect(v);
          }
        };
        collect(broken);
        const [parent, key] = slots[pick % slots.length];
        (parent as Record<string | number, unknown>)[key] = value;
        if (!expectSameAnswer(broken)) refused++;
      }),
      { numRuns: 40, seed: 20261208, endOnFailure: true },
    );
    // The breakages reach zod's issues (the fallback to the runtime parser), not only valid specs.
    expect(refused).toBeGreaterThan(10);
  });

  it('is used only for large specs: building it costs more than it saves below COMPILE_FROM_APPS apps', () => {
    const small = dataOf(generateYaml(10));
    expect(parseSpec(small)).toStrictEqual(MigrationSpec.safeParse(small));
    expect(COMPILE_FROM_APPS).toBeGreaterThan(100);
  });
});
