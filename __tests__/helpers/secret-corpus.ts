/**
 * Generated secrets and look-alikes for the literal-secret tests. Every disguise is a fast-check arbitrary
 * of `{ value, secret }`: `value` is what a user writes, `secret` the part that must never be printed.
 * Everything here is fake: random characters in the shape of real credentials.
 */
import fc from 'fast-check';

export interface Disguised {
  value: string;
  /** The sensitive part of `value` (long and random enough not to occur elsewhere in any output). */
  secret: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;

const chars = (alphabet: string, min: number, max = min) =>
  fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength: min, maxLength: max });
/** A random password-like string with letters and digits both (so it never reads as a common word). */
const password = (min = 10, max = 24) =>
  fc
    .tuple(chars(ALNUM, min - 2, max - 2), chars('0123456789', 1), chars('abcdefghijklmnopqrstuvwxyz', 1))
    .map(([a, d, l]) => `${l}${a}${d}`);
const host = fc.constantFrom(
  'db.internal',
  'db.example.com',
  '10.0.0.5',
  'cache.example.net',
  'api.example.org',
);
const b64url = (s: string) => Buffer.from(s).toString('base64url');

const whole = (arb: fc.Arbitrary<string>): fc.Arbitrary<Disguised> =>
  arb.map((v) => ({ value: v, secret: v }));
/** `{ value: before + secret + after, secret }`. */
const around = (
  secret: fc.Arbitrary<string>,
  build: (s: string) => fc.Arbitrary<string> | string,
): fc.Arbitrary<Disguised> =>
  secret.chain((s) => {
    const v = build(s);
    return (typeof v === 'string' ? fc.constant(v) : v).map((value) => ({ value, secret: s }));
  });

const pem = fc
  .tuple(
    fc.constantFrom('RSA ', 'EC ', 'OPENSSH ', 'DSA ', 'ENCRYPTED ', ''),
    fc.array(chars(B64, 64), { minLength: 2, maxLength: 4 }),
    fc.constantFrom('\n', '\\n'),
    fc.boolean(),
  )
  .map(([kind, lines, br, truncated]) => {
    const body = lines.join(br);
    const value = `-----BEGIN ${kind}PRIVATE KEY-----${br}${body}${truncated ? '' : `${br}-----END ${kind}PRIVATE KEY-----`}`;
    return { value, secret: lines[0] };
  });

