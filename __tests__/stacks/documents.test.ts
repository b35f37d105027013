/**
 * Container definitions and IAM policies are written as `jsonencode(...)` by stacks/apps/text.ts rather than
 * by cdktf's Fn.jsonencode (for speed). The text must be what Fn.jsonencode writes for the same document,
 * byte for byte; the oracle here is the previous implementation: Fn.jsonencode of the value with each lone
 * reference wrapped in Fn.tostring.
 */
import { Fn, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { address, embed, isRef, ref, splitEmbedded } from '../../compiler/refs';
import { escapeHclLiteral, resolveDocument } from '../../stacks/apps/text';
import { RefRegistry } from '../../stacks/refs';

/** The previous renderer: cdktf's own function calls. */
function viaCdktf(json: string, refs: RefRegistry): string {
  const value = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const parts = splitEmbedded(v);
      if (parts.length === 1 && isRef(parts[0])) return Fn.tostring(refs.resolve(parts[0]));
      return parts.map((p) => (isRef(p) ? refs.resolve(p) : escapeHclLiteral(p))).join('');
    }
    if (Array.isArray(v)) return v.map(value);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, value(x)]));
    return v;
  };
  return Fn.jsonencode(value(JSON.parse(json)));
}

it('writes the same jsonencode(...) text as cdktf, references and escapes included', () => {
  const app = Testing.app();
  const producer = new TerraformStack(app, 'producer');
  new AwsProvider(producer, 'aws', { region: 'eu-west-1' });
  const secret = new SsmParameter(producer, 'secret', { name: 'p', type: 'SecureString', value: 'x' });
  const stack = new TerraformStack(app, 'consumer');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const role = new IamRole(stack, 'role', { name: 'r', assumeRolePolicy: '{}' });

  const refs = new RefRegistry();
  const roleAt = address('consumer', 'aws_iam_role', 'role');
  const secretAt = address('producer', 'aws_secretsmanager_secret', 'secret');
  const db = address('data', 'aws_db_instance', 'db');
  const roleArn = ref(roleAt, 'arn');
  const secretArn = ref(secretAt, 'arn');
  refs.provide(roleAt, { arn: role.arn });
  refs.provide(secretAt, { arn: secret.arn }); // another stack: a cross-stack output and remote-state read
  refs.provide(db, { address: 'db.example', port: '3306' }); // values the compiler already knows
  const document = JSON.stringify({
    name: 'app',
    image: `${embed(secretArn)}:1.4.4`,
    lone: embed(roleArn),
    port: embed(ref(db, 'port')),
    two: `${embed(roleArn)}${embed(secretArn)}`,
    text: 'quotes " backslash \\ newline \n dollar ${HOME} percent %{x} tab \t',
    startsWithQuote: '"quoted"',
    numbers: [8080, 0.5, -1],
    flags: { on: true, off: false, none: null },
    nested: [{ Resource: [embed(roleArn), 'arn:aws:s3:::b/*'] }, []],
    empty: {},
  });

  new TerraformOutput(stack, 'ours', { value: resolveDocument(document, refs) });
  new TerraformOutput(stack, 'cdktf', { value: viaCdktf(document, refs) });
  app.synth();
  const outputs = (JSON.parse(Testing.synth(stack)) as { output: Record<string, { value: string }> }).output;
  expect(outputs.ours.value).toContain('cross-stack-output-aws_ssm_parametersecretarn');
  expect(outputs.ours.value).toContain('tostring(aws_iam_role.role.arn)');
  expect(outputs.ours.value).toBe(outputs.cdktf.value);
});
