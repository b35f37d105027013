import type { PolicyStatement } from '../model';

/**
 * A secret ARN given without Secrets Manager's random six-character suffix matches nothing in IAM; the
 * `-??????` wildcard stands for exactly that suffix.
 */

export function completeSecretArn(arn: string): string {
  return /:secret:.+-[A-Za-z0-9]{6}$/.test(arn) ? arn : `${arn}-??????`;
}

export function policyJson(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export interface AccountScope {
  region: string;
  accountId?: string;
}
/** Trust policy for a service principal; with a known account, only calls on its behalf (confused deputy). */

export function trustPolicy(service: string, scope: AccountScope): string {
  const statement: PolicyStatement = {
    Sid: 'AssumeRole',
    Effect: 'Allow',
    Principal: { Service: service },
    Action: ['sts:AssumeRole'],
  };
  if (scope.accountId) {
    statement.Condition = { StringEquals: { 'aws:SourceAccount': scope.accountId } };
  }
  return policyJson([statement]);
}
