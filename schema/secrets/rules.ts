/**
 * Credential shapes, as data: what a literal secret looks like whatever field or variable holds it.
 *
 * No npm package fitted (docs/spec.md, "Literal secrets", has the numbers): secretlint's rules run only
 * through its asynchronous `lintSource` (validation is synchronous), cost ~160 µs a value through it and
 * caught 16 of our 50 disguised shapes; the other candidates wrap a Go or Python binary. So the patterns are
 * written here, each after the rule named in `source` (gitleaks' `config/gitleaks.toml` rule ids, secretlint's
 * rule packages, detect-secrets' plugins), translated to JavaScript regular expressions and tightened where
 * this input differs from a source tree (values of one field, not lines of code).
 *
 * Every pattern is linear (no nested quantifiers over the same characters) and is tried only on values that
 * contain one of its `keywords` (case-insensitive; gitleaks' own prefilter): text that every match contains,
 * as rare as can be (`=` rather than `password`, which field names such as `passwordSecret` hold), so most
 * of a spec's strings are dismissed by one regular expression test.
 */

import { isCredentialName } from '../credentials';

export interface SecretRule {
  /** Stable id: gitleaks' rule id where there is one. */
  id: string;
  /**
   * `high`: a shape only a real credential has (a vendor prefix, key material): no waiver covers it.
   * `low`: a shape a harmless value may take too (a public JWT, a placeholder password in a URL, an
   * assignment in text): a variable holding one may be waived with a reason.
   */
  confidence: 'high' | 'low';
  /** What it found, for messages: "a Stripe secret key". */
  what: string;
  /** Needs the `d` flag; the named group `secret` is the part to mask (the whole match without it). */
  pattern: RegExp;
  /** At least one must occur in the value (lowercase; compared case-insensitively). */
  keywords: readonly string[];
  /** Leading characters of the secret that only name its kind (`sk_live_`), kept when masked. */
  keep?: number;
  /** Where the pattern comes from. */
  source: string;
  /** False drops a match (gitleaks' allowlists; the credential-name test of assignments). */
  accept?: (match: { secret: string; name?: string }) => boolean;
}

/** Documentation examples that gitleaks allowlists (AKIAIOSFODNN7EXAMPLE and kin). */
const notExample = ({ secret }: { secret: string }) => !/EXAMPLE$/.test(secret);

