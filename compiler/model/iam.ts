/**
 * An IAM policy statement as AWS's policy grammar writes it (the JSON of a role, key or file-system policy),
 * for every document the plan carries: the apps' roles, the environment key's policy, the flow-log role.
 * One value or a list where the grammar allows both; a document keeps whichever its part chose, so the
 * rendered text is what the part decided.
 */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Record<string, string | string[]>;
  Action: string | string[];
  Resource?: string | string[];
  /** Every resource but these (a Deny that spares one bucket). */
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}
