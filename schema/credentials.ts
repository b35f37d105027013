/**
 * Recognizes credentials written as literal environment values, which would land in the task definition
 * and the Terraform state in clear text.
 *
 * A name is a credential when its last word is PASSWORD, PASSWD, PASS, PWD, SECRET, TOKEN, KEY, APIKEY,
 * CREDENTIALS, PASSPHRASE or PRIVATEKEY (DB_PASSWORD, STRIPE_SECRET, APP_KEY, GITHUB_TOKEN), or it contains
 * SECRET_KEY or PRIVATE_KEY anywhere (SECRET_KEY_BASE). Deliberately NOT credentials: names that merely
 * mention a credential (AWS_ACCESS_KEY_ID, PASSWORD_MIN_LENGTH, TOKEN_TTL, SECRET_NAME, DB_PASSWORD_FILE),
 * and the public halves of key pairs (*_PUBLIC_KEY, *_PUBLISHABLE_KEY). camelCase names are split the same
 * way (dbPassword → DB_PASSWORD). Empty values are not credentials.
 */

const CREDENTIAL_WORDS = new Set([
  'PASSWORD',
  'PASSWD',
  'PASS',
  'PWD',
  'SECRET',
  'TOKEN',
  'KEY',
  'APIKEY',
  'CREDENTIALS',
  'PASSPHRASE',
  'PRIVATEKEY',
]);
const PUBLIC_HALVES = new Set(['PUBLIC_KEY', 'PUBLISHABLE_KEY']);

export function isCredentialName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  if (words.length === 0) return false;
  if (words.length === 1 && words[0] === 'PWD') return false; // the shell's working directory
  const joined = words.join('_');
  if (words.length >= 2 && PUBLIC_HALVES.has(words.slice(-2).join('_'))) return false;
  if (/(^|_)(SECRET|PRIVATE)_KEY(_|$)/.test(joined)) return true;
  return CREDENTIAL_WORDS.has(words[words.length - 1]);
}

/** A URL or DSN with a password in it: `postgres://app:hunter2@db/app`, `redis://:pw@cache:6379`. */
export function hasEmbeddedPassword(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:[^\s@/]+@/i.test(value.trim());
}
