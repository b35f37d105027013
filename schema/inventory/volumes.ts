/**
 * DigitalOcean volumes that several `apps[].volumes[]` entries take over (nginx beside php-fpm, a web app and
 * its queue worker): one EFS file system serves them all, so a file written through one is seen by every
 * other. The rules, the storage part (which plans the shared file system) and the apps part (which mounts it)
 * read this one answer.
 */
import type { AppSpec, MigrationSpec } from '../spec';

export type AppVolumeSpec = AppSpec['volumes'][number];

export interface VolumeUse {
  app: AppSpec;
  volume: AppVolumeSpec;
}

/** Each DigitalOcean volume named by two or more entries, with its entries in app, then volume order. */
export function sharedVolumes(spec: Pick<MigrationSpec, 'apps'>): Map<string, VolumeUse[]> {
  const uses = new Map<string, VolumeUse[]>();
  for (const app of spec.apps)
    for (const volume of app.volumes)
      if (volume.from !== undefined)
        uses.set(volume.from, [...(uses.get(volume.from) ?? []), { app, volume }]);
  for (const [from, list] of uses) if (list.length < 2) uses.delete(from);
  return uses;
}

/** The DigitalOcean volume an app's entry shares with other entries, if it does. */
export function sharedSourceOf(
  spec: Pick<MigrationSpec, 'apps'>,
  app: string,
  volume: string,
): string | undefined {
  const entry = spec.apps.find((a) => a.name === app)?.volumes.find((v) => v.name === volume);
  return entry?.from !== undefined && sharedVolumes(spec).has(entry.from) ? entry.from : undefined;
}

/** The access point's user: the container's numeric `user` (uid or uid:gid), else 1000:1000. */
export function volumeOwner(app: AppSpec, volume: AppVolumeSpec): { uid: number; gid: number } {
  const container = app.containers.find((c) => c.name === volume.container);
  const owner = /^(\d+)(?::(\d+))?$/.exec(container?.user ?? '');
  const uid = owner ? Number(owner[1]) : 1000;
  const gid = owner ? Number(owner[2] ?? owner[1]) : 1000;
  return { uid, gid };
}