/** The disguises, by name: at least one per class of issue 15 (35+ shapes). */
export const DISGUISES: Record<string, fc.Arbitrary<Disguised>> = {
  'URL with user:password': around(password(), (s) =>
    fc
      .tuple(
        fc.constantFrom('postgres', 'postgresql', 'mysql', 'mongodb', 'amqp', 'https', 'ftp', 'smtp'),
        chars(ALNUM, 1, 10),
        host,
      )
      .map(([scheme, user, h]) => `${scheme}://${user}:${s}@${h}/app`),
  ),
  'redis URL with an empty user': around(password(), (s) => host.map((h) => `redis://:${s}@${h}:6379/0`)),
  'mongodb+srv URL': around(password(), (s) => `mongodb+srv://svc:${s}@cluster0.abcde.mongodb.net/app`),
  'credential URL inside a value': around(password(), (s) =>
    fc
      .constantFrom('--dsn=', 'DATABASE_URL=', 'connect to ', 'url: ', '[primary] ')
      .map((p) => `${p}postgres://app:${s}@db.internal/app`),
  ),
  'password query parameter': around(password(), (s) =>
    fc
      .constantFrom('password', 'pwd', 'passwd', 'pass')
      .map((k) => `https://legacy.example.com/login?user=app&${k}=${s}`),
  ),
  'token query parameter': around(password(16, 40), (s) =>
    fc
      .constantFrom('token', 'access_token', 'api_key', 'apikey', 'client_secret', 'sig', 'auth_token')
      .map((k) => `wss://stream.example.com/feed?channel=7&${k}=${s}`),
  ),
  'JDBC query password': around(password(), (s) => `jdbc:mysql://db:3306/app?user=app&password=${s}`),
  'JDBC SQL Server ;password=': around(
    password(),
    (s) => `jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=${s};`,
  ),
  'ADO.NET connection string': around(password(), (s) => `Server=db;Database=app;User Id=sa;Password=${s};`),
  'Azure storage AccountKey': around(
    chars(B64, 86).map((s) => `${s}==`),
    (s) => `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${s};EndpointSuffix=core.windows.net`,
  ),
  JWT: fc
    .tuple(chars(ALNUM, 6, 12), fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }), chars(B64URL, 43))
    .map(([sub, exp, sig]) => {
      const value = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify({ sub, exp }))}.${sig}`;
      return { value, secret: value };
    }),
  'Stripe secret key': whole(
    fc
      .tuple(fc.constantFrom('sk_live_', 'rk_live_', 'sk_test_'), chars(ALNUM, 24, 40))
      .map(([p, s]) => p + s),
  ),
  'GitHub token': whole(
    fc
      .tuple(fc.constantFrom('ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'), chars(ALNUM, 36))
      .map(([p, s]) => p + s),
  ),
  'GitHub fine-grained token': whole(chars(`${ALNUM}_`, 82).map((s) => `github_pat_${s}`)),
  'Slack token': whole(
    fc
      .tuple(fc.constantFrom('xoxb-', 'xoxp-', 'xoxa-', 'xoxr-'), chars('0123456789', 12), chars(ALNUM, 24))
      .map(([p, n, s]) => `${p}${n}-${n}-${s}`),
  ),
  'Slack webhook URL': around(
    chars(ALNUM, 24).map((s) => `T0123ABCD/B0123ABCD/${s}`),
    (s) => `https://hooks.slack.com/services/${s}`,
  ),
  'private key (PEM)': pem,
  'AWS access key id with its secret': fc
    .tuple(chars(UPPER_B32, 16), chars(B64, 40), fc.constantFrom(':', ' ', ';', '/'))
    .map(([id, key, sep]) => ({ value: `AKIA${id}${sep}${key}`, secret: key })),
  'AWS access key id': whole(chars(UPPER_B32, 16).map((id) => `AKIA${id}`)),
  'Google API key': whole(chars(`${ALNUM}_-`, 35).map((s) => `AIza${s}`)),
  'npm token': whole(chars(ALNUM, 36).map((s) => `npm_${s}`)),
  'SendGrid key': whole(fc.tuple(chars(ALNUM, 22), chars(ALNUM, 43)).map(([a, b]) => `SG.${a}.${b}`)),
  'OpenAI key': whole(
    fc.tuple(chars(ALNUM, 40), chars(ALNUM, 20)).map(([a, b]) => `sk-proj-${a}T3BlbkFJ${b}`),
  ),
  'Anthropic key': whole(chars(ALNUM, 93).map((s) => `sk-ant-api03-${s}AA`)),
  'DigitalOcean token': whole(
    fc.tuple(fc.constantFrom('dop', 'doo', 'dor'), chars(HEX, 64)).map(([p, s]) => `${p}_v1_${s}`),
  ),
  'GitLab token': whole(chars(ALNUM, 20).map((s) => `glpat-${s}`)),
  'Shopify token': whole(chars(HEX, 32).map((s) => `shpat_${s}`)),
  'Docker Hub token': whole(chars(ALNUM, 27).map((s) => `dckr_pat_${s}`)),
  'Vault token': whole(chars(ALNUM, 95).map((s) => `hvs.${s}`)),
  'Telegram bot token': whole(
    fc.tuple(chars('0123456789', 10), chars(ALNUM, 33)).map(([n, s]) => `${n}:AA${s}`),
  ),
  'Hugging Face token': whole(
    chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 34).map((s) => `hf_${s}`),
  ),
  'curl -u user:password': around(password(), (s) => `curl -fsS -u admin:${s} https://api.internal/health`),
  'Authorization header': around(chars(ALNUM, 24, 40), (s) =>
    fc
      .constantFrom('Bearer', 'Basic', 'Token')
      .map((scheme) => `curl -fsS -H 'Authorization: ${scheme} ${s}' http://127.0.0.1/healthz`),
  ),
  'X-Api-Key header': around(chars(ALNUM, 24, 40), (s) => `curl -H "X-Api-Key: ${s}" http://127.0.0.1/`),
  'mysql -pPASSWORD': around(password(), (s) => `mysqldump -u root -p${s} shop`),
  '--password= option': around(password(), (s) =>
    fc
      .constantFrom('--password=', '--token=', '--api-key=', '--secret ')
      .map((o) => `app ${o}${s} --port 8080`),
  ),
  'credential assignment in a shell line': around(password(), (s) =>
    fc
      .constantFrom('DB_PASSWORD', 'export API_TOKEN', 'PGPASSWORD', 'STRIPE_SECRET_KEY')
      .map((n) => `${n}=${s} ./run.sh`),
  ),
  'credential in JSON text': around(password(), (s) =>
    fc.constantFrom('password', 'api_token', 'clientSecret').map((k) => `{"user":"app","${k}":"${s}"}`),
  ),
  'credentials before a registry host': around(
    password(),
    (s) => `deploy:${s}@registry.example.com/acme/app:1.4`,
  ),
};

/** Credential names whose values are secrets whatever they hold (environment variables only). */
export const CREDENTIAL_NAMES = fc.constantFrom(
  'AUTH_TOKEN_2',
  'PASSWORD1',
  'DB_PASSWORD',
  'STRIPE_SECRET',
  'API_KEY_OLD',
  'PGPASSWORD',
  'clientSecret',
  'SESSION_SECRET_V2',
  'GITHUB_TOKEN_PROD',
  'SECRET_KEY_BASE',
  'MYSQL_PWD',
  'APP_KEY',
);

