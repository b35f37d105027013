/**
 * The hand-over of the cutover names in an existing Route 53 zone (`route53ZoneId`).
 *
 * Route 53 rejects a weighted record set beside a simple one of the same name and type, so the simple
 * A/AAAA/CNAME records at the cutover hostnames must go before the weighted ones exist. Deleting them by
 * hand and applying the cutover stack afterwards leaves the names unanswered in between, and resolvers may
 * cache that NXDOMAIN/NODATA for the zone's negative TTL (its SOA minimum). Instead, one change batch, which
 * Route 53 applies atomically, DELETEs the simple records and CREATEs the phase-0 weighted records exactly
 * as the cutover stack holds them at phase 0 (name, type, set identifier, weight, value, TTL), without their
 * health checks (those do not exist yet). `terraform import` then puts the records into the cutover stack's
 * state, and its phase-0 apply attaches the health checks in place.
 *
 * Import commands, not import blocks: an import block stays in the configuration at every apply of its
 * phase, and one whose object does not exist fails the plan (Terraform 1.5+), so a phase-0 plan before the
 * batch ran, or a rollback straight from 100 % (whose apply deleted the DigitalOcean records) to 0 %, would
 * fail. The commands run once, between the batch and the first apply.
 *
 * The DELETEs come from the spec (`digitalocean.domains[].records` of the zone, as the user lists the zone's
 * records today). Route 53 refuses the whole batch when a DELETE does not match the live record exactly, or
 * when a CREATE meets an unlisted simple record of the same name and type, but not for an unlisted simple
 * record of another type: an AAAA beside weighted A records survives the batch and keeps IPv6 clients on
 * the droplets at every phase. So the step's first command compares the zone's simple A/AAAA/CNAME record
 * sets at the names with the DELETEs and fails, printing both, on any difference (zoneCheckCommand).
 */
import type { DomainSpec } from '../schema/spec';
import type { ManualStep } from './model';
import { route53Value } from './aws/route53';
import { CUTOVER_TYPES, recordFqdn } from '../schema/inventory/records';
import { STEP_ORDER } from './steps';
import { dq, sh, sq, toCommands, unlessAwsFails, type ShellText } from './shell';
import type { WeightedRecordPlan } from './model/cutover';
import { ResourceRecordSetJson, ZoneSwapPlan } from './model/cutover';

/**
 * Route 53's quotas on one ChangeResourceRecordSets request (Developer Guide, "Quotas on API requests"):
 * at most 1,000 ResourceRecord elements and 32,000 characters over all Value elements, UPSERTs counted
 * twice (the batch has DELETEs and CREATEs only). There is no limit on the number of Change elements since
 * the 2013 API: the old 100 is gone.
 */
export const ROUTE53_BATCH_LIMITS = { resourceRecords: 1000, valueCharacters: 32000 } as const;

/** What a list of record sets counts against ROUTE53_BATCH_LIMITS. */
function batchSize(sets: readonly ResourceRecordSetJson[]): { records: number; characters: number } {
  const values = sets.flatMap((set) => set.ResourceRecords.map((r) => r.Value));
  return { records: values.length, characters: values.reduce((n, v) => n + v.length, 0) };
}

const fitsOneBatch = (sets: readonly ResourceRecordSetJson[]): boolean => {
  const { records, characters } = batchSize(sets);
  return (
    records <= ROUTE53_BATCH_LIMITS.resourceRecords && characters <= ROUTE53_BATCH_LIMITS.valueCharacters
  );
};

/** The Terraform resource name (construct id) of a weighted record in the cutover stack. */
export const weightedRecordId = (key: string): string => `weighted-${key}`;

/**
 * The swap for one existing zone: `phase0` is the cutover stack's records at phase 0 (the DigitalOcean side
 * only), of which those named `hostnames` are this zone's.
 */
