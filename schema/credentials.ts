/**
 * Recognizes credentials by the name of the variable that holds them (value shapes are in secrets/rules.ts).
 *
 * A name is a credential when its last word is PASSWORD, PASSWD, PASS, PWD, SECRET, TOKEN, KEY, APIKEY,
 * CREDENTIAL(S), PASSPHRASE or PRIVATEKEY, or a plural of them (DB_PASSWORD, STRIPE_SECRET, APP_KEY,
 * GITHUB_TOKEN), or a word that ends in PASSWORD, PASSWD, TOKEN, SECRET, APIKEY, SECRETKEY, PRIVATEKEY or
 * PASSPHRASE (PGPASSWORD, AUTHTOKEN, CLIENTSECRET), or it contains SECRET_KEY or PRIVATE_KEY anywhere
 * (SECRET_KEY_BASE). Before the last word is read, trailing qualifiers are set aside: digits and versions
 * (PASSWORD1, AUTH_TOKEN_2, API_KEY_V2), rotation (_OLD, _NEW, _PREVIOUS, _NEXT, _CURRENT, _PRIMARY,
 * _SECONDARY, _BACKUP, _ALT) and environments (_PROD, _STAGING, _DEV, _TEST, _LIVE, ...).
 *
 * Deliberately NOT credentials: names that merely mention a credential (AWS_ACCESS_KEY_ID,
 * PASSWORD_MIN_LENGTH, TOKEN_TTL, SECRET_NAME, DB_PASSWORD_FILE: their last word is something else), the
 * public halves of key pairs and public keys by design (*_PUBLIC_KEY, *_PUBLISHABLE_KEY, *_SITE_KEY: the
 * reCAPTCHA/hCaptcha/Turnstile key that every page prints), glued words that only end in KEY or PASS
 * (MONKEY, BYPASS), and PWD alone (the shell's working directory). camelCase names are split the same way
 * (dbPassword → DB_PASSWORD). A KEY name that is no credential (SORT_KEY) is waived in migration.yaml.
 */

const CREDENTIAL_WORDS = new Set([
  'PASSWORD',
  'PASSWORDS',
  'PASSWD',
  'PASS',
  'PWD',
  'SECRET',
  'SECRETS',
  'TOKEN',
  'TOKENS',
  'KEY',
  'APIKEY',
  'APIKEYS',
  'CREDENTIAL',
  'CREDENTIALS',
  'PASSPHRASE',
  'PRIVATEKEY',
]);
/** Words that end a glued credential word: PGPASSWORD, AUTHTOKEN, CLIENTSECRET, SENDGRIDAPIKEY. */
const GLUED_ENDINGS = /(PASSWORD|PASSWD|TOKEN|SECRET|APIKEY|SECRETKEY|PRIVATEKEY|PASSPHRASE)S?$/;
const PUBLIC_HALVES = new Set(['PUBLIC_KEY', 'PUBLISHABLE_KEY', 'SITE_KEY']);
/** Trailing words that qualify a name without changing what it holds. */
const QUALIFIERS = new Set([
  'OLD',
  'NEW',
  'PREV',
  'PREVIOUS',
  'NEXT',
  'CURRENT',
  'PRIMARY',
  'SECONDARY',
  'BACKUP',
  'ALT',
  'PROD',
  'PRODUCTION',
  'STAGING',
  'STAGE',
  'DEV',
  'TEST',
  'LIVE',
  'SANDBOX',
  'QA',
]);
/** Words before KEY that make it a credential even inside free text (API_KEY, SIGNING_KEY, APP_KEY). */
const KEY_KINDS = new Set([
  'API',
  'ACCESS',
  'AUTH',
  'APP',
  'CLIENT',
  'SIGNING',
  'ENCRYPTION',
  'MASTER',
  'HMAC',
  'JWT',
  'SESSION',
  'COOKIE',
  'WEBHOOK',
  'LICENSE',
  'ACCOUNT',
  'SERVICE',
]);
const isQualifier = (word: string) => /^(\d+|V\d+)$/.test(word) || QUALIFIERS.has(word);

export interface CredentialNameOptions {
  /**
   * Whether any KEY counts (SORT_KEY): yes for environment variables (waivable in the spec); inside free
   * text, which no waiver reaches (`--sort-key=created_at`), only kinds of key such as API_KEY or APP_KEY.
   */
  bareKey?: boolean;
}

export function isCredentialName(name: string, options: CredentialNameOptions = {}): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  if (words.length === 0) return false;
  if (words.length === 1 && words[0] === 'PWD') return false; // the shell's working directory
  // PASSWORD1, AUTH_TOKEN_2, API_KEY_OLD: set the qualifiers aside (never the only word).
  while (words.length > 1 && isQualifier(words[words.length - 1])) words.pop();
  words[words.length - 1] = words[words.length - 1].replace(/(?<=[A-Z])\d+$/, '');
  const joined = words.join('_');
  if (words.length >= 2 && PUBLIC_HALVES.has(words.slice(-2).join('_'))) return false;
  if (/(^|_)(SECRET|PRIVATE)_KEY(_|$)/.test(joined)) return true;
  const last = words[words.length - 1];
  if (last === 'KEY') return options.bareKey !== false || KEY_KINDS.has(words[words.length - 2] ?? '');
  return CREDENTIAL_WORDS.has(last) || GLUED_ENDINGS.test(last);
}
