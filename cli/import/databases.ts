/**
 * Managed databases (`doctl databases list -o json`, `GET /v2/databases`). These bodies carry the admin
 * password, credentialed URIs and every user's password: only host, port, user and database names are
 * read here; `connection.password`, `*.uri`, `users`, `private_connection` and `standby_*` never are.
 */
import type { Json } from './json';
import type { RawDatabase } from './raw';

export function readDatabase(item: Json): RawDatabase {
  item.object();
  const connection = item.get('connection');
  const version = item.get('version');
  return {
    id: item.get('id').string(),
    name: item.get('name').string(),
    engine: item.get('engine').string(),
    version: typeof version.value === 'number' ? String(version.value) : version.string(),
    size: item.get('size').string(),
    nodes: item.get('num_nodes').optInt() ?? 1,
    storageMib: item.get('storage_size_mib').optInt(),
    region: item.get('region').optString(),
    host: connection.present ? connection.get('host').optString() : undefined,
    port: connection.present ? connection.get('port').optInt() : undefined,
    user: connection.present ? connection.get('user').optString() : undefined,
    dbNames: item.get('db_names').strings(),
  };
}
