/**
 * One DigitalOcean volume named by several `volumes[]` entries (nginx beside php-fpm, a web app and its
 * worker) becomes one EFS file system that every entry mounts through its own access point, each as its
 * container's user (schema/inventory/volumes.ts). The root directory belongs to the first entry's user with
 * mode 0770: an entry whose group differs can neither list nor write it, so it is warned at that entry.
 */
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';
import { sharedVolumes, volumeOwner } from '../inventory/volumes';

export function checkSharedVolumes(r: Report, spec: MigrationSpec): void {
  for (const [source, uses] of sharedVolumes(spec)) {
    const first = uses[0];
    const owner = volumeOwner(first.app, first.volume);
    for (const { app, volume } of uses.slice(1)) {
      const { uid, gid } = volumeOwner(app, volume);
      if (gid === owner.gid) continue;
      const a = spec.apps.indexOf(app);
      r.warn(
        ['apps', a, 'volumes', app.volumes.indexOf(volume), 'container'],
        'volume-shared-owner',
        `DigitalOcean volume \`${source}\` is one EFS file system shared with ${first.app.name}/${first.volume.name}, whose directory belongs to ${owner.uid}:${owner.gid} (mode 0770); ${app.name}/${volume.name} runs as ${uid}:${gid}, outside that group, so it can neither read nor write the files`,
        {
          hint: `run ${volume.container} with the group ${owner.gid} (containers[].user: "${uid}:${owner.gid}"), as the first entry's container does`,
        },
      );
    }
  }
}
