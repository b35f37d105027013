/**
 * What the bench measures and judges, as bench/results.json records it: one figure per command and fleet
 * size, and one verdict per budget. Types only.
 */
import type { Layout } from '../compiler/model';

/** dropship's commands, and `reference`: issue 8's reference workload (bench/reference/cdktf-fleet.ts). */
export type Command = 'validate' | 'synth' | 'plan' | 'reference';

export interface Measurement {
  command: Command;
  layout?: Layout;
  /** `synth --only`: how many apps of the fleet were synthesized (a subset). */
  only?: number;
  apps: number;
  /** ok: measured; n/a: the command does not exist (yet); failed: it exited non-zero; timeout: killed. */
  status: 'ok' | 'n/a' | 'failed' | 'timeout';
  runs: number;
  wallMs?: number;
  cpuMs?: number;
  maxRssMb?: number;
  /** synth: stacks written, `resource` blocks in all cdk.tf.json files, bytes of those files. */
  stacks?: number;
  resources?: number;
  /** synth: bytes of the stacks' cdk.tf.json files; validate/plan: bytes printed on stdout. */
  bytes?: number;
  error?: string;
  /**
   * A budgeted measurement: the reference workload's median wall time over runs alternated with this one's,
   * so both saw the machine at the same speed.
   */
  reference?: { services: number; wallMs: number };
  /** A reference row: the measurement its runs alternated with (`validate 1000`). */
  pairedWith?: string;
}

export interface BudgetResult {
  budget: string;
  limit: string;
  measured: string;
  /**
   * Wall budgets, when the reference workload ran: how many times slower (above 1) or faster than issue 8's
   * machine this one ran, and the measured figure scaled to that machine's speed.
   */
  machineFactor?: number;
  atIssueSpeed?: string;
  /** The verdict on the measured figure itself, before scaling (set only when the figure was scaled). */
  unscaledStatus?: 'pass' | 'breach';
  /** A wall budget judged as measured although it is scaled normally: why (no reference ran beside it). */
  note?: string;
  /** The verdict: on the scaled figure when there is one, else on the measured figure. */
  status: 'pass' | 'breach' | 'skipped';
}
