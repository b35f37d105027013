/**
 * The case: Laravel's nginx serves storage/app/public beside php-fpm, and the queue worker writes
 * uploads too. All three entries name one DigitalOcean volume and get one EFS file system in the data stack,
 * each with its access point; the apps stack forgets the per-entry file systems earlier output created
 * (removed blocks, destroy = false, in JSON and in HCL) instead of destroying them; a worker in another group
 * is warned. Before, each entry had a file system of its own in the apps stack.
 */
import { readFileSync } from 'node:fs';
import type { MigrationSpec } from '../../schema/spec';
import { compile, planManualSteps } from '../../compiler';
import { cleanupSynth, loadExample, synthPlan } from '../helpers/synth';
import { diagnosticsOf, revalidated } from '../helpers/validate';

afterAll(cleanupSynth);

function laravelSharing(workerUser?: string): MigrationSpec {
  const spec = structuredClone(loadExample('laravel-app')) as MigrationSpec;
  const web = spec.apps.find((a) => a.name === 'web')!;
  const entry = web.volumes[0];
  web.volumes.push({ ...entry, name: 'public-storage-nginx', container: 'nginx', readOnly: true });
  const worker = spec.apps.find((a) => a.name === 'queue')!;
  worker.volumes = [{ ...entry, container: worker.containers[0].name }];
  if (workerUser) worker.containers[0].user = workerUser;
  return spec;
}

describe('a DigitalOcean volume shared by containers and apps', () => {
  const plan = compile(revalidated(laravelSharing()));
  const out = synthPlan(plan);
  const data = out.stackJson(out.stackByRole('data').name);
  const apps = out.stackJson(out.stackByRole('apps').name);

  it('is one file system in the data stack, with an access point per entry and none in the apps stack', () => {
    expect(Object.keys(data.resource!.aws_efs_file_system)).toEqual(['efs-ledgerly-uploads']);
    expect(Object.keys(data.resource!.aws_efs_access_point)).toHaveLength(3);
    expect(apps.resource!.aws_efs_file_system).toBeUndefined();
    expect(data.resource!.aws_efs_file_system['efs-ledgerly-uploads'].lifecycle).toEqual({
      prevent_destroy: true,
    });
  });

  it('forgets the per-entry file systems of earlier output, never destroying them', () => {
    expect(apps.removed).toEqual([
      { from: 'aws_efs_file_system.web-public-storage-efs', lifecycle: { destroy: false } },
      { from: 'aws_efs_file_system.web-public-storage-nginx-efs', lifecycle: { destroy: false } },
      { from: 'aws_efs_file_system.queue-public-storage-efs', lifecycle: { destroy: false } },
    ]);
    const hcl = readFileSync(synthPlan(plan, { hcl: true }).stackFile(out.stackByRole('apps').name), 'utf8');
    expect(hcl).toContain(
      'removed {\n  from = aws_efs_file_system.queue-public-storage-efs\n  lifecycle {\n    destroy = false\n  }\n}',
    );
  });

  it('names the earlier file systems and the copy in the plan', () => {
    const titles = planManualSteps(plan)
      .map((s) => s.title)
      .join('\n');
    expect(titles).toContain('Copy volume ledgerly-uploads to its shared EFS file system');
    expect(titles).toContain('the per-app file systems of volume ledgerly-uploads');
  });

  it('warns an entry outside the first entry’s group', () => {
    const codes = diagnosticsOf(laravelSharing('2000:2000') as never).map((d) => d.code);
    expect(codes).toContain('volume-shared-owner');
    expect(diagnosticsOf(laravelSharing() as never).map((d) => d.code)).not.toContain('volume-shared-owner');
  });
});
