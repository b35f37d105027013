/**
 * The literal-secret rules on their own: every generated disguise is found and masked, no look-alike is,
 * the keyword prefilter never hides a match, credential names, and the masked copy of a spec file.
 */
import fc from 'fast-check';
import { isCredentialName } from '../../schema/credentials';
import { SECRET_RULES } from '../../schema/secrets/rules';
import { scanList, scanValue } from '../../schema/secrets/scan';
import { redactSource, redactText } from '../../schema/secrets/mask';
import { CREDENTIAL_NAMES, DISGUISES, LOOK_ALIKES } from '../helpers/secret-corpus';

describe('the rules as data', () => {
  it.each(SECRET_RULES.map((r) => [r.id, r]))('%s names its source and has usable keywords', (_id, rule) => {
    expect(rule.source.length).toBeGreaterThan(5);
    expect(rule.what).toMatch(/^(a|an) /);
    expect(rule.pattern.flags).toContain('d');
    expect(rule.keywords.length).toBeGreaterThan(0);
    for (const k of rule.keywords) expect(k).toBe(k.toLowerCase());
  });
  it('has unique ids and at least 35 shapes', () => {
    expect(new Set(SECRET_RULES.map((r) => r.id)).size).toBe(SECRET_RULES.length);
    expect(SECRET_RULES.length).toBeGreaterThanOrEqual(35);
  });
});

describe('every disguise is found', () => {
  it.each(Object.keys(DISGUISES))('%s', (name) => {
    fc.assert(
      fc.property(DISGUISES[name], ({ value, secret }) => {
        const found = scanValue(value);
        expect(found.length).toBeGreaterThan(0);
        // The secret lies inside what would be masked, and masking removes it.
        expect(redactText(value)).not.toContain(secret);
        expect(redactText(`note: ${value} (see above)`)).not.toContain(secret);
      }),
      { numRuns: 40 },
    );
  });

  it('inside a command list, at the item that holds the secret', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('--password', '--token', '--api-key'),
        fc.stringMatching(/^[a-z][A-Za-z0-9]{9,20}[0-9]$/),
        (flag, secret) => {
          const found = scanList(['app', '--port', '8080', flag, secret]);
          expect(found.map((f) => f.index)).toEqual([4]);
          expect(found[0].match.start).toBe(0);
          expect(found[0].match.end).toBe(secret.length);
        },
      ),
    );
  });
});

