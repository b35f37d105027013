/**
 * The manual steps of a migration in the order a person does them, with the stack applies between them.
 * Every part of the compiler takes its steps' orders from STEP_ORDER, so `dropship plan` prints one list
 * and the whole sequence reads here. Steps that share an entry (one per domain, per record, per database,
 * ...) keep the order they were planned in (orderSteps is a stable sort), so a run of them needs no numbers
 * of its own and can be as long as it likes.
 */
import type { ManualStep, StackPlan } from './model';
import { sh, toCommands } from './shell';

export const STEP_ORDER = {
  applyFoundation: 100,
  // Once the network stack created the alarm topic: its email subscriptions wait for a click.
  confirmAlarmEmails: 110,
  // DigitalOcean side, before its stack applies: what dropship cannot adopt is done by hand.
  lowerTtlByHand: 200,
  trustNatIpsByHand: 210,
  reviewTrustedSourceRemovals: 215,
  applyDigitalOcean: 230,
  applyDns: 240,
  // In an existing zone, before phase 0 claims the names (no simple record may sit beside a weighted one).
  freeCutoverNames: 250,
  applyCutoverPhase0: 260,
  // After phase 0 is in the new zone, so the switch itself changes no answer.
  delegateToRoute53: 300,
  // Certificate: before the apps stack, whose apply waits for the validation.
  raiseCertificateNameQuota: 310,
  validateCertificateByHand: 320,
  switchNameserversForCertificate: 330,
  dataPrerequisites: 340, // before the data stack (e.g. the DMS service role)
  applyData: 350,
  afterData: 360, // secret values, dumps, users, once the data stack exists
  copyBuckets: 365, // Spaces → S3, a first pass once the data stack created the buckets
  // After the registry exists, before the apps stack starts services that pull the images.
  pushImages: 390,
  seedPullThroughCache: 392, // with nat: none, from a networked host: the tasks cannot make a first pull
  applyApps: 395,
  copyVolumes: 400, // once the apps stack created the file systems
  // Before traffic moves (phase 1 on): what must hold once both sides serve.
  oneWriterPerDatabase: 590,
  copyBucketsAgain: 595, // Spaces → S3 again, with the counts compared, right before traffic moves
  waitForOldTtls: 600,
  switchExternalDnsByHand: 610,
  // cutover.dataMode move-first: the data moves at phase 0, before phase 1.
  moveDataBeforePhase1: 650,
  // Before each move: the AWS side must be healthy (no CloudWatch alarm in ALARM).
  checkAlarmsBeforePhase: 690,
  moveTraffic: 700,
  // digitalocean-until-100: the Spaces' last copy at 100 %, writes stopped, before cutover.dataMoved.
  copyBucketsFinal: 705,
  // cutover.dataMode digitalocean-until-100: the data moves once traffic is at 100 %.
  moveDataAt100: 710,
} as const;

/** The spec file the commands name when the plan was read from no file (standard input, a test). */
export const DEFAULT_SPEC_FILE = 'migration.yaml';

/** `cdktf deploy` takes several stacks and applies them in dependency order. */
const apply = (stacks: StackPlan[]) => sh`cdktf deploy ${stacks.map((s) => s.name)}`;
const TERRAFORM_HINT =
  ' Without cdktf, per stack (with STACK set to its name): `terraform -chdir="cdktf.out/stacks/$STACK" init` then `terraform -chdir="cdktf.out/stacks/$STACK" apply`.';

/**
 * The apply steps for the stacks this plan has, placed in STEP_ORDER. `specFile`: the spec as the reader
 * named it, which the cutover commands edit (one shell word, whatever its name).
 */
export function applySteps(
  stacks: StackPlan[],
  specFile = DEFAULT_SPEC_FILE,
  dataVarFile?: string,
): ManualStep[] {
  const byRole = (...roles: StackPlan['role'][]) => stacks.filter((s) => roles.includes(s.role));
  const steps: ManualStep[] = [];
  const add = (order: number, group: StackPlan[], title: string, detail: string, varFile?: string) => {
    if (group.length === 0) return;
    const command = varFile
      ? sh`cdktf deploy ${group.map((s) => s.name)} ${`--var-file=${varFile}`}`
      : apply(group);
    const hint = varFile
      ? TERRAFORM_HINT.replace('apply`.', `apply -var-file=<path to ${varFile}>\`.`)
      : TERRAFORM_HINT;
    steps.push({ order, title, detail: detail + hint, commands: toCommands([command]) });
  };
  add(
    STEP_ORDER.applyFoundation,
    byRole('network', 'registry'),
    'Apply the network and registry stacks',
    'They depend on nothing: the VPC, subnets, NAT, KMS key and every security group; the ECR repositories.',
  );
  add(
    STEP_ORDER.applyDigitalOcean,
    byRole('digitalocean'),
    'Apply the digitalocean stack',
    'With DIGITALOCEAN_TOKEN set: lowers the TTL of the records that will move (adopted by import, nothing recreated) and opens the DigitalOcean firewalls to the NAT IPs.',
  );
  add(
    STEP_ORDER.applyDns,
    byRole('dns'),
    'Apply the dns stack',
    'Creates the Route 53 zones (with the copied records) or adopts the existing ones.',
  );
  add(
    STEP_ORDER.applyCutoverPhase0,
    byRole('cutover'),
    'Apply the cutover stack at phase 0',
    'Before any traffic moves: the weighted records of the DigitalOcean side answer what DigitalOcean answers today (in a new zone, before its nameservers are switched to).',
  );
  add(
    STEP_ORDER.applyData,
    byRole('data'),
    'Apply the data stack',
    'RDS, ElastiCache, Secrets Manager secrets (created empty) and DMS. Takes the longest (Multi-AZ RDS: 20–40 minutes).' +
      (dataVarFile ? ` DMS reads its CA certificates from ${dataVarFile} (the DMS certificate step).` : ''),
    dataVarFile,
  );
  add(
    STEP_ORDER.applyApps,
    byRole('apps', 'platform', 'app'),
    'Apply the apps stack',
    'The ECS services start and the apply waits until they are healthy; the certificate validates through the Route 53 zone.',
  );
  if (byRole('cutover').length > 0)
    steps.push({
      order: STEP_ORDER.moveTraffic,
      title: 'Move traffic one phase at a time',
      detail:
        'Each move is one reviewed line of migration.yaml; only the cutover stack changes. Roll back the same way.',
      commands: toCommands([
        sh`dropship cutover next ${specFile}`,
        apply(byRole('cutover')),
        sh`dropship cutover rollback ${specFile}   # if needed`,
      ]),
    });
  return steps;
}

/** Every step in doing order; steps with equal orders keep their order (Array#sort is stable). */
export function orderSteps(steps: ManualStep[]): ManualStep[] {
  return [...steps].sort((a, b) => a.order - b.order);
}
