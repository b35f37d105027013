/** `cutover:`: phases rise strictly, the current phase is one of them, and there is traffic to move. */
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';

export function checkCutover(r: Report, spec: MigrationSpec): void {
  const c = spec.cutover;
  if (!c) return;
  c.phases.forEach((phase, i) => {
    if (i > 0 && phase <= c.phases[i - 1]) {
      r.error(
        ['cutover', 'phases', i],
        'cutover-phases',
        `phase ${phase} does not come after ${c.phases[i - 1]}: phases must rise strictly`,
        {
          expected: 'ascending percentages such as [0, 10, 50, 100]',
        },
      );
    }
  });
  if (!c.phases.includes(c.current)) {
    r.error(
      ['cutover', 'current'],
      'cutover-current',
      `current phase ${c.current} is not one of the phases`,
      {
        expected: `one of: ${c.phases.join(', ')}`,
      },
    );
  }
  if (c.phases[c.phases.length - 1] !== 100) {
    r.warn(
      ['cutover', 'phases'],
      'cutover-incomplete',
      'the last phase is below 100: traffic never moves fully to AWS',
    );
  }
  if (!spec.apps.some((a) => a.expose && 'public' in a.expose)) {
    r.warn(
      ['cutover'],
      'cutover-without-public-app',
      'cutover is set but no app is exposed publicly, so there is no traffic to move',
    );
  }
}