export function zoneSwap(
  domain: DomainSpec,
  zoneId: string,
  hostnames: string[],
  phase0: WeightedRecordPlan[],
): ZoneSwapPlan {
  const groups = hostnames.map((hostname) => ({
    deletes: simpleRecordSets(domain, hostname),
    creates: phase0.filter((r) => r.name === hostname).map(weightedRecordSet),
  }));
  // A name never spans two batches. One name always fits: Route 53 allows 100 weighted sets per name and
  // type, a few hundred values at most.
  const packed: (typeof groups)[] = [];
  const sets = (batch: typeof groups) => batch.flatMap((g) => [...g.deletes, ...g.creates]);
  for (const group of groups) {
    const last = packed[packed.length - 1];
    if (last && fitsOneBatch(sets([...last, group]))) last.push(group);
    else packed.push([group]);
  }
  // Route 53 allows 256 characters: room is left for the batch number.
  const comment = `dropship: cutover names of ${domain.name} to the phase-0 weighted records`.slice(0, 240);
  const created = phase0.filter((r) => hostnames.includes(r.name));
  return {
    domain: domain.name,
    zoneId,
    hostnames,
    changeBatches: packed.map((batch, i) => ({
      Comment: packed.length === 1 ? comment : `${comment} (${i + 1}/${packed.length})`,
      Changes: [
        ...batch
          .flatMap((g) => g.deletes)
          .map((set) => ({ Action: 'DELETE' as const, ResourceRecordSet: set })),
        ...batch
          .flatMap((g) => g.creates)
          .map((set) => ({ Action: 'CREATE' as const, ResourceRecordSet: set })),
      ],
    })),
    imports: created.map((r) => ({
      address: `aws_route53_record.${weightedRecordId(r.key)}`,
      // The provider's import id: <zone id>_<name>_<type>_<set identifier> (set identifiers hold no `_`).
      id: `${zoneId}_${r.name}_${r.type}_${r.setIdentifier}`,
    })),
  };
}

/** The simple A, AAAA and CNAME record sets the spec lists at a hostname, as a DELETE must name them. */
function simpleRecordSets(domain: DomainSpec, hostname: string): ResourceRecordSetJson[] {
  const sets: ResourceRecordSetJson[] = [];
  for (const type of CUTOVER_TYPES) {
    const listed = domain.records.filter(
      (r) => r.type === type && recordFqdn(domain.name, r.name) === hostname,
    );
    if (listed.length === 0) continue;
    sets.push({
      Name: `${hostname}.`,
      Type: type,
      // One TTL per record set; the dns copy groups the same way.
      TTL: Math.min(...listed.map((r) => r.ttl)),
      ResourceRecords: [...new Set(listed.map((r) => deleteValue(domain.name, r)))].map((Value) => ({
        Value,
      })),
    });
  }
  return sets;
}

/**
 * A listed record's value as its DELETE sends it. Route 53 lists a CNAME value as it was entered, with or
 * without the final dot, and treats the two spellings as one value (an UPSERT that only adds the dot changes
 * nothing), so a CNAME value is sent as the inventory lists it, the zone's own spelling when copied from it;
 * only DigitalOcean's `@` and single-label shorthand, which Route 53 never lists, are made absolute. Other
 * types in Route 53's format (route53Value).
 */
function deleteValue(domain: string, r: DomainSpec['records'][number]): string {
  const data = r.data.trim();
  if (r.type !== 'CNAME' || data === '@' || !data.replace(/\.$/, '').includes('.'))
    return route53Value(domain, r);
  return data;
}

/** A phase-0 weighted record as the batch CREATEs it: the stack's record without its health check. */
function weightedRecordSet(r: WeightedRecordPlan): ResourceRecordSetJson {
  return {
    Name: `${r.name}.`,
    Type: r.type,
    SetIdentifier: r.setIdentifier,
    Weight: r.weight,
    TTL: r.ttl as number,
    ResourceRecords: (r.records ?? []).map((Value) => ({ Value })),
  };
}

