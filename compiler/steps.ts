/**
 * The manual steps of a migration in the order a person does them, with the stack applies between them.
 * Each part of the compiler numbers its own steps on this scale, so `dropship plan` can print one list:
 *
 *   100 apply network, registry         200–215 DigitalOcean side (TTLs, trusted sources)
 *   230 apply digitalocean              240 apply dns      250 free names     260 apply cutover at phase 0
 *   300–330 nameservers, certificate    340 data prerequisites   350 apply data   360+ secrets, data move
 *   390 push images                     395 apply apps     400+ copy volumes   590–610 before phase 1
 *   700 move traffic
 */
import type { ManualStep, StackPlan } from './model';

export const STEP_ORDER = {
  applyFoundation: 100,
  applyDigitalOcean: 230,
  applyDns: 240,
  applyCutoverPhase0: 260,
  dataPrerequisites: 340,
  applyData: 350,
  afterData: 360,
  pushImages: 390,
  applyApps: 395,
  moveTraffic: 700,
} as const;

/** `cdktf deploy` takes several stacks and applies them in dependency order. */
const apply = (stacks: StackPlan[]) => [`cdktf deploy ${stacks.map((s) => s.name).join(' ')}`];
const TERRAFORM_HINT =
  ' Without cdktf: `terraform -chdir=cdktf.out/stacks/<stack> init` then `terraform -chdir=cdktf.out/stacks/<stack> apply`, per stack.';

/** The apply steps for the stacks this plan has, placed on the scale above. */
export function applySteps(stacks: StackPlan[]): ManualStep[] {
  const byRole = (...roles: StackPlan['role'][]) => stacks.filter((s) => roles.includes(s.role));
  const steps: ManualStep[] = [];
  const add = (order: number, group: StackPlan[], title: string, detail: string) => {
    if (group.length > 0)
      steps.push({ order, title, detail: detail + TERRAFORM_HINT, commands: apply(group) });
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
    'Before the nameserver switch: the weighted records of the DigitalOcean side make the new zone answer exactly what DigitalOcean answers.',
  );
  add(
    STEP_ORDER.applyData,
    byRole('data'),
    'Apply the data stack',
    'RDS, ElastiCache, Secrets Manager secrets (created empty) and DMS. Takes the longest (Multi-AZ RDS: 20–40 minutes).',
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
      commands: [
        'dropship cutover next migration.yaml',
        ...apply(byRole('cutover')),
        'dropship cutover rollback migration.yaml   # if needed',
      ],
    });
  return steps;
}

/** Every step in doing order; steps with equal orders keep their order (Array#sort is stable). */
export function orderSteps(steps: ManualStep[]): ManualStep[] {
  return [...steps].sort((a, b) => a.order - b.order);
}
