/**
 * public-app-no-task: a public app with no task (scaling.min 0, or desiredCount 0 without scaling) is refused at
 * that field; workers and scheduled jobs may run none. Generated specs: every web app with minTasks 0 is
 * reported, at its own scaling.min, and nothing else is.
 */
import fc from 'fast-check';
import { minTasksOf, specArbitrary, specOf } from '../helpers/spec-arbitrary';
import { withCode } from '../helpers/validate';

describe('public-app-no-task', () => {
  it('reports exactly the public apps whose scaling.min is 0, at scaling.min', () => {
    fc.assert(
      fc.property(specArbitrary, (shape) => {
        const found = withCode(specOf(shape), 'public-app-no-task');
        const expected = shape.apps
          .map((a, i) => (a.kind === 'web' && minTasksOf(a) === 0 ? `apps[${i}].scaling.min` : undefined))
          .filter((p) => p !== undefined);
        expect(found.map((d) => d.path)).toEqual(expected);
        for (const d of found) {
          expect(d.severity).toBe('error');
          expect(d.hint).toContain('cannot scale to zero');
        }
      }),
      { numRuns: 80 },
    );
  });

  it('reports desiredCount 0 of a public app without scaling, and not of a worker', () => {
    const shape = fc.sample(specArbitrary, { numRuns: 1, seed: 7 })[0];
    const spec = specOf({
      ...shape,
      apps: [
        { ...shape.apps[0], kind: 'web', minTasks: 1 },
        { ...shape.apps[0], kind: 'worker', minTasks: 1 },
      ],
    });
    const apps = spec.apps as Record<string, unknown>[];
    for (const app of apps) {
      delete app.scaling;
      app.desiredCount = 0;
    }
    const found = withCode(spec, 'public-app-no-task');
    expect(found.map((d) => d.path)).toEqual(['apps[0].desiredCount']);
  });
});