export const SECRET_RULES: readonly SecretRule[] = [
  // ---- key material -----------------------------------------------------------------------------------
  {
    id: 'private-key',
    confidence: 'high',
    what: 'a private key',
    // The header is enough: the body that follows is masked up to the END line (see scan.ts).
    pattern: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/d,
    keywords: ['private key'],
    keep: 0,
    source: 'gitleaks private-key; secretlint @secretlint/secretlint-rule-privatekey',
  },
  {
    id: 'putty-private-key',
    confidence: 'high',
    what: 'a PuTTY private key',
    pattern: /PuTTY-User-Key-File-\d+:/d,
    keywords: ['putty-user-key-file'],
    source: 'detect-secrets PrivateKeyDetector (PuTTY-User-Key-File)',
  },
  {
    id: 'age-secret-key',
    confidence: 'high',
    what: 'an age secret key',
    pattern: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}/d,
    keywords: ['age-secret-key-1'],
    keep: 15,
    source: 'gitleaks age-secret-key',
  },
  // ---- cloud providers ----------------------------------------------------------------------------------
  {
    id: 'aws-access-key-with-secret',
    confidence: 'high',
    what: 'an AWS access key id with its secret access key',
    pattern:
      /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}["']?[\s:;,|/=]{1,5}["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/d,
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    source: 'gitleaks aws-access-token + secretlint @secretlint/secretlint-rule-aws (AWSSecretAccessKey)',
  },
  {
    id: 'aws-secret-access-key',
    confidence: 'high',
    what: 'an AWS secret access key',
    pattern: /secret_?access_?key["']?\s*(?:[:=]|\s)\s*["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/di,
    keywords: ['secret_access_key', 'secretaccesskey', 'secret_accesskey', 'secretaccess_key'],
    source: 'secretlint @secretlint/secretlint-rule-aws (AWSSecretAccessKey)',
  },
  {
    id: 'aws-access-token',
    confidence: 'high',
    what: 'an AWS access key id',
    pattern: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/d,
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    keep: 4,
    source: 'gitleaks aws-access-token (and its allowlist: ids ending in EXAMPLE)',
    accept: notExample,
  },
  {
    id: 'gcp-api-key',
    confidence: 'high',
    what: 'a Google API key',
    pattern: /\bAIza[\w-]{35}(?![\w-])/d,
    keywords: ['aiza'],
    keep: 4,
    source: 'gitleaks gcp-api-key',
  },
  {
    id: 'connection-string-password',
    confidence: 'low',
    what: 'a password or key in a connection string',
    // ADO.NET, JDBC (SQL Server) and Azure storage/Service Bus connection strings: `;Password=...;`.
    pattern:
      /(?:^|;)\s*(?:password|pwd|accountkey|sharedaccesskey|sharedsecretvalue)\s*=\s*(?<secret>[^;\s"']+)/di,
    keywords: ['='],
    source:
      'secretlint @secretlint/secretlint-rule-database-connection-string (SQL Server/ADO.NET); gitleaks azure-storage-key shape',
  },
  {
    id: 'digitalocean-token',
    confidence: 'high',
    what: 'a DigitalOcean token',
    pattern: /\bdo[opr]_v1_[a-f0-9]{64}\b/d,
    keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    keep: 7,
    source: 'gitleaks digitalocean-pat, digitalocean-access-token, digitalocean-refresh-token',
  },
  // ---- code hosting and packages ------------------------------------------------------------------------
  {
    id: 'github-token',
    confidence: 'high',
    what: 'a GitHub token',
    pattern: /\bgh[pousr]_[0-9A-Za-z]{36}\b/d,
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    keep: 4,
    source:
      'gitleaks github-pat, github-oauth, github-app-token, github-refresh-token; secretlint @secretlint/secretlint-rule-github',
  },
  {
    id: 'github-fine-grained-pat',
    confidence: 'high',
    what: 'a GitHub fine-grained token',
    pattern: /\bgithub_pat_\w{82}\b/d,
    keywords: ['github_pat_'],
    keep: 11,
    source: 'gitleaks github-fine-grained-pat',
  },
  {
    id: 'gitlab-token',
    confidence: 'high',
    what: 'a GitLab token',
    pattern: /\bgl(?:pat|dt|rt|ptt|soat)-[0-9A-Za-z_-]{20,}/d,
    keywords: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glsoat-'],
    keep: 6,
    source: 'gitleaks gitlab-pat, gitlab-deploy-token, gitlab-runner-authentication-token, gitlab-ptt',
  },
  {
    id: 'npm-access-token',
    confidence: 'high',
    what: 'an npm token',
    pattern: /\bnpm_[A-Za-z0-9]{36}\b/d,
    keywords: ['npm_'],
    keep: 4,
    source: 'gitleaks npm-access-token; secretlint @secretlint/secretlint-rule-npm',
  },
  {
    id: 'pypi-upload-token',
    confidence: 'high',
    what: 'a PyPI token',
    pattern: /pypi-AgEIcHlwaS5vcmc[\w-]{50,}/d,
    keywords: ['pypi-ageichlwas5vcmc'],
    keep: 5,
    source: 'gitleaks pypi-upload-token',
  },
  {
    id: 'docker-hub-token',
    confidence: 'high',
    what: 'a Docker Hub access token',
    pattern: /\bdckr_pat_[\w-]{27,}/d,
    keywords: ['dckr_pat_'],
    keep: 9,
    source: 'gitleaks dockerhub-pat (shape from Docker Hub’s token format)',
  },
  // ---- payments, messaging, SaaS APIs ------------------------------------------------------------------
  {
    id: 'stripe-access-token',
    confidence: 'high',
    what: 'a Stripe secret key',
    pattern: /\b(?:sk|rk)_(?:test|live|prod)_[A-Za-z0-9]{10,99}\b/d,
    keywords: ['sk_test_', 'sk_live_', 'sk_prod_', 'rk_test_', 'rk_live_', 'rk_prod_'],
    keep: 8,
    source: 'gitleaks stripe-access-token',
  },
  {
    id: 'slack-token',
    confidence: 'high',
    what: 'a Slack token',
    pattern: /\bxox[abeoprs]-[0-9A-Za-z-]{10,}/d,
    keywords: ['xoxa-', 'xoxb-', 'xoxe-', 'xoxo-', 'xoxp-', 'xoxr-', 'xoxs-'],
    keep: 5,
    source:
      'gitleaks slack-bot-token, slack-user-token, slack-legacy-token; secretlint @secretlint/secretlint-rule-slack',
  },
  {
    id: 'slack-app-token',
    confidence: 'high',
    what: 'a Slack app token',
    pattern: /\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+/di,
    keywords: ['xapp-'],
    keep: 5,
    source: 'gitleaks slack-app-token',
  },
  {
    id: 'slack-webhook-url',
    confidence: 'high',
    what: 'a Slack webhook URL',
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>[A-Za-z0-9+/]{30,})/d,
    keywords: ['hooks.slack.com'],
    source: 'gitleaks slack-webhook-url; secretlint @secretlint/secretlint-rule-slack (IncomingWebhook)',
  },
  {
    id: 'discord-webhook-url',
    confidence: 'high',
    what: 'a Discord webhook URL',
    pattern: /discord(?:app)?\.com\/api\/webhooks\/\d+\/(?<secret>[\w-]{60,})/d,
    keywords: ['discord'],
    source: 'gitleaks discord-client-secret/webhook shape',
  },
  {
    id: 'telegram-bot-api-token',
    confidence: 'high',
    what: 'a Telegram bot token',
    pattern: /\b\d{8,10}:AA[\w-]{33}(?![\w-])/d,
    keywords: [':aa'],
    source: 'gitleaks telegram-bot-api-token (without its keyword: the AA prefix is specific enough)',
  },
  {
    id: 'sendgrid-api-token',
    confidence: 'high',
    what: 'a SendGrid API key',
    pattern: /\bSG\.[\w-]{22}\.[\w-]{43}(?![\w-])/d,
    keywords: ['sg.'],
    keep: 3,
    source: 'gitleaks sendgrid-api-token; secretlint @secretlint/secretlint-rule-sendgrid',
  },
  {
    id: 'twilio-api-key',
    confidence: 'low',
    what: 'a Twilio API key',
    pattern: /\bSK[0-9a-fA-F]{32}\b/d,
    keywords: ['sk'],
    keep: 2,
    source: 'gitleaks twilio-api-key',
  },
  {
    id: 'shopify-token',
    confidence: 'high',
    what: 'a Shopify token',
    pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/d,
    keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    keep: 6,
    source:
      'gitleaks shopify-access-token, shopify-custom-access-token, shopify-private-app-access-token, shopify-shared-secret',
  },
  {
    id: 'openai-api-key',
    confidence: 'high',
    what: 'an OpenAI API key',
    pattern: /\bsk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}/d,
    keywords: ['t3blbkfj'],
    keep: 3,
    source: 'gitleaks openai-api-key; secretlint @secretlint/secretlint-rule-openai',
  },
  {
    id: 'anthropic-api-key',
    confidence: 'high',
    what: 'an Anthropic API key',
    pattern: /\bsk-ant-[a-z]+\d{2}-[\w-]{80,}/d,
    keywords: ['sk-ant-'],
    keep: 7,
    source:
      'gitleaks anthropic-api-key, anthropic-admin-api-key; secretlint @secretlint/secretlint-rule-anthropic',
  },
  {
    id: 'huggingface-access-token',
    confidence: 'high',
    what: 'a Hugging Face token',
    pattern: /\bhf_[A-Za-z]{34}\b/d,
    keywords: ['hf_'],
    keep: 3,
    source: 'gitleaks huggingface-access-token',
  },
  {
    id: 'linear-api-key',
    confidence: 'high',
    what: 'a Linear API key',
    pattern: /\blin_api_[A-Za-z0-9]{40}\b/d,
    keywords: ['lin_api_'],
    keep: 8,
    source: 'gitleaks linear-api-key; secretlint @secretlint/secretlint-rule-linear',
  },
  {
    id: '1password-service-account-token',
    confidence: 'high',
    what: 'a 1Password service account token',
    pattern: /\bops_eyJ[A-Za-z0-9+/]{250,}={0,3}/d,
    keywords: ['ops_eyj'],
    keep: 4,
    source: 'gitleaks 1password-service-account-token; secretlint @secretlint/secretlint-rule-1password',
  },
  {
    id: 'vault-token',
    confidence: 'high',
    what: 'a HashiCorp Vault token',
    pattern: /\bhv[sb]\.[\w-]{90,}/d,
    keywords: ['hvs.', 'hvb.'],
    keep: 4,
    source: 'gitleaks vault-service-token, vault-batch-token',
  },
  {
    id: 'databricks-api-token',
    confidence: 'high',
    what: 'a Databricks token',
    pattern: /\bdapi[a-f0-9]{32}(?:-\d)?\b/d,
    keywords: ['dapi'],
    keep: 4,
    source: 'gitleaks databricks-api-token',
  },
  {
    id: 'grafana-token',
    confidence: 'high',
    what: 'a Grafana token',
    pattern: /\b(?:glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})/d,
    keywords: ['glc_', 'glsa_'],
    keep: 4,
    source: 'gitleaks grafana-cloud-api-token, grafana-service-account-token',
  },
  {
    id: 'sentry-token',
    confidence: 'high',
    what: 'a Sentry auth token',
    pattern: /\b(?:sntrys_eyJ[A-Za-z0-9+/=_-]{60,}|sntryu_[a-f0-9]{64})/d,
    keywords: ['sntrys_', 'sntryu_'],
    keep: 7,
    source: 'gitleaks sentry-org-token, sentry-user-token',
  },
  {
    id: 'postman-api-token',
    confidence: 'high',
    what: 'a Postman API key',
    pattern: /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/di,
    keywords: ['pmak-'],
    keep: 5,
    source: 'gitleaks postman-api-token',
  },
  {
    id: 'new-relic-user-api-key',
    confidence: 'high',
    what: 'a New Relic API key',
    pattern: /\bNRAK-[a-z0-9]{27}\b/di,
    keywords: ['nrak-'],
    keep: 5,
    source: 'gitleaks new-relic-user-api-key',
  },
  {
    id: 'doppler-api-token',
    confidence: 'high',
    what: 'a Doppler token',
    pattern: /\bdp\.(?:pt|st|sa|ct|scim|audit)\.[a-z0-9]{40,44}\b/di,
    keywords: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
    keep: 6,
    source: 'gitleaks doppler-api-token',
  },
  {
    id: 'jwt',
    confidence: 'low',
    what: 'a JSON Web Token',
    pattern: /\bey[A-Za-z0-9]{17,}\.ey[A-Za-z0-9/\\_-]{17,}\.(?:[A-Za-z0-9/\\_-]{10,}={0,2})?/d,
    keywords: ['.ey'],
    keep: 3,
    source: 'gitleaks jwt',
  },
  // ---- credentials in URLs, headers and command lines -------------------------------------------------
  {
    id: 'url-userinfo-password',
    confidence: 'low',
    what: 'a password in a URL',
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/?#]*:(?<secret>[^\s/?#]+)@/di,
    keywords: ['@'],
    source:
      'secretlint @secretlint/secretlint-rule-basicauth, @secretlint/secretlint-rule-database-connection-string; detect-secrets BasicAuthDetector',
  },
  {
    id: 'host-userinfo-password',
    confidence: 'low',
    what: 'a password before a host name',
    // `user:password@registry.example.com/...` without a scheme (an image URI, an rsync target). The host must
    // have a dot and be followed by a path or port, so `name:tag@sha256:...` and e-mail addresses do not match.
    pattern: /(?<![\w.+%:/-])[\w.+%-]+:(?<secret>[^\s@/:]+)@(?:[a-z0-9-]+\.)+[a-z]{2,63}(?=[/:])/di,
    keywords: ['@'],
    source: 'detect-secrets BasicAuthDetector (its userinfo shape without a scheme)',
  },
  {
    id: 'url-query-credential',
    confidence: 'low',
    what: 'a credential in a URL query',
    pattern:
      /[?&;](?:password|passwd|passphrase|pwd|pass|token|access_token|auth_token|refresh_token|id_token|api_key|apikey|api-key|client_secret|secret|private_token|private_key|sig|x-amz-signature|x-amz-security-token|x-goog-signature)=(?<secret>[^&#\s;"']+)/di,
    keywords: ['='],
    source:
      'secretlint @secretlint/secretlint-rule-database-connection-string (JDBC ?password=); gitleaks generic-api-key keywords',
  },
  {
    id: 'authorization-header',
    confidence: 'low',
    what: 'an Authorization header',
    pattern:
      /\bauthorization\s*:\s*(?:basic|bearer|token|apikey|digest)\s+(?<secret>[A-Za-z0-9._~+/=-]{8,})/di,
    keywords: ['authorization'],
    source: 'gitleaks curl-auth-header',
  },
  {
    id: 'api-key-header',
    confidence: 'low',
    what: 'an API key header',
    pattern:
      /\bx-(?:api-key|api-token|auth-token|access-token|apikey)\s*:\s*(?<secret>[A-Za-z0-9._~+/=-]{8,})/di,
    keywords: ['x-api', 'x-auth', 'x-access'],
    source: 'gitleaks curl-auth-header (X-Api-Key, X-Auth-Token)',
  },
  {
    id: 'curl-auth-user',
    confidence: 'low',
    what: 'a password in `curl -u`',
    pattern: /\bcurl\b[^|;&\n]*?\s(?:-u|--user)(?:\s+|=)["']?[^\s"':]+:(?<secret>[^\s"']+)/d,
    keywords: ['curl'],
    source: 'gitleaks curl-auth-user',
  },
  {
    id: 'mysql-password-flag',
    confidence: 'low',
    what: 'a password in `-p<password>`',
    // mysql, mysqldump, mysqladmin, ...: `-pSECRET` (a lone `-p` prompts, and is fine).
    pattern: /\bmysql[a-z]*\b[^|;&\n]*?\s-p["']?(?<secret>[^\s"'-][^\s"']*)/d,
    keywords: ['mysql'],
    source: 'gitleaks generic-api-key (command-line passwords), written for mysql’s -p<password>',
  },
  {
    id: 'password-option',
    confidence: 'low',
    what: 'a credential passed as a command-line option',
    pattern:
      /(?:^|\s)--(?:password|passwd|pass|pwd|token|api-?key|secret|client-secret|auth-token|access-token|secret-key|private-key|db-password)(?:=|\s+)["']?(?<secret>[^\s"'-][^\s"']*)/di,
    keywords: [
      '--pass',
      '--pwd',
      '--token',
      '--api',
      '--secret',
      '--client-secret',
      '--auth',
      '--access',
      '--private',
      '--db-pass',
    ],
    source: 'gitleaks generic-api-key (assignment forms), for long command-line options',
  },
  {
    id: 'credential-assignment',
    confidence: 'low',
    what: 'a credential assigned in text',
    // `DB_PASSWORD=hunter2 ./run`, `-Dspring.datasource.password=x`, `{"api_token": "..."}`: the name decides
    // (credentials.ts), so PASSWORD_MIN_LENGTH=8 and TOKEN_TTL=60 pass.
    pattern:
      /(?<=(?<![\w.])["']?(?<name>[A-Za-z_][\w.-]{0,63})["']?\s*)(?:=|:\s*["'])\s*(?<secret>[^\s"',;&|}]+)/d,
    keywords: ['=', '"', "'"],
    accept: ({ name }) => name !== undefined && isCredentialName(name, { bareKey: false }),
    source:
      'gitleaks generic-api-key; detect-secrets KeywordDetector (the names: credentials.ts, without a bare KEY)',
  },
];