/**
 * A DELETE's record set as zoneCheckCommand prints a live one: name type TTL sorted,values, a value without
 * its final dot (a host name: CNAME), as the command strips it from the live ones.
 */
function checkLine(set: ResourceRecordSetJson): string {
  const values = set.ResourceRecords.map((r) => withoutFinalDot(r.Value)).sort();
  return `${route53Name(set.Name)} ${set.Type} ${set.TTL} ${values.join(',')}`;
}

const withoutFinalDot = (value: string): string => value.replace(/\.$/, '');

/** A name as Route 53 lists it: a wildcard's `*` reads `\052`. */
const route53Name = (name: string): string => name.replace(/\*/g, '\\052');

/**
 * A shell command that exits non-zero unless the zone's simple (no set identifier) A, AAAA and CNAME record
 * sets at `hostnames` are exactly `deletes`. The AWS CLI's --query (JMESPath) reduces the zone to one sorted
 * line per set, an alias to `alias <target>` with TTL null; JSON output, since with text output the CLI
 * applies the query to each page of a long listing. Then sed drops the final dot of every value (one ends a
 * set's part of the line, before `,`, `;` or the closing quote; A and AAAA values never end with a dot), as
 * checkLine does: Route 53 lists a CNAME value as entered, with or without it, and both name the same host.
 * No tool beyond the AWS CLI, sed and a POSIX shell.
 */
function zoneCheckCommand(
  zoneId: string,
  hostnames: string[],
  deletes: ResourceRecordSetJson[],
  records: string,
): ShellText {
  const names = hostnames.map((h) => `Name == '${route53Name(h)}.'`).join(' || ');
  const types = CUTOVER_TYPES.map((t) => `Type == '${t}'`).join(' || ');
  const values = "not_null(ResourceRecords[].Value, [join(' ', ['alias', to_string(AliasTarget.DNSName)])])";
  const query =
    `join('; ', sort(ResourceRecordSets[?type(SetIdentifier) == 'null' && (${types}) && (${names})]` +
    `.join(' ', [Name, Type, to_string(TTL), join(',', sort(${values}))])))`;
  // The CLI prints the string as JSON: quoted, a backslash doubled.
  const expected = sq(JSON.stringify(deletes.map(checkLine).sort().join('; ')));
  const stop = sq(
    `STOP: the zone's simple A/AAAA/CNAME records at these names (first line) are not the batch's DELETEs ` +
      `(second line; host names without their final dot): list them in ${records} exactly and run dropship plan again`,
  );
  // In double quotes (dq) the JMESPath raw string's `\052` is written `\\052`.
  return unlessAwsFails(
    sh`live=$(aws route53 list-resource-record-sets --hosted-zone-id ${zoneId} --output json --query ${dq(query)})`,
    'aws route53 list-resource-record-sets',
    sh`live=$(printf '%s\\n' "$live" | sed 's/\\.\\([,;"]\\)/\\1/g') && test "$live" = ${expected} || { printf '%s\\n' ${stop} "$live" ${expected} >&2; false; }`,
  );
}

