/** Queries over the DigitalOcean managed databases of the inventory. */
import type { MigrationSpec, DoDatabaseSpec } from '../spec';

export function findDoDatabase(spec: MigrationSpec, name: string | undefined): DoDatabaseSpec | undefined {
  return name === undefined ? undefined : spec.digitalocean.databases.find((d) => d.name === name);
}
