/** Account values the apps' manual steps need in a shell: known from the spec, or asked of the AWS CLI. */
import type { CompileContext } from './context';
import { rawShell, sh, type ShellText } from './shell';

/** The spec's account id, or a command substitution that asks the AWS CLI for the caller's. */
export function accountIdShell(ctx: CompileContext): ShellText {
  const { accountId } = ctx.spec.aws;
  return accountId
    ? sh`${accountId}`
    : rawShell('$(aws sts get-caller-identity --query Account --output text)');
}

/** The ECR registry host of the spec's account and region (the account may be found at run time). */
export function registryHost(ctx: CompileContext): ShellText {
  return sh`${accountIdShell(ctx)}${`.dkr.ecr.${ctx.spec.aws.region}.amazonaws.com`}`;
}
