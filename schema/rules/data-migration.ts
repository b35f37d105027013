/**
 * Moving each database's data: the dump runbook and the DMS source endpoint connect to the DigitalOcean
 * cluster, so its host and port are in the inventory (the runbook falls back to a shell variable and the
 * default port; DMS cannot), and DMS reads the source password from a declared secret. Over a spec whose
 * names resolve (rules/index.ts).
 */
import { dmsLeftBehind, findDoDatabase, missingConnection, sourceDatabasesOf } from '../inventory/databases';
import type { Report } from '../report';
import type { DatabaseTargetSpec, DoDatabaseSpec, MigrationSpec } from '../spec';

const DUMP_DEFAULTS =
  'reads the host from the shell variable DO_HOST and uses port 25060 where they are missing';

export function checkDataMigration(r: Report, spec: MigrationSpec): void {
  spec.databases.forEach((db, index) => {
    const source = findDoDatabase(spec, db.from);
    const dms = db.migration.method === 'dms';
    checkSourceConnection(r, spec, source, index, dms);
    checkDumpTables(r, spec, db, source, index);
    if (!dms) return;
    checkDmsRoute(r, spec, index);
    if (source) warnLeftBehind(r, spec, db, source, index);
    const secretName = source?.passwordSecret;
    if (secretName && spec.secrets.some((s) => s.name === secretName)) return;
    r.error(
      source
        ? ['digitalocean', 'databases', spec.digitalocean.databases.indexOf(source), 'passwordSecret']
        : ['databases', index, 'from'],
      'data/dms-source-secret',
      secretName
        ? `passwordSecret "${secretName}" is not declared under secrets:`
        : `DMS needs the DigitalOcean password: set digitalocean.databases.${source?.name ?? '<from>'}.passwordSecret to a declared secret`,
      {
        hint: 'declare e.g. `secrets: [{ name: do-mysql-source, keys: [username, password, host, port] }]` and put the value out of band',
      },
    );
  });
}

/** The source's host and port: DMS needs them (an error), the dump runbook has defaults (a warning). */
function checkSourceConnection(
  r: Report,
  spec: MigrationSpec,
  source: DoDatabaseSpec | undefined,
  index: number,
  required: boolean,
): void {
  const missing = missingConnection(source);
  if (missing.length === 0) return;
  r.add({
    severity: required ? 'error' : 'warning',
    code: 'data/source-connection',
    path: source
      ? ['digitalocean', 'databases', spec.digitalocean.databases.indexOf(source)]
      : ['databases', index],
    message: source
      ? `digitalocean.databases.${source.name} has no ${missing.join(' or ')}; ${required ? 'the DMS source endpoint needs it' : `the dump runbook ${DUMP_DEFAULTS}`}`
      : `databases[${index}] has no from: DigitalOcean database; ${required ? 'the DMS source endpoint needs one' : 'the dump runbook reads it from its droplet over SSH (set DB_DROPLET)'}`,
    hint: source
      ? 'copy host and port from `doctl databases connection "$CLUSTER_ID" -o json`, with CLUSTER_ID set to the cluster id (`doctl databases list`)'
      : 'for a DigitalOcean managed cluster, declare it under digitalocean.databases and set from; a database on a droplet is dumped there over SSH',
  });
}

/**
 * The replication instance sits in the private subnets, not publicly accessible, and reaches DigitalOcean
 * over the internet through the NAT gateways (whose addresses the DigitalOcean firewall trusts): with
 * `nat: none` it has no route out, and every test-connection to the source would time out.
 */
function checkDmsRoute(r: Report, spec: MigrationSpec, index: number): void {
  const network = spec.aws.network;
  if (!('vpc' in network) || network.vpc.nat !== 'none') return;
  r.error(
    ['databases', index, 'migration', 'method'],
    'data/dms-needs-nat',
    'DMS cannot reach DigitalOcean with aws.network.vpc.nat: none: the replication instance is in the private subnets, which then have no route to the internet',
    {
      expected: 'dump, or a VPC with NAT',
      hint: 'set aws.network.vpc.nat: single (the DigitalOcean firewall then trusts its address), or move the data with migration: { method: dump }',
    },
  );
}

/**
 * A PostgreSQL DMS source endpoint names one database (`database_name`), and the task replicates only that
 * one: the cluster's other logical databases, which the dump runbook would move (it dumps each), stay on
 * DigitalOcean, and nothing said so.
 */
function warnLeftBehind(
  r: Report,
  spec: MigrationSpec,
  db: DatabaseTargetSpec,
  source: DoDatabaseSpec,
  index: number,
): void {
  const left = dmsLeftBehind(spec, db, source);
  if (left.length === 0) return;
  r.warn(
    ['databases', index, 'migration', 'method'],
    'data/left-behind-databases',
    `DMS reads one PostgreSQL database per source endpoint: only \`${sourceDatabasesOf(spec, db, source)[0]}\` of ${source.name} moves; ${left.map((d) => `\`${d}\``).join(', ')} ${left.length === 1 ? 'stays' : 'stay'} on DigitalOcean, with no target and no copy on AWS`,
    {
      hint: 'move them with migration: { method: dump } (it dumps every database of the cluster), or copy them yourself before DigitalOcean is retired; list only the databases that matter under digitalocean.databases[].databases',
    },
  );
}

/**
 * migration.dumpTables names tables a DMS task leaves out and the runbook copies: only with DMS (a dump moves
 * every table anyway), and on MySQL only in a database the task maps (another would be neither replicated nor
 * created on RDS, so the copy would fail at the switch).
 */
function checkDumpTables(
  r: Report,
  spec: MigrationSpec,
  db: DatabaseTargetSpec,
  source: DoDatabaseSpec | undefined,
  index: number,
): void {
  const tables = db.migration.dumpTables;
  if (tables.length === 0) return;
  const path = ['databases', index, 'migration', 'dumpTables'];
  if (db.migration.method !== 'dms') {
    r.error(
      path,
      'data/dump-tables-without-dms',
      'migration.dumpTables applies to method dms only: a dump copies every table',
      {
        expected: 'method: dms, or no dumpTables',
        hint: 'remove dumpTables, or set migration.method: dms',
      },
    );
    return;
  }
  if (!source || source.engine !== 'mysql') return;
  const mapped = sourceDatabasesOf(spec, db, source);
  tables.forEach((name, i) => {
    const database = name.slice(0, name.indexOf('.'));
    if (mapped.includes(database)) return;
    r.error(
      [...path, i],
      'data/dump-table-database',
      `${name}: database \`${database}\` is not one the DMS task of ${db.name} moves`,
      {
        expected: mapped.map((d) => `${d}.<table>`).join(', '),
        hint: 'name the table as database.table, with one of the databases listed under digitalocean.databases[].databases',
      },
    );
  });
}
