/**
 * One DigitalOcean volume named by several `volumes[]` entries (nginx beside php-fpm, a web app and its
 * worker): each entry becomes its own EFS file system today, so files one container writes the others never
 * see (uploads 404). Until one file system serves every entry, the spec is warned, at every entry after the
 * first.
 */
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';

export function checkSharedVolumes(r: Report, spec: MigrationSpec): void {
  const first = new Map<string, string>();
  spec.apps.forEach((app, a) => {
    app.volumes.forEach((v, j) => {
      if (!v.from) return;
      const where = `${app.name}/${v.name} (container ${v.container})`;
      const earlier = first.get(v.from);
      if (earlier === undefined) {
        first.set(v.from, where);
        return;
      }
      r.warn(
        ['apps', a, 'volumes', j, 'from'],
        'volume-shared',
        `DigitalOcean volume \`${v.from}\` is also the source of ${earlier}: each volumes[] entry becomes its own EFS file system, copied once, so files written through one (new uploads) never appear in the other and are served as 404`,
        {
          hint: 'keep one entry, mounted by the container that both writes and serves the files, until dropship mounts one file system in several containers and apps',
        },
      );
    });
  });
}
