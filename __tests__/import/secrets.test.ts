/**
 * `doctl databases list -o json` and the API carry the admin password, credentialed URIs and every user's
 * password. None of them may reach migration.yaml (or the warnings printed beside it).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importInventory } from '../../cli/import';
import { api, doctl, doctlFixtures, hasApiFixtures, warnIfNoApiFixtures } from './helpers';

/** Every password value and credentialed URI in a fixture, found by walking it (not hand-copied). */
function secretsIn(file: string): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, key?: string) => {
    if (typeof value === 'string') {
      if (
        key === 'password' ||
        key === 'access_key' ||
        key === 'access_cert' ||
        /:\/\/[^/\s:@]+:[^@\s]+@/.test(value)
      )
        found.add(value);
    } else if (Array.isArray(value)) value.forEach((v) => walk(v));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, k);
  };
  walk(JSON.parse(readFileSync(file, 'utf8')));
  return [...found];
}

const CREDENTIALED_URI = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^@\s/]+@/i;

function expectNoSecrets(output: string, secrets: string[]): void {
  expect(secrets.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(output).not.toContain(secret);
  expect(output).not.toMatch(/-----BEGIN [A-Z ]+-----/);
  expect(output).not.toMatch(CREDENTIALED_URI);
}

describe('no password, token or credentialed URI is ever written', () => {
  it('doctl databases list with admin, user and URI passwords (mysql, redis, mongodb)', () => {
    const file = doctl('databases.json');
    const secrets = secretsIn(file);
    // The fixture really does hold them: admin, app-user and Kafka passwords, URIs, a Kafka key and cert.
    expect(secrets).toEqual(
      expect.arrayContaining([
        expect.stringContaining('MIIfixtureKafkaKey7'),
        'AVNS_fixtureKafkaPw5',
        'AVNS_fixtureMysqlPw1',
        'AVNS_fixtureAppUserPw2',
        'AVNS_fixtureRedisPw3',
        'AVNS_fixtureMongoPw4',
      ]),
    );
    const result = importInventory({ inputs: [file] });
    expectNoSecrets([result.text, ...result.warnings].join('\n'), secrets);
    // What is written instead: the secret's name and where its value comes from.
    expect(result.text).toContain('passwordSecret: shop-mysql-source-password');
    expect(result.text).toMatch(
      /doctl databases get\s+-o\s+json\s+--\s+0d1e2f30-0000-4000-8000-0000000000d1\s+\|\s+jq\s+-r\s+\.connection\.password/,
    );
  });

  warnIfNoApiFixtures();
  (hasApiFixtures ? it.each : it.skip.each)([
    'databases-list.json',
    'database-get.json',
    'databases-list-mysql-pg.doctl.json',
  ])('real API response %s', (name) => {
    const file = api(name);
    const result = importInventory({ inputs: [file] });
    expectNoSecrets([result.text, ...result.warnings].join('\n'), secretsIn(file));
  });

  it('merge mode writes none either', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dropship-secrets-'));
    const into = join(dir, 'migration.yaml');
    writeFileSync(into, importInventory({ inputs: [doctl('droplets.json')], project: 'shop' }).text);
    const result = importInventory({ inputs: [doctlFixtures], into });
    expectNoSecrets([result.text, ...result.warnings].join('\n'), secretsIn(doctl('databases.json')));
  });

  it('a shape error near a password does not echo it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dropship-secrets-'));
    const file = join(dir, 'dbs.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          id: 'x',
          name: 'db',
          engine: 'pg',
          version: '16',
          size: 'db-s-1vcpu-1gb',
          connection: 'postgres://doadmin:hunter2-secret@h:25060/d',
        },
      ]),
    );
    expect(() => importInventory({ inputs: [file] })).toThrow(
      /\$\[0\]\.connection: expected an object \(found a string\)/,
    );
    try {
      importInventory({ inputs: [file] });
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2-secret');
    }
  });
});