/** The runbook step that runs the swap of one zone, then imports its records into the cutover stack. */
export function zoneSwapStep(
  swap: ZoneSwapPlan,
  domainIndex: number,
  stacks: {
    cutover: string;
    /** The stack whose state the cutover stack reads above phase 0 (the ALB's: apps or platform). */
    alb: string;
  },
  /** The spec's cutover.current: the imports need the cutover stack as synthesized at phase 0. */
  current: number,
): ManualStep {
  const { domain, zoneId, hostnames, changeBatches } = swap;
  const changes = changeBatches.flatMap((b) => b.Changes);
  const deletes = changes.filter((c) => c.Action === 'DELETE').length;
  const creates = changes.length - deletes;
  const one = changeBatches.length === 1;
  const batches = one
    ? 'One change batch, which Route 53 applies all or nothing, instead deletes'
    : `${changeBatches.length} change batches (Route 53 takes at most ` +
      `${thousands(ROUTE53_BATCH_LIMITS.resourceRecords)} values and ` +
      `${thousands(ROUTE53_BATCH_LIMITS.valueCharacters)} value characters per request; each ` +
      'holds whole names and Route 53 applies each all or nothing, so run them one after the other) instead delete';
  const records = `digitalocean.domains[${domainIndex}].records`;
  const dir = `cdktf.out/stacks/${stacks.cutover}`;
  // Above phase 0 the stack holds a terraform_remote_state of the ALB's stack, which `terraform import`
  // reads: it fails ("Unable to find remote state") until that stack is applied.
  const phase0Only =
    current === 0
      ? 'with the cutover stack synthesized at phase 0, as now'
      : `with the cutover stack synthesized at phase 0 (set cutover.current: 0 and run dropship synth for the ` +
        `imports, then back to ${current}): at ${current} % it reads the ${stacks.alb} stack’s state, and ` +
        `terraform import fails until that stack is applied`;
  return {
    order: STEP_ORDER.freeCutoverNames,
    title: `Free the cutover names in the existing zone ${domain} in one change`,
    detail:
      `Once: skip this step if terraform -chdir=${dir} state list already shows the weighted records ` +
      '(run again, the check fails and Route 53 refuses the batch: its DELETEs no longer match). ' +
      `Route 53 rejects a weighted record set beside a simple one of the same name and type, and deleting the ` +
      `simple records by hand would leave ${hostnames.join(', ')} unanswered until the cutover stack applies ` +
      `(resolvers may cache that for the zone’s negative TTL). ${batches} the simple A, AAAA ` +
      `and CNAME records that ${records} lists for them ` +
      `(${deletes} DELETE) and ${one ? 'creates' : 'create'} the cutover stack’s phase-0 weighted records ` +
      `(${creates} CREATE: same ` +
      'names, set identifiers, weights, values and TTL, without health checks). First compare the zone with ' +
      'the batch (the first command fails, printing both, unless the zone’s simple A, AAAA and CNAME records ' +
      `at these names are exactly the DELETEs): Route 53 does not refuse the batch for a simple record ${records} ` +
      'leaves out when the batch creates no weighted record of its type (an AAAA beside weighted A records ' +
      'would keep IPv6 clients on the droplets at every phase); on a difference copy the zone’s records for ' +
      `these names into ${records} and run dropship plan again. The check compares a CNAME value without its ` +
      'final dot; the batch’s DELETE sends it as listed, so list it as list-resource-record-sets prints it. ' +
      `An alias record (the check prints “alias” and its target) cannot be listed in ${records}: put its DELETE first ` +
      'in the batch’s Changes by hand, copied from aws route53 list-resource-record-sets as ' +
      '{"Action":"DELETE","ResourceRecordSet":{"Name":"…","Type":"…","AliasTarget":{"HostedZoneId":"…",' +
      '"DNSName":"…","EvaluateTargetHealth":…}}}, and run the batch once its line is the check’s only ' +
      'difference. ' +
      'Then import the created records into the cutover stack (once, before its first apply), ' +
      `${phase0Only}, so that the phase-0 apply adopts them and attaches the health checks in place instead of ` +
      'creating them.',
    commands: toCommands([
      zoneCheckCommand(
        zoneId,
        hostnames,
        changes.filter((c) => c.Action === 'DELETE').map((c) => c.ResourceRecordSet),
        records,
      ),
      ...changeBatches.map(
        (batch) =>
          sh`aws route53 change-resource-record-sets --hosted-zone-id ${zoneId} --change-batch ${sq(JSON.stringify(batch))}`,
      ),
      sh`terraform ${`-chdir=${dir}`} init`,
      ...swap.imports.map((i) => sh`terraform ${`-chdir=${dir}`} import ${sq(i.address)} ${sq(i.id)}`),
    ]),
  };
}

/** 32000 → `32,000`, independent of the locale. */
const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+$)/g, ',');
