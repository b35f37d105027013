/**
 * `cutover.dataMode` and the paths it needs from the AWS tasks to DigitalOcean: in mode
 * digitalocean-until-100 the tasks reach the DigitalOcean databases and caches they use, and in every mode
 * the apps reach the ports their droplets could reach on droplets that stay. Both leave the VPC through a NAT
 * gateway, so without one (`nat: none`) they cannot exist: an error where the need is written, with the fix.
 */
import { dataModeOf, doStoreNeeds, stayingDropletNeeds, withoutNat } from '../inventory/data-mode';
import { indexByName } from '../inventory/by-name';
import { spaceInUse, sourceSpace } from '../inventory/buckets';
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';

export function checkDataMode(r: Report, spec: MigrationSpec): void {
  checkDataMoved(r, spec);
  checkMoveFirstSplit(r, spec);
  checkDropletDatabaseSplit(r, spec);
  const nat = withoutNat(spec);
  const stores = doStoreNeeds(spec);
  const spaces = spacesInUse(spec);
  if (nat && stores.length === 0 && spaces.length > 0)
    r.error(
      ['cutover', 'dataMode'],
      'data-mode-needs-nat',
      `dataMode digitalocean-until-100 keeps the AWS tasks on the Spaces their buckets take over until cutover.dataMoved ` +
        `(${spaces.join(', ')}), but the VPC has no NAT gateway (nat: none): the tasks cannot reach DigitalOcean`,
      {
        expected: 'a NAT gateway (aws.network.vpc.nat: single or per-az), or dataMode: move-first',
        hint: 'set aws.network.vpc.nat: single, or dataMode: move-first to copy the Spaces before phase 1',
      },
    );
  if (nat && stores.length > 0) {
    const { app, needs } = stores[0];
    r.error(
      ['cutover', 'dataMode'],
      'data-mode-needs-nat',
      `dataMode digitalocean-until-100 keeps the AWS tasks on the DigitalOcean databases and caches until 100 % ` +
        `(app ${app} uses ${needs.map((n) => `${n.source.name}:${n.port}`).join(', ')}), but the VPC has no NAT ` +
        'gateway (nat: none): the tasks cannot reach DigitalOcean',
      {
        expected: 'a NAT gateway (aws.network.vpc.nat: single or per-az), or dataMode: move-first',
        hint: 'set aws.network.vpc.nat: single, or dataMode: move-first to move the data before phase 1',
      },
    );
  }
  for (const { app, index, needs } of stayingDropletNeeds(spec)) {
    const first = needs[0];
    if (nat)
      r.error(
        ['digitalocean', 'firewalls', first.firewall, 'inbound', first.rule],
        'staying-droplet-needs-nat',
        `the droplets of app ${app} reach ${needs.map((n) => `${n.droplet} on ${n.protocol.toUpperCase()} ${n.ports}`).join(', ')} ` +
          'today (this inbound rule of a droplet that stays on DigitalOcean), but the VPC has no NAT gateway ' +
          '(nat: none): the AWS tasks cannot reach it',
        {
          expected: 'a NAT gateway (aws.network.vpc.nat: single or per-az)',
          hint: 'set aws.network.vpc.nat: single; or, if the app no longer needs that droplet, drop its droplets from the rule’s sources',
        },
      );
    const unaddressed = [...new Set(needs.filter((n) => n.ipv4 === undefined).map((n) => n.droplet))];
    for (const droplet of unaddressed)
      r.warn(
        ['digitalocean', 'droplets', Math.max(0, indexByName(spec.digitalocean.droplets, droplet))],
        'staying-droplet-without-address',
        `droplet ${droplet} stays on DigitalOcean and app ${app} (apps[${index}]) reaches it today, but the ` +
          'inventory gives no public IPv4 address: its security group gets no egress rule to it',
        { hint: `add ipv4.public of ${droplet} to the inventory (doctl compute droplet get ${droplet})` },
      );
  }
}

/**
 * `cutover.dataMoved` is read in digitalocean-until-100 only, and the data moves at 100 %. Set below 100 the
 * tasks write to RDS/ElastiCache while the droplets' share of the traffic writes to the DigitalOcean copy: two
 * writers whose data diverges with every request, which no later step can merge, so it is an error (the
 * cutover command refuses to roll back past it; the fix is to set dataMoved: false once DigitalOcean is the
 * writer again). In move-first it changes nothing: a warning.
 */