/** Values that are no secret: none may be flagged, in any field. */
export const LOOK_ALIKES: Record<string, fc.Arbitrary<string>> = {
  UUID: fc.uuid(),
  'commit SHA': chars(HEX, 40),
  'sha256 digest': chars(HEX, 64),
  'image with a digest': chars(HEX, 64).map((d) => `public.ecr.aws/nginx/nginx:1.27@sha256:${d}`),
  'ECR image': fc.constantFrom('123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.4.2'),
  'S3 key': fc
    .array(fc.constantFrom('uploads', '2024', 'invoices', 'img', 'a1b2', 'tmp'), {
      minLength: 1,
      maxLength: 5,
    })
    .map((p) => `${p.join('/')}/file-${p.length}.pdf`),
  'feature flags': fc
    .array(fc.constantFrom('new-checkout', 'beta-search', 'dark-mode', 'fast-path'), {
      minLength: 1,
      maxLength: 4,
    })
    .map((f) => f.join(',')),
  'sort key': fc.constantFrom('created_at', 'updated_at', 'name', '-price', 'id'),
  'URL without credentials': fc.webUrl({ withQueryParameters: true, withFragments: true }),
  'e-mail address': fc.emailAddress(),
  'ssh remote': fc.constantFrom('git@github.com:acme/app.git', 'ssh://git@gitlab.example.com/acme/app.git'),
  'Sentry DSN': chars(HEX, 32).map((k) => `https://${k}@o123456.ingest.sentry.io/4504`),
  'public key': chars(B64, 64).map((b) => `-----BEGIN PUBLIC KEY-----\n${b}\n-----END PUBLIC KEY-----`),
  'Stripe publishable key': chars(ALNUM, 24).map((s) => `pk_live_${s}`),
  'reCAPTCHA site key': chars(`${ALNUM}_-`, 34).map((s) => `6Le${s}`),
  'base64 of an image': fc
    .uint8Array({ minLength: 16, maxLength: 120 })
    .map((b) => `iVBORw0KGgoAAAANSUhEUg${Buffer.from(b).toString('base64')}`),
  'base64 data': fc.base64String({ minLength: 8, maxLength: 200 }),
  'a reference to a variable': fc
    .constantFrom('DB_PASSWORD', 'TOKEN', 'API_KEY')
    .chain((v) =>
      fc.constantFrom(`--password=$${v}`, `postgres://app:\${${v}}@db/app`, `Authorization: Bearer $${v}`),
    ),
  'a command substitution': fc
    .tuple(
      fc.constantFrom(
        'cat /run/secrets/db',
        'printenv DB_PASSWORD',
        'echo $API_TOKEN',
        'echo "${SECRET_KEY}"',
        'aws secretsmanager get-secret-value --secret-id shop/db --query SecretString --output text',
        'vault read -field=token secret/app',
      ),
      fc.boolean(),
      fc.constantFrom(
        (s: string) => `--password=${s}`,
        (s: string) => `--token ${s}`,
        (s: string) => `DB_PASSWORD=${s} ./run.sh`,
        (s: string) => `export API_TOKEN="${s}"`,
        (s: string) => `mysqldump -u root -p${s} shop`,
        (s: string) => `PGPASSWORD=${s} psql -h db`,
        (s: string) => `curl -H "Authorization: Bearer ${s}" http://127.0.0.1/`,
      ),
    )
    .map(([command, backquoted, put]) => put(backquoted ? `\`${command}\`` : `$(${command})`)),
  'a password read from a file': fc.constantFrom('--password-file=/run/secrets/db', 'mysql -u root -p shop'),
  'JDBC URL without credentials': fc.constantFrom('jdbc:postgresql://db:5432/app?sslmode=require'),
  'health check': fc.constantFrom(
    'curl -fsS http://127.0.0.1:8080/healthz || exit 1',
    'wget -qO- localhost/up',
  ),
  'cron expression': fc.constantFrom('cron(0 3 * * ? *)', 'rate(1 hour)'),
  semver: fc.tuple(fc.nat(20), fc.nat(40), fc.nat(99)).map(([a, b, c]) => `${a}.${b}.${c}-rc.1+build.7`),
  'host and port': fc.domain().map((d) => `${d}:5432`),
  'ARN of a secret': chars(ALNUM, 6).map(
    (s) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-${s}`,
  ),
  'settings assignment': fc.constantFrom('PASSWORD_MIN_LENGTH=12', 'TOKEN_TTL=3600', '--sort-key=created_at'),
  'log format': fc.constantFrom('%h %l %u %t "%r" %>s %b', '{"level":"info","msg":"%s"}'),
};
