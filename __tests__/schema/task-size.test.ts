/**
 * The task size has one rule (schema/rules/task-size.ts): a size the rules accept is a Fargate pair that holds
 * the containers' reservations, and the compiler takes it as it is; any other is refused with the rule's code
 * at the field, never by the compiler.
 */
import fc from 'fast-check';
import { FARGATE_CPU_OPTIONS, isValidFargatePair } from '../../schema/facts/fargate';
import type { MigrationSpecInput } from '../../schema/spec';
import { compile } from '../../compiler';
import { baseSpecInput } from '../helpers/synth';
import { diagnosticsOf, load } from '../helpers/validate';

type Sized = { cpu: number; memory: number };

function withSize(size: Sized, containers: Partial<Sized>[]): MigrationSpecInput {
  return {
    ...baseSpecInput(),
    apps: [
      {
        name: 'web',
        size,
        containers: containers.map((c, i) => ({ name: `c${i}`, image: { uri: 'nginx:1.27' }, ...c })),
      },
    ],
  };
}

const errorCodes = (input: MigrationSpecInput) =>
  diagnosticsOf(input)
    .filter((d) => d.severity === 'error')
    .map((d) => [d.code, d.path]);

describe('the task size rule', () => {
  it('refuses containers that reserve more CPU or memory than the task, at the size fields', () => {
    const diagnostics = diagnosticsOf(withSize({ cpu: 256, memory: 512 }, [{ cpu: 512, memory: 1024 }]));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'container-over-task',
        path: 'apps[0].size.cpu',
        message: "the containers reserve 512 CPU units, more than the task's 256",
      }),
      expect.objectContaining({
        code: 'container-over-task',
        path: 'apps[0].size.memory',
        message: "the containers' memory limits add up to 1024 MiB, more than the task's 512",
      }),
    ]);
  });

  it('accepts exactly the Fargate pairs that hold the containers, and the compiler keeps them', () => {
    const cpus = [...FARGATE_CPU_OPTIONS.map((o) => o.cpu), 128, 300, 384, 32768];
    fc.assert(
      fc.property(
        fc.constantFrom(...cpus),
        fc.integer({ min: 1, max: 240 }).map((n) => n * 512),
        fc.array(
          fc.record({ cpu: fc.integer({ min: 0, max: 8192 }), memory: fc.integer({ min: 6, max: 65536 }) }),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        (cpu, memory, containers) => {
          const input = withSize({ cpu, memory }, containers);
          const pair = isValidFargatePair(cpu, memory);
          const fits =
            containers.reduce((s, c) => s + c.cpu, 0) <= cpu &&
            containers.reduce((s, c) => s + c.memory, 0) <= memory;
          const codes = errorCodes(input).map(([code]) => code);
          if (!pair) expect(codes).toEqual(['fargate-size']);
          else if (!fits) expect(new Set(codes)).toEqual(new Set(['container-over-task']));
          else {
            expect(codes).toEqual([]);
            const result = load(input);
            if (!result.ok) throw new Error('accepted above');
            const [app] = compile(result.spec).apps.apps;
            expect(app.size).toEqual({ cpu, memory });
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