function checkDataMoved(r: Report, spec: MigrationSpec): void {
  const cutover = spec.cutover;
  if (!cutover?.dataMoved) return;
  const migrated =
    spec.databases.some((d) => d.from) || spec.caches.some((c) => c.from) || takenOverSpaces(spec).length > 0;
  if (!migrated) return;
  const mode = dataModeOf(spec)!.mode;
  if (mode === 'move-first')
    r.warn(
      ['cutover', 'dataMoved'],
      'data-moved-ignored',
      'cutover.dataMoved is read only in dataMode digitalocean-until-100: in move-first the tasks use AWS from the start',
      {
        hint: 'remove cutover.dataMoved',
      },
    );
  else if (cutover.current < 100)
    r.error(
      ['cutover', 'dataMoved'],
      'data-moved-before-100',
      `cutover.dataMoved is true at phase ${cutover.current} %: the AWS tasks would write to RDS/ElastiCache while the droplets' share of the traffic writes to the DigitalOcean copy, two writers whose data diverges`,
      {
        expected: 'cutover.dataMoved: true only at 100 % (cutover.current: 100)',
        hint: 'move the data at 100 % (the data migration runbook), then set dataMoved: true; to roll back after the move, copy the AWS writes back to DigitalOcean, set dataMoved: false, then dropship cutover rollback',
      },
    );
}

/**
 * In move-first the data is on AWS from phase 0's end, and at a split phase (strictly between 0 and 100) the
 * droplets still take their share of the visitors: each of those writes goes to the DigitalOcean copy, which
 * then fails it (read-only, as the runbook says) or, left writable, keeps it where AWS never sees it — writes
 * at two sites. Valid (a read-only DigitalOcean side is a choice), so a warning at the first split phase.
 */
function checkMoveFirstSplit(r: Report, spec: MigrationSpec): void {
  const cutover = spec.cutover;
  if (!cutover || dataModeOf(spec)?.mode !== 'move-first') return;
  // Every database moves from somewhere: a DigitalOcean cluster (`from`) or, without one, a droplet.
  const migrated =
    spec.databases.length > 0 || spec.caches.some((c) => c.from) || takenOverSpaces(spec).length > 0;
  const split = cutover.phases.findIndex((p) => p > 0 && p < 100);
  if (!migrated || split < 0) return;
  r.warn(
    ['cutover', 'phases', split],
    'move-first-split-phase',
    `dataMode move-first with phase ${cutover.phases[split]} %: the data is on AWS from phase 0 on, yet at every split phase ` +
      'the droplets keep their share of the visitors, whose writes go to the DigitalOcean copy: they fail there ' +
      '(read-only) or, if it still takes writes, land at two sites that never merge',
    {
      hint: 'keep the DigitalOcean side read-only (or its apps in maintenance) through the split phases, or use phases [0, 100] with move-first, or dataMode: digitalocean-until-100 (one writer, DigitalOcean, until 100 %)',
    },
  );
}

/**
 * A database with no `from` runs on a droplet, not in a DigitalOcean managed cluster. In digitalocean-until-100
 * the tasks stay on the DigitalOcean clusters until the data moves, but dropship cannot wire them to a
 * droplet's database (no address or credentials in the inventory, usually listening on localhost only, no
 * managed CA for TLS over the internet): they would write to the new, empty RDS while the droplets' share of
 * the visitors writes to the droplet database at every split phase — two writers that never merge. Refused
 * rather than planned: move-first or phases [0, 100] keep one writer.
 */
function checkDropletDatabaseSplit(r: Report, spec: MigrationSpec): void {
  const cutover = spec.cutover;
  if (!cutover || dataModeOf(spec)?.mode !== 'digitalocean-until-100') return;
  const split = cutover.phases.findIndex((p) => p > 0 && p < 100);
  if (split < 0) return;
  const used = new Set(spec.apps.flatMap((a) => a.uses.databases));
  const index = spec.databases.findIndex((d) => d.from === undefined && used.has(d.name));
  if (index < 0) return;
  const db = spec.databases[index];
  r.error(
    ['databases', index],
    'droplet-database-split-writes',
    `database ${db.name} has no from: it moves from a database on a droplet, which the AWS tasks cannot use while ` +
      `the data stays on DigitalOcean (dataMode digitalocean-until-100${cutover.dataMode === undefined ? ', the default' : ''}): ` +
      `at phase ${cutover.phases[split]} % they would write to the new, empty RDS database while the droplets write to the droplet's, two writers whose data never merges`,
    {
      expected: 'cutover.dataMode: move-first, or cutover.phases with no phase strictly between 0 and 100',
      hint: 'set cutover.dataMode: move-first (the data moves before phase 1; keep the droplet database read-only through the split phases), or cutover.phases: [0, 100] (the data moves in the downtime window at 100 %)',
    },
  );
}

/** The Spaces that buckets some app uses take over (the data to move with the databases). */
function takenOverSpaces(spec: MigrationSpec): string[] {
  return spec.storage.buckets
    .filter((b) => b.access.length > 0)
    .flatMap((b) => sourceSpace(spec, b)?.name ?? []);
}

/** The Spaces the AWS tasks use until cutover.dataMoved (through NAT, like the DigitalOcean clusters). */
function spacesInUse(spec: MigrationSpec): string[] {
  return spec.storage.buckets
    .filter((b) => b.access.length > 0)
    .flatMap((b) => spaceInUse(spec, b)?.name ?? []);
}
