/**
 * dropship's security checks read the synthesized Terraform JSON (`cdk.tf.json`) of every stack: the exact
 * text users review and apply, so a check cannot be fooled by a plan-model value that the renderer ignored.
 * Everything here is plain data; no cdktf.
 */
import type { ReachabilityReport } from './reachability';

/** One stack's synthesized Terraform JSON (only the parts the checks read). */
export interface TerraformJson {
  resource?: Record<string, Record<string, TfBlock>>;
  data?: Record<string, Record<string, TfBlock>>;
  [key: string]: unknown;
}

export type TfBlock = Record<string, unknown>;

export interface StackJson {
  /** Terraform stack name, e.g. `shop-production-data`. */
  name: string;
  json: TerraformJson;
}

/** A resource (or data source) found in a stack. */
export interface TfResource {
  stack: string;
  type: string;
  /** The Terraform logical id (the key under `resource.<type>`). */
  name: string;
  /** `<type>.<name>`, or `data.<type>.<name>` for data sources. */
  address: string;
  body: TfBlock;
}

export interface Finding {
  check: string;
  stack: string;
  /** Resource address, e.g. `aws_db_instance.data_db_main`. */
  resource: string;
  /** What is wrong, in one sentence with the offending value. */
  message: string;
}

export interface CheckContext {
  stacks: StackJson[];
  /** Production environments also require deletion protection. */
  production: boolean;
  /**
   * Environment variables that migration.yaml waives as no secret (`waivers: [{ variable, reason }]`), by
   * `plainEnvironmentKey(family, container, variable)`: DS017 leaves them to the plan's list of waivers.
   */
  plainEnvironment?: ReadonlySet<string>;
  /** What the plan's connections need and which rules carry them (the reachability checks read it). */
  reachability?: ReachabilityReport;
}

export interface CheckDefinition {
  /** `DS001` … (stable: waivers refer to it). */
  id: string;
  title: string;
  category:
    | 'encryption at rest'
    | 'encryption in transit'
    | 'exposure'
    | 'tls'
    | 'iam'
    | 'secrets'
    | 'logging'
    | 'backups'
    | 'deletion protection'
    | 'supply chain'
    | 'reachability';
  /** checkov counterparts; an id that could not be confirmed ends with ` (unverified)`. */
  checkov: string[];
  /** trivy (AVD) counterparts, same convention. */
  trivy: string[];
  /** How to fix it in migration.yaml or why dropship does it this way. */
  remediation: string;
  run(ctx: CheckContext): Finding[];
}

export interface Waiver {
  check: string;
  resource?: string;
  reason: string;
}

export interface WaivedFinding extends Finding {
  reason: string;
}

export interface CheckReport {
  /** Every check that ran, in id order (with its counterparts), and how many findings it had. */
  checks: {
    id: string;
    title: string;
    category: CheckDefinition['category'];
    checkov: string[];
    trivy: string[];
    remediation: string;
    findings: number;
    waived: number;
  }[];
  /** Unwaived findings: each one is an error. */
  findings: Finding[];
  /** Findings a waiver in migration.yaml covers, with its reason. */
  waived: WaivedFinding[];
  /** Waivers that matched no finding (stale: remove them). */
  unusedWaivers: Waiver[];
  waivers: Waiver[];
}
