/** What every part of the plan records besides its resources: its decisions and the manual steps it needs. */

/** Why something was chosen, in words a reviewer can check (shown by `dropship plan`). */
export interface Decision {
  /** What was decided, e.g. `apps.web.size`, `databases.main.instanceClass`. */
  subject: string;
  /** The choice, e.g. `1024 CPU / 4096 MiB`. */
  choice: string;
  /** The rule that chose it, e.g. `s-2vcpu-4gb (2 vCPU, 4 GiB) → nearest Fargate pair ≥ 50% of the vCPUs`. */
  rule: string;
  /** What it was on DigitalOcean, when it maps something. */
  from?: string;
}

declare const shellCommandBrand: unique symbol;
/** One line of a manual step's or the runbook's commands: built by compiler/shell.ts, never by hand. */
export type ShellCommand = string & { readonly [shellCommandBrand]: true };

export interface ManualStep {
  order: number;
  title: string;
  /**
   * The user's own words about the step (a secret's description), shown before `detail` as text: a backtick
   * in them is a backtick, where `title` and `detail` are dropship's prose whose backtick quotes show as code.
   */
  note?: string;
  detail: string;
  /** Built by compiler/shell.ts, so that no value from the spec is shell syntax. */
  commands?: ShellCommand[];
}