describe('no look-alike is flagged', () => {
  it.each(Object.keys(LOOK_ALIKES))('%s', (name) => {
    fc.assert(
      fc.property(LOOK_ALIKES[name], (value) => {
        expect(scanValue(value).map((m) => `${m.rule.id}: ${value.slice(m.start, m.end)}`)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the keyword prefilter', () => {
  it('never hides a match the pattern alone finds', () => {
    const all = fc.oneof(...Object.values(DISGUISES).map((d) => d.map((x) => x.value)));
    fc.assert(
      fc.property(all, fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (value, before, after) => {
        const text = `${before} ${value} ${after}`;
        const found = scanValue(text);
        for (const rule of SECRET_RULES) {
          for (const m of text.matchAll(new RegExp(rule.pattern.source, `${rule.pattern.flags}g`))) {
            const [start, end] = m.indices?.groups?.secret ?? m.indices![0];
            if (/^\$|^\*+$/.test(text.slice(start, end))) continue;
            if (rule.accept && !rule.accept({ secret: text.slice(start, end), name: m.groups?.name }))
              continue;
            // Some match (this rule's, or a wider one that holds it) covers the span.
            expect(found.some((f) => f.start <= start && end <= Math.max(f.end, start + 1))).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('credential names', () => {
  it.each([
    'AUTH_TOKEN_2',
    'PASSWORD1',
    'API_KEY_OLD',
    'STRIPE_SECRET_PROD',
    'GITHUB_TOKEN_V2',
    'PGPASSWORD',
    'AUTHTOKEN',
    'CLIENTSECRET',
    'DB_PASSWORDS',
    'GOOGLE_CREDENTIAL',
    'MYSQL_PWD',
    'clientSecret2',
  ])('%s is a credential', (name) => expect(isCredentialName(name)).toBe(true));
  it.each([
    // the deliberately-not-credential names of credentials.ts, and new look-alikes
    'AWS_ACCESS_KEY_ID',
    'PASSWORD_MIN_LENGTH',
    'TOKEN_TTL',
    'SECRET_NAME',
    'DB_PASSWORD_FILE',
    'JWT_PUBLIC_KEY',
    'STRIPE_PUBLISHABLE_KEY',
    'RECAPTCHA_SITE_KEY',
    'PWD',
    'OLDPWD',
    'MONKEY',
    'BYPASS',
    'TOKENIZER',
    'PASSWORD_RESET_URL_V2',
    'SECRETS_DIR',
  ])('%s is not a credential', (name) => expect(isCredentialName(name)).toBe(false));
  it('inside free text only kinds of key count (SORT_KEY=created_at is no secret there)', () => {
    expect(isCredentialName('SORT_KEY', { bareKey: false })).toBe(false);
    expect(isCredentialName('API_KEY', { bareKey: false })).toBe(true);
    expect(isCredentialName('SORT_KEY')).toBe(true);
  });
});

describe('redactSource: the masked copy of a file that code frames are cut from', () => {
  const masked = (text: string) => redactSource(text);

  it('masks values of credential names, block, flow, quoted and block scalars, column for column', () => {
    fc.assert(
      fc.property(CREDENTIAL_NAMES, fc.stringMatching(/^[a-z][A-Za-z0-9]{7,20}[0-9]$/), (name, secret) => {
        for (const text of [
          `      environment:\n        ${name}: ${secret}\n        APP_ENV: production\n`,
          `      environment: { APP_ENV: production, ${name}: "${secret}", X: 1 }\n`,
          `      environment:\n        ${name}: |\n          ${secret}\n          more\n        APP_ENV: production\n`,
          `      - '${name}': '${secret}'  # note\n`,
        ]) {
          const r = masked(text);
          expect(r.text).not.toContain(secret);
          expect(r.text.length).toBe(text.length);
          expect(r.text.split('\n').map((l) => l.length)).toEqual(text.split('\n').map((l) => l.length));
          if (text.includes('production')) expect(r.text).toContain('production');
          expect(r.secrets).toContain(secret);
        }
      }),
    );
  });

  it('masks every shape on any line, a private key to its END line, and the same secret elsewhere', () => {
    const all = fc.oneof(...Object.values(DISGUISES));
    fc.assert(
      fc.property(all, ({ value, secret }) => {
        const block = value.includes('\n')
          ? `        KEY_FILE: |\n${value
              .split('\n')
              .map((l) => `          ${l}`)
              .join('\n')}\n`
          : `        command: [sh, -c, ${JSON.stringify(value)}, 5]\n`;
        const text = `apps:\n  - name: web\n${block}# again: ${secret}\n`;
        const r = masked(text);
        expect(r.text).not.toContain(secret);
        expect(r.text.length).toBe(text.length);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves references under secrets:, passwordSecret and other settings readable', () => {
    const text = [
      '    passwordSecret: shop-db',
      '        secrets:',
      '          DB_PASSWORD: db:password',
      '          API_TOKEN: api',
      '        secrets: { STRIPE_KEY: "stripe:secret_key" }',
      '        environment:',
      '          TOKEN_TTL: "3600"',
      '          DB_PASSWORD: $FROM_ENV',
      '',
    ].join('\n');
    expect(masked(text).text).toBe(text);
  });

  it('masks a secret a message quotes, by the secrets the file holds', () => {
    const r = masked('        environment: { DB_PASSWORD: q7Zk2Lm9Xw }\n');
    expect(redactText('"q7Zk2Lm9Xw" is not one of: a, b', r.secrets)).toBe(
      '"**********" is not one of: a, b',
    );
  });
});
