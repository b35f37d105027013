/**
 * The plan model: everything dropship decided, as plain data. `stacks/` renders it with cdktf and the plan
 * report prints it; neither makes a decision of its own. Each part is produced by one compiler module.
 */
import type { Diagnostic } from '../../schema/diagnostics';
import type { NetworkPlan } from './network';
import type { RegistryPlan } from './registry';
import type { SecurityPlan } from './security';
import type { AppsPlan } from './apps';
import type { DataPlan } from './data';
import type { CutoverPlan } from './cutover';
import type { DigitalOceanPlan } from './digitalocean';
import type { DnsPlan } from './dns';
import type { AlarmsPlan } from './alarms';
import type { StoragePlan } from './storage';
import type { CiPlan } from './ci';

/** How the stacks are cut: `single` (every app in one apps stack) or `per-app` (a platform stack and a stack per app). */
export type Layout = 'single' | 'per-app';

export type StackRole =
  'network' | 'registry' | 'dns' | 'data' | 'platform' | 'apps' | 'app' | 'cutover' | 'digitalocean' | 'ci';

export interface StackPlan {
  /** Terraform stack name, e.g. `shop-production-network`. */
  name: string;
  role: StackRole;
  /** For role `app`: the app it holds. */
  app?: string;
  /** Stacks whose outputs it reads (cross-stack references). */
  dependsOn: string[];
}

/** Where stacks keep state (defaults already applied by the schema). */
export type BackendPlan =
  | {
      type: 'local';
      /** Directory for `<stack>.tfstate`, relative to the synth output's parent. */ directory: string;
    }
  | { type: 's3'; bucket: string; keyPrefix: string; region: string; useLockfile: boolean; encrypt: boolean };

export interface PlanMeta {
  project: string;
  environment: string;
  production: boolean;
  region: string;
  accountId?: string;
  availabilityZones: string[];
  prefix: string;
  tags: Record<string, string>;
  backend: BackendPlan;
  layout: Layout;
}

export interface Plan {
  meta: PlanMeta;
  stacks: StackPlan[];
  network: NetworkPlan;
  security: SecurityPlan;
  registry: RegistryPlan;
  dns: DnsPlan;
  data: DataPlan;
  storage: StoragePlan;
  apps: AppsPlan;
  cutover: CutoverPlan | undefined;
  digitalocean: DigitalOceanPlan;
  alarms: AlarmsPlan;
  ci: CiPlan;
  /**
   * Every warning of the spec the compiler found, located and in file order. Decisions and manual steps
   * are stored once, in each part's plan; compiler/parts.ts planDecisions and compiler/index.ts
   * planManualSteps list them all.
   */
  warnings: Diagnostic[];
}
