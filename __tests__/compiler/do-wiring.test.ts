/**
 * Where the AWS tasks connect (cutover.dataMode, cutover.dataMoved): over generated specs, in
 * digitalocean-until-100 before the data moves no container gets an RDS or ElastiCache endpoint or secret
 * for a store migrated from DigitalOcean, and every container that receives such a store gets the
 * DigitalOcean cluster's public host (or its secret's host) and credentials under the same names; once
 * cutover.dataMoved is set, the reverse; move-first and specs without a cutover are wired to AWS.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { compile } from '../../compiler';
import { isRef, refId } from '../../compiler/refs';
import type { Value } from '../../compiler/model/refs';
import type { ContainerWiring } from '../../compiler/model/wiring';
import { injectedVariables } from '../../schema/inventory/container-uses';
import { findByName } from '../../schema/inventory/by-name';
import { dataModeOf, tasksUseDigitalOcean } from '../../schema/inventory/data-mode';
import type { MigrationSpec } from '../../schema/spec';
import { DO_ENGINE_PORTS } from '../../schema/facts/ports';
import { load } from '../helpers/validate';
import { specArbitrary, specOf } from '../helpers/spec-arbitrary';

const AWS_STORE = /^[^/]+\/(aws_db_instance|aws_rds_cluster|aws_elasticache_replication_group)\./;
const DO_SECRET = /\/aws_secretsmanager_secret\.secret-do-/;

const idOf = (v: Value): string | undefined => (isRef(v) ? refId(v) : undefined);

/** Each injected variable's value as the container received it: plain text, a ref id, or a secret's ref id. */
function received(c: ContainerWiring, name: string): { plain?: string; ref?: string; secret?: string } {
  const env = c.environment.find((e) => e.name === name);
  if (env) return typeof env.value === 'string' ? { plain: env.value } : { ref: idOf(env.value) };
  const secret = c.secrets.find((s) => s.name === name);
  return secret ? { secret: idOf(secret.valueFrom.secretArn) ?? String(secret.valueFrom.secretArn) } : {};
}

function sourceOf(spec: MigrationSpec, kind: 'database' | 'cache', store: string) {
  const target = kind === 'database' ? findByName(spec.databases, store) : findByName(spec.caches, store);
  return target?.from === undefined ? undefined : findByName(spec.digitalocean.databases, target.from);
}

const shapes = fc.record({ shape: specArbitrary, dataMoved: fc.boolean() });

describe('where the tasks connect, over generated specs', () => {
  it('uses DigitalOcean until the data moves in digitalocean-until-100, and AWS otherwise', () => {
    let onDigitalOcean = 0;
    let onAws = 0;
    fc.assert(
      fc.property(shapes, ({ shape, dataMoved }) => {
        const input = specOf(shape);
        // The data moves at 100 % (data-moved-before-100 refuses dataMoved below it): at the last phase.
        if (input.cutover)
          input.cutover = {
            ...input.cutover,
            dataMoved,
            ...(dataMoved ? { current: Math.max(...(input.cutover.phases ?? [100])) } : {}),
          };
        const result = load(stringify(input));
        if (!result.ok) return;
        const spec = result.spec;
        const data = compile(spec).data;
        const useDo = tasksUseDigitalOcean(spec);
        expect(useDo).toBe(dataModeOf(spec)?.mode === 'digitalocean-until-100' && !dataMoved);
        const aurora = (name: string) => findByName(data.databases, name)?.aurora !== undefined;
        spec.apps.forEach((app) => {
          const wiring = data.wiring[app.name];
          app.containers.forEach((container, j) => {
            for (const v of injectedVariables(app, j, aurora)) {
              const source = sourceOf(spec, v.kind, v.store);
              const got = received(wiring.containers[container.name], v.variable);
              const all = [got.ref, got.secret].filter((x) => x !== undefined);
              if (!source) {
                for (const id of all) expect(id).not.toMatch(DO_SECRET);
                continue;
              }
              if (useDo) {
                onDigitalOcean++;
                for (const id of all) expect(id).not.toMatch(AWS_STORE);
                if (got.secret) expect(got.secret).toMatch(DO_SECRET);
                if (v.setting === 'host' && source.host !== undefined)
                  expect(got.plain).toBe(source.host.replace(/^private-/, ''));
                if (v.setting === 'host' && source.host === undefined) expect(got.secret).toMatch(DO_SECRET);
                if (v.setting === 'port')
                  expect(got.plain).toBe(String(source.port ?? DO_ENGINE_PORTS[source.engine]));
              } else {
                onAws++;
                for (const id of all) expect(id).not.toMatch(DO_SECRET);
                if (v.setting === 'host') expect(got.ref).toMatch(AWS_STORE);
                if (source.host !== undefined) expect(got.plain).not.toBe(source.host);
              }
              if (v.setting === 'sslmode')
                expect(got.plain).toBe(
                  findByName(data.databases, v.store)!.engine === 'mysql' ? 'VERIFY_IDENTITY' : 'verify-full',
                );
            }
          });
          // The execution role reads the secrets of the side the containers use, never the other's.
          const granted = wiring.secretArns.map((a) => idOf(a) ?? '');
          if (useDo) expect(granted.some((id) => /secret-(db-.*-app|cache-.*-auth)\./.test(id))).toBe(false);
          else expect(granted.some((id) => DO_SECRET.test(id))).toBe(false);
        });
        // The DigitalOcean secrets exist for the whole mode, without a value (no version in the plan).
        const doSecrets = data.secrets.filter((s) => s.key.startsWith('do-') && !s.declared);
        if (dataModeOf(spec)?.mode !== 'digitalocean-until-100') expect(doSecrets).toEqual([]);
        for (const s of doSecrets) expect(s.kmsKeyArn).toBeDefined();
      }),
      { numRuns: 60, seed: 20261207 },
    );
    // The generator reaches both sides (a property that never ran its assertions proves nothing).
    expect(onDigitalOcean).toBeGreaterThan(0);
    expect(onAws).toBeGreaterThan(0);
  });
});
