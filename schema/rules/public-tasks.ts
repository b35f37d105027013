/**
 * A public app always runs a task. With none, its target group has no registered target: the ALB answers
 * 503, the app's healthy-host count stays 0, and with a cutover its hostname's Route 53 health check stays
 * unhealthy, so its traffic goes back to DigitalOcean at every phase (docs/cutover.md, "Health").
 */
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';

export function checkPublicTasks(r: Report, spec: MigrationSpec): void {
  spec.apps.forEach((app, a) => {
    if (!app.expose || !('public' in app.expose) || app.schedule) return;
    // scaling.min bounds the service whatever desiredCount says; without scaling, desiredCount is the count.
    const at = app.scaling
      ? { path: ['apps', a, 'scaling', 'min'], field: 'scaling.min', count: app.scaling.min }
      : app.desiredCount !== undefined
        ? { path: ['apps', a, 'desiredCount'], field: 'desiredCount', count: app.desiredCount }
        : undefined;
    if (!at || at.count > 0) return;
    r.error(
      at.path,
      'public-app-no-task',
      `app \`${app.name}\` is public but ${at.field} is 0: with no task its target group has no healthy target, ` +
        'so the ALB answers 503 and, during a cutover, the health check of its hostnames keeps their traffic on DigitalOcean at every phase',
      {
        expected: `${at.field} of 1 or more`,
        hint: 'a public app cannot scale to zero on ECS; set 1 (or more), or make it a worker (no `expose`) if it serves no traffic',
      },
    );
  });
}
