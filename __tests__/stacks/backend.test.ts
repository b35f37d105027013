import { isAbsolute, join, relative, resolve } from 'node:path';
import { localStatePath, s3StateKey } from '../../compiler/backend';
import { cleanupSynth, examples, synthExample } from '../helpers/synth';

afterAll(cleanupSynth);

describe('state locations', () => {
  it('anchors a relative local state directory beside the synth output, one file per stack', () => {
    const backend = { type: 'local' as const, directory: 'terraform-state' };
    expect(localStatePath(backend, 'shop-production-network')).toBe(
      '../../../terraform-state/shop-production-network.tfstate',
    );
    expect(localStatePath({ type: 'local', directory: '/var/tf' }, 'x')).toBe('/var/tf/x.tfstate');
    expect(
      s3StateKey(
        {
          type: 's3',
          bucket: 'b',
          keyPrefix: 'shop/',
          region: 'us-east-1',
          useLockfile: true,
          encrypt: true,
        },
        'x',
      ),
    ).toBe('shop/x.tfstate');
  });

  it.each(examples().map((e) => e.name))(
    '%s: every remote-state read finds the file its producer writes, outside the output directory',
    (name) => {
      const synth = synthExample(name);
      const { outdir } = synth;
      const stacks = Object.fromEntries(synth.stackNames.map((n) => [n, synth.stackJson(n)]));
      const stackDir = (stack: string) => join(outdir, 'stacks', stack);
      const written = new Map<string, string>();
      for (const [stack, json] of Object.entries(stacks)) {
        const backend =
          (json.terraform as { backend?: Record<string, { path?: string; key?: string }> }).backend ?? {};
        if (backend.local) {
          const file = resolve(stackDir(stack), backend.local.path!);
          expect(relative(outdir, file).startsWith('..')).toBe(true); // synth replaces the output dir whole
          written.set(file, stack);
        } else if (backend.s3) written.set(`s3:${backend.s3.key}`, stack);
      }
      expect(written.size).toBe(Object.keys(stacks).length); // no two stacks share a state file
      let reads = 0;
      for (const [stack, json] of Object.entries(stacks)) {
        for (const remote of Object.values(json.data?.terraform_remote_state ?? {})) {
          const config = (remote as { backend?: string; config: { path?: string; key?: string } }).config;
          const target = config.path
            ? isAbsolute(config.path)
              ? config.path
              : resolve(stackDir(stack), config.path)
            : `s3:${config.key}`;
          expect(written.has(target)).toBe(true);
          reads++;
        }
      }
      expect(reads).toBeGreaterThan(0);
    },
  );
});
