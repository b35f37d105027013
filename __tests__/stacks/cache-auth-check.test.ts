/**
 * The cache AUTH check (stacks/check-block.ts): a Terraform `check` per cache, with a scoped data source over
 * the group and an assertion on its auth_token_enabled, in JSON and in HCL (cdktf's HCL renderer skips block
 * types it does not know), and both pass terraform validate offline. Hostile text in the message stays text.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileExample, synthPlan } from '../helpers/synth';
import { describeTerraform, offlineTerraform } from '../helpers/terraform';

const plan = compileExample('php-shop');

describe('cache AUTH check block', () => {
  it('JSON: one check per cache over its group, the condition an expression, the message text', () => {
    const out = synthPlan(plan);
    const json = out.stackJson(out.stackByRole('data').name) as { check?: Record<string, unknown> };
    expect(json.check).toEqual({
      'cache-sessions-auth': {
        data: {
          aws_elasticache_replication_group: {
            'cache-sessions-auth': {
              replication_group_id:
                '${aws_elasticache_replication_group.cache-sessions.replication_group_id}',
            },
          },
        },
        assert: [
          {
            condition: '${data.aws_elasticache_replication_group.cache-sessions-auth.auth_token_enabled}',
            error_message: expect.stringContaining('shop-production-sessions has no AUTH token'),
          },
        ],
      },
    });
  });

  it('a message holding template syntax is escaped, never an expression', () => {
    const hostile = { ...plan, data: { ...plan.data } };
    hostile.data.caches = plan.data.caches.map((c) => ({
      ...c,
      authCheck: { ...c.authCheck, errorMessage: 'x ${file("/etc/passwd")} %{ if true }y%{ endif }' },
    }));
    const out = synthPlan(hostile as typeof plan);
    const text = readFileSync(out.stackFile(out.stackByRole('data').name), 'utf8');
    expect(text).toContain('x $${file(\\"/etc/passwd\\")} %%{ if true }y%%{ endif }');
  });
});

describeTerraform('cache AUTH check: terraform validate', () => {
  it('validates as HCL, the check block and its scoped data source included', () => {
    const out = synthPlan(plan, { hcl: true });
    const stack = out.stackByRole('data').name;
    const hcl = readFileSync(out.stackFile(stack), 'utf8');
    expect(hcl).toMatch(
      /check "cache-sessions-auth" \{\n\s+data "aws_elasticache_replication_group" "cache-sessions-auth" \{\n\s+replication_group_id = aws_elasticache_replication_group\.cache-sessions\.replication_group_id\n\s+\}\n\s+assert \{\n\s+condition\s+= data\.aws_elasticache_replication_group\.cache-sessions-auth\.auth_token_enabled\n/,
    );
    const work = mkdtempSync(join(tmpdir(), 'dropship-check-'));
    try {
      cpSync(join(out.outdir, 'stacks', stack), work, { recursive: true });
      const tf = offlineTerraform(work);
      expect(tf(['init', '-backend=false', '-input=false']).status).toBe(0);
      const validate = tf(['validate', '-json']);
      expect(JSON.parse(validate.stdout)).toMatchObject({ valid: true, error_count: 0 });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
