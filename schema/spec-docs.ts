/**
 * docs/spec.md, generated from the zod schema: every field of migration.yaml with its type, whether it is
 * required, its default and its description. Regenerate with
 * `node bin/dropship.js schema --format markdown --out docs/spec.md` (a test checks it is current).
 */
import type { z } from 'zod';
import { MigrationSpec } from './spec';
import { describeSchema, describeShape, kindOf, unionOptions, unwrap } from './zod-walk';

interface Row {
  path: string;
  type: string;
  required: boolean;
  defaultValue?: unknown;
  description?: string;
  /** Set on keys of a union option: they are required only in that form of the parent. */
  form?: string;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  defaultValue?: unknown;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Description and default, looking through optional/default wrappers (the outermost description wins). */
function meta(schema: z.ZodType): { required: boolean; defaultValue?: unknown; description?: string } {
  let current: z.ZodType | undefined = schema;
  let required = true;
  let defaultValue: unknown;
  let description: string | undefined;
  for (let i = 0; current && i < 10; i++) {
    description ??= (current as { description?: string }).description;
    const def = defOf(current);
    if (def.type === 'optional') required = false;
    else if (def.type === 'default' || def.type === 'prefault') {
      required = false;
      if (defaultValue === undefined) defaultValue = def.defaultValue;
    } else if (def.type !== 'pipe' && def.type !== 'nullable' && def.type !== 'readonly') break;
    current =
      def.type === 'pipe'
        ? (current as unknown as { _zod: { def: { in: z.ZodType } } })._zod.def.in
        : def.innerType;
  }
  return { required, defaultValue, description };
}

function collect(schema: z.ZodType, path: string, rows: Row[], seen: Map<string, Row>, form?: string): void {
  const inner = unwrap(schema);
  const def = defOf(inner);
  const kind = def.type;
  if (path) {
    const type =
      kind === 'object'
        ? 'mapping'
        : kind === 'array' && def.element && isMappings(def.element)
          ? 'list of mappings'
          : describeSchema(schema);
    const earlier = seen.get(path);
    if (!earlier) {
      const row: Row = { path, type, ...meta(schema), ...(form ? { form } : {}) };
      seen.set(path, row);
      rows.push(row);
    } else {
      if (earlier.type !== type && !earlier.type.split(' or ').includes(type))
        earlier.type = `${earlier.type} or ${type}`; // the same key in two union options (backend.type)
      // Required in every form that has it: say so without naming one form (waivers[].reason).
      if (earlier.form && form && earlier.form !== form && earlier.required && meta(schema).required)
        delete earlier.form;
    }
  }
  if (kind === 'object' && def.shape) {
    for (const [key, child] of Object.entries(def.shape))
      collect(child, path ? `${path}.${key}` : key, rows, seen);
  } else if (kind === 'array' && def.element && kindOf(def.element) !== 'string') {
    collect(def.element, `${path}[]`, rows, seen);
  } else if (kind === 'union' && def.options) {
    for (const option of def.options) {
      const optionDef = defOf(unwrap(option));
      if (optionDef.type === 'object' && optionDef.shape) {
        const shape = describeShape(option);
        for (const [key, child] of Object.entries(optionDef.shape))
          collect(child, `${path}.${key}`, rows, seen, `\`${path}\` as ${shape}`);
      }
    }
  }
}

/** An object, or a union of objects (a list of either is a list of mappings). */
function isMappings(schema: z.ZodType): boolean {
  const kind = kindOf(schema);
  return (
    kind === 'object' ||
    (kind === 'union' && (unionOptions(schema) ?? []).every((o) => kindOf(o) === 'object'))
  );
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function specReferenceMarkdown(): string {
  const rows: Row[] = [];
  collect(MigrationSpec, '', rows, new Map());
  const sections = new Map<string, Row[]>();
  for (const row of rows) {
    const nested =
      row.path.includes('.') ||
      row.path.includes('[') ||
      row.type === 'mapping' ||
      row.type === 'list of mappings';
    const top = nested ? row.path.split(/[.[]/)[0] : 'top level';
    const list = sections.get(top) ?? [];
    list.push(row);
    sections.set(top, list);
  }
  const out: string[] = [
    '# migration.yaml reference (spec version 1)',
    '',
    '<!-- Generated from schema/spec.ts by `node bin/dropship.js schema --format markdown --out docs/spec.md`. Do not edit by hand. -->',
    '',
    'Every field of `migration.yaml`, in file order. `[]` marks a list item. A field is required unless it',
    'shows a default or is marked optional. Unknown keys are errors. Cross-field rules (references resolve,',
    'subnets fit the VPC, Fargate sizes, ...) are listed at the end. A walk-through is in the README; complete',
    'files are in `examples/`.',
    '',
    '### How values are read',
    '',
    'A field that holds text (a string in the type column: environment values, versions, tags, DNS record',
    'data, names, command items, ...) gets the text you wrote, quoted or not: `FILE_MODE: 0755` is "0755",',
    '`version: 1.10` is "1.10", and `0x1F`, `1e3`, `.inf` and `true` stay as written (YAML alone would read',
    'them as the numbers 755, 1.1, 31, 1000, infinity and a boolean). Keys too: `1.10:` is the key "1.10", and',
    '`1` and `"1"` are the same key twice (an error). A field that holds a number or true/false reads the value',
    '(`port: 0x1F90` is 8080). An empty value, `~` and `null` mean "no value" in YAML: a text field refuses',
    'them; write `""` for empty text or quote the word (`"null"`). A `__proto__` key, an alias (`*name`) with no',
    'anchor (`&name`) before it and a byte-order mark inside the file are errors at their line and column; a',
    'file with old Mac line ends (CR only) reads like any other. A document holds at most 1,000,000 YAML nodes',
    '(keys, values, list items), its aliases expanded (a 1,000-app spec holds about 100,000): beyond that,',
    '`yaml/node-limit` or `yaml/alias-limit` where the count passes it, and exit 2.',
    '',
  ];
  for (const [section, list] of sections) {
    out.push(
      section === 'top level' ? '## Top level' : `## \`${section}\``,
      '',
      '| field | type | required / default | description |',
      '|---|---|---|---|',
    );
    for (const row of list) {
      const req = row.required
        ? row.form
          ? `required when ${row.form}`
          : 'required'
        : row.defaultValue !== undefined
          ? `default: \`${JSON.stringify(row.defaultValue)}\``
          : 'optional';
      out.push(`| \`${row.path}\` | ${cell(row.type)} | ${cell(req)} | ${cell(row.description ?? '')} |`);
    }
    out.push('');
  }
  out.push(...RULES_SECTION);
  return `${out.join('\n')}\n`;
}

const RULES_SECTION = [
  '## Cross-field rules',
  '',
  'Checked after the fields above are valid; each has its own diagnostic code.',
  '',
  '| code | rule |',
  '|---|---|',
  '| `duplicate-name` | names are unique in every list: droplets, volumes, DigitalOcean databases, domains, firewalls, load balancers, ECR repositories, secrets, apps, databases, caches, and containers and volumes within an app |',
  '| `unresolved-reference` | every reference resolves: app droplets/loadBalancer/uses, container image repositories and secrets, expose and volume containers, `dependsOn`, volume `from`, database and cache `from`, `passwordSecret`, firewall and load balancer droplets |',
  '| `volume-two-sources` | a volume takes its files from a DigitalOcean volume (`from`) or a folder on the droplet (`dropletPath`), not both |',
  '| `unknown-secret-key` | `secret:jsonKey` names a key the secret declares (when it declares `keys`) |',
  '| `zone-region`, `duplicate-zone` | availability zones are in `aws.region`, each listed once |',
  '| `subnet-count` | one public and one private subnet (or subnet id) per availability zone |',
  '| `cidr-host-bits`, `cidr-size` | CIDRs have no host bits set; VPC and subnets are /16 to /28 |',
  '| `subnet-outside-vpc`, `subnet-overlap` | subnets lie inside the VPC CIDR and do not overlap |',
  '| `fargate-size` | `apps[].size` is a valid Fargate cpu/memory pair (the message lists valid values and the nearest pair) |',
  '| `container-over-task` | container cpu/memory reservations fit in the task size |',
  '| `target-without-port`, `target-port` | an exposed app names one of its containers and that container’s port |',
  '| `hostname-domain` | every public hostname is a declared domain or a subdomain of one |',
  '| `duplicate-route`, `duplicate-priority` | no two apps claim the same hostname + path, or the same listener priority |',
  '| `duplicate-port` | containers of one task use distinct ports |',
  '| `egress-port` | an `apps[].egress` entry gives `port` or `ports` (not both), and a range runs from 1 to 65535, from ≤ to |',
  '| `egress-cidr`, `egress-cidr-form` | egress CIDRs are IPv4 or IPv6 network addresses (no host bits: `cidr-host-bits`), written as AWS stores them (IPv6 lowercase and compressed, RFC 5952) |',
  '| `egress-no-route` | with `nat: none`, every egress CIDR lies inside the VPC CIDR (IPv4; private subnets have no IPv6): nothing else has a route |',
  '| `egress-duplicate` | no two egress entries of an app open the same rule (protocol, ports and destination): EC2 refuses a duplicate |',
  '| `image-reference` | `image.uri` and `image.copyFrom` follow Docker’s reference grammar (distribution/reference): a registry host, a lowercase repository path, a tag of at most 128 characters or a sha256/sha384/sha512 digest, no spaces or templates, at most 255 characters (ECS’s limit) |',
  '| `smtp-no-route` | with `nat: none`, a container configured for an SMTP server outside the task (`EMAIL_HOST`, `MAIL_HOST`, `SMTP_HOST`) has an egress entry on its port to a relay inside the VPC: the private subnets have no route out (with a NAT, a missing entry is the warning `lint/smtp-egress`) |',
  "| `image-loopback-registry` | the registry of `image.uri` or `image.copyFrom` is not a loopback host (`localhost`, `127.0.0.0/8`, `[::1]`): a Fargate task, or the host that runs the copy step, has its own loopback, not the builder's registry |",
  '| `nat-none-external-image` | with `nat: none`, every image is in ECR in `aws.region` (the only registry the VPC endpoints reach): copy others into ECR first (`copyFrom`), pull them through a pull-through cache rule, or use a NAT |',
  '| `nat-none-pull-through-seed` (warning) | with `nat: none`, an image pulled through the cache needs its first pull of every tag from a networked host (AWS needs an internet route for it, even behind the ECR endpoints) |',
  '| `pull-through-cache-no-rule`, `pull-through-cache-upstream` | an image with `pullThroughCache: true` is on Docker Hub, GHCR, Quay or ECR Public, and `ecr.pullThroughCache` has a rule for it |',
  '| `pull-through-cache-duplicate`, `pull-through-cache-prefix` | one rule per upstream and per prefix; no declared repository under a cache prefix |',
  '| `pull-through-cache-credentials` | Docker Hub and GHCR rules name an `ecr-pullthroughcache/` secret of the target account and region by ARN; Quay and ECR Public rules name none |',
  '| `repository-credentials-ecr` | `repositoryCredentials` only on images outside ECR (ECS pulls ECR images with the execution role) |',
  '| `ci-no-subject` | `ci.github` names at least one branch or environment (no workflow could assume the roles otherwise) |',
  '| `ci-branch-name` | every `ci.github.branches` entry is a branch name git accepts (git check-ref-format --branch) |',
  '| `ci-build-repository` | every `ci.github.builds` key names a repository under `ecr.repositories` |',
  '| `copy-from-conflict` | two containers do not copy different sources into one repository tag |',
  '| `self-dependency`, `dependency-cycle` | `dependsOn` names other containers, without cycles |',
  '| `no-essential-container` | every app has an essential container |',
  '| `scaling-range`, `desired-count` | `scaling.min ≤ scaling.max`; `desiredCount` within them |',
  '| `schedule-exposed` | a scheduled app has no `expose` |',
  '| `public-app-no-task` | a public app runs at least one task: `scaling.min` (or, without `scaling`, `desiredCount`) is not 0 (with no task its target group has no healthy target: 503s, and a cutover keeps its hostnames on DigitalOcean) |',
  '| `blue-green-needs-public`, `blue-green-settings-missing`, `blue-green-settings-unused`, `blue-green-test-port` | `deployment.strategy: blue-green` only on a public service, with `deployment.blueGreen` (and `blueGreen` only with it); each test listener on its own port, not 80 or 443 |',
  '| `blue-green-replaces-service` (warning) | a blue/green app: if it runs on AWS with the rolling strategy today, the apply replaces its live ECS service (`<app>-bg` created beside it, then the rolling one destroyed) |',
  "| `blue-green-pinned-deploy` (warning) | blue-green with `imageTagMode: pinned`: an apply registers the revision, CodeDeploy deploys it (the plan's manual step) |",
  "| `blue-green-pinned-change` (`plan --base` only) | an app that deploys blue-green in the base spec and in this one keeps its target groups' port (`expose.public.port`) and protocol version (the exposed container's `appProtocol`): CodeDeploy's service and listener rules keep the old target groups ([apps.md](apps.md#changing-what-codedeploy-pins)) |",
  '| `wrong-engine`, `missing-engine` | databases come from mysql/pg, caches from redis/valkey; an engine is known |',
  '| `engine-version`, `aurora-version` | RDS offers the version (MySQL 8.0/8.4, PostgreSQL 13–18), ElastiCache offers the cache version |',
  '| `storage-range` | `maxStorageGb ≥ storageGb` |',
  '| `replicas-need-aurora` | `readReplicas > 0` needs `aurora: true` (RDS cannot replicate an instance whose master password it manages) |',
  '| `serverless-needs-aurora`, `serverless-range` | `serverlessV2` needs `aurora: true` and no `instanceClass` (its instances are `db.serverless`); `minAcu` ≤ `maxAcu` |',
  '| `log-retention` | `logRetentionDays` and `flowLogs.retentionDays` are periods CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...) |',
  '| `dms-without-source` | `migration.method: dms` needs `from` |',
  "| `cdktf-token-text` | no value or map key holds cdktf's token encoding (`${TfToken[`, `#{TfToken[`, `&{TfToken[`, or the decimal text of a number token): cdktf would resolve it to a reference |",
  "| `reference-marker-text` | no value or map key holds U+E000 or U+E001, the private-use characters that mark dropship's own references in the documents it builds (container definitions, IAM policies): it would be rendered as a reference |",
  '| `dns/record-data` | the data of an A record is an IPv4 address, of an AAAA record an IPv6 address, of a CNAME a host name |',
  '| `cutover-phases`, `cutover-current` | phases rise strictly (0–100); `current` is one of them |',
  '| `cutover-shared-hostname-address` | with `cutover:`, a hostname several apps share (by path) answers today, in a zone the cutover writes, only addresses of droplets (`ipv4.public`) or load balancers (`ip`) of the inventory: the cutover weights it against what it answers today ([cutover.md](cutover.md#one-hostname-several-apps)) |',
  "| `cutover-alarm-region` | with `cutover:` and a public hostname in a zone dropship weights, `aws.region` is one Route 53 reads CloudWatch alarms in (the AWS side's health check is a CLOUDWATCH_METRIC check on an alarm there; Route 53 API reference, AlarmIdentifier.Region) |",
  "| `cutover-health-check-unanswered` | each DigitalOcean endpoint the cutover weights answers a Route 53 HTTP or HTTPS check: a load balancer has an `http`, `https`, `http2`, `http3` (or, on the check's port, `tcp`) forwarding rule, a droplet behind firewalls has an inbound TCP rule on the check's port, 443 or 80; the check follows what answers (decision `cutover.healthCheck.derived`) |",
  '| `do-health-check-default` (warning) | below `cutover.current: 100`, with `cutover.healthCheck.port` not written: a hostname in a zone dropship weights whose DigitalOcean side includes a load balancer without `forwardingRules` or a droplet no firewall covers: its Route 53 check probes the default (443 for HTTPS, 80 for HTTP) on the health path, a guess the inventory does not back; an always-failing check sends all traffic to AWS from the first split phase. Writing the port states what answers ([cutover.md](cutover.md#the-digitalocean-side)) |',
  '| `do-managed-certificate-renewal` (warning) | below `cutover.current: 100`: a TLS-terminating forwarding rule (`https`, `http2`, `http3` without passthrough) of a load balancer serving a hostname of a `dns: digitalocean` domain whose `certificate` is listed under `digitalocean.certificates` with `type: lets_encrypt`: DigitalOcean renews it through its own DNS, which stops at the nameserver switch; with a 90-day lifetime renewed 30 days before expiry, it has 30 to 90 days left then ([cutover.md](cutover.md#digitalocean-certificates-after-the-nameserver-switch)) |',
  "| `move-first-split-phase` (warning) | `cutover.dataMode: move-first` with a phase strictly between 0 and 100: the droplets' share of visitors writes to the DigitalOcean copy (fails when read-only, else writes at two sites) |",
  "| `droplet-database-split-writes` | a database an app uses with no `from` (on a droplet, not a DigitalOcean cluster) under `cutover.dataMode: digitalocean-until-100` (explicit or default) with a phase strictly between 0 and 100: the AWS tasks cannot use the droplet's database, so they would write to the empty RDS while the droplets write to theirs. Use move-first, or phases [0, 100] |",
  '| `data-mode-needs-nat` | `cutover.dataMode: digitalocean-until-100` (the AWS tasks stay on the DigitalOcean databases and caches until 100 %) needs a NAT gateway when an app uses a database or cache migrated `from` DigitalOcean |',
  "| `data-moved-before-100` | `cutover.dataMoved: true` only at `cutover.current: 100`: below it the AWS tasks would write to RDS/ElastiCache while the droplets' share writes to DigitalOcean (two writers). To roll back after the move, copy the AWS writes back, set `dataMoved: false`, then roll back |",
  "| `staying-droplet-needs-nat` | an app whose droplets reach a droplet that stays on DigitalOcean (an inbound rule of that droplet's firewall names them) needs a NAT gateway |",
  '| `env-name-empty` | no variable of `environment` or `secrets` has an empty name |',
  '| `env-secret-conflict` | a variable is not both in `environment` and `secrets` |',
  "| `uses-not-in-app`, `uses-ambiguous`, `uses-duplicate`, `uses-empty-env` | each entry of a container's `uses` names a database or cache of its app's `uses` (a short name that is both is written `{ database }` or `{ cache }`), once, and an `env` mapping names at least one setting |",
  '| `injected-variable-conflict` | no variable a container receives from a database or cache (`DB_HOST`, or the name its `uses` chose) is also in its `environment` or `secrets` (rename one through `uses[].env`) |',
  '| `injected-variable-clash` | no two settings a container receives take the same variable name |',
  "| `access-logs-region` | while dropship creates the ALB's access-log bucket (logs on, no `bucket` named, a public app), `aws.region` is one whose log writer it knows: the region's Elastic Load Balancing account, or `logdelivery.elasticloadbalancing.amazonaws.com` for regions opened in August 2022 or later (schema/facts/elb-log-delivery.ts) |",
  '| `access-logs-bucket-clash` | while dropship creates the access-log bucket, no `storage.buckets` entry is named `alb-logs` (the same S3 name) |',
  '| `access-logs-disabled-with-settings`, `access-logs-existing-bucket-lifecycle` | `aws.loadBalancer.accessLogs.enabled: false` comes without `bucket`, `prefix` or `expirationDays`; `expirationDays` only with the bucket dropship creates |',
  '| `space-taken-twice`, `bucket-access-duplicate` | a bucket takes over at most one Space of `digitalocean.spaces` and no Space feeds two buckets; an app is granted a bucket once |',
  '| `lifecycle-rule-no-action`, `lifecycle-rule-id-duplicate` | every lifecycle rule of a Space has an action (expiration, noncurrent-version expiration or aborting multipart uploads) and a distinct id (`rule-<position>` when it has none): S3 refuses the whole configuration otherwise |',
  '| `cdn-domain`, `cdn-apex`, `cdn-hostname-taken` | the custom domain of a CDN endpoint whose Space becomes a bucket is under a declared domain whose DNS moves to Route 53 (its CloudFront certificate validates there), is not the zone apex (it is cut over with weighted CNAME records) and is no app’s public hostname |',
  '| `bucket-variable-clash`, `bucket-variable-conflict` | the variables an app receives for its buckets (`S3_BUCKET`, `S3_REGION`, or the names `access[].env` chooses) are distinct and not set by its containers |',
  '| `literal-secret` | no secret is written as a literal anywhere in the spec (see Literal secrets below); an environment variable that only looks like one is waived with `waivers: [{ variable, reason }]` |',
  '',
  'Then, on a spec those rules accept, what its parts become on AWS (`plan` and `synth` stop at these too):',
  '',
  '| code | rule |',
  '|---|---|',
  '| `data/unknown-size` | a DigitalOcean database size maps to an RDS class or an ElastiCache node type (else set `instanceClass` or `nodeType`) |',
  '| `data/instance-class` | an explicit `instanceClass` is one the engine offers: Aurora MySQL / PostgreSQL have their own list (no db.m*, only medium and large of db.t3/db.t4g), RDS its (`schema/facts/db-class-support.ts`); the hint names the nearest offered classes |',
  '| `data/max-storage` | the storage ceiling (`maxStorageGb`, else twice the storage) is above the allocated storage |',
  '| `data/aurora-too-many-replicas` | an Aurora cluster holds at most 16 instances: the writer, the Multi-AZ standby and the readers |',
  '| `data/instance-identifier-clash` | no two databases need one RDS instance identifier (Aurora numbers its instances `<database>-1`, `-2`, ...) |',
  "| `data/unsupported-version` | ElastiCache offers a cache's version as written, and dropship maps its source's version |",
  "| `data/source-connection` | DMS has the source's `host` and `port` (for the dump runbook, a warning: it falls back to `$DO_HOST` and 25060) |",
  "| `data/dms-source-secret` | DMS reads the source's password from a declared `passwordSecret` |",
  '| `data/dms-needs-nat` | DMS reaches DigitalOcean through the NAT gateways: not with `aws.network.vpc.nat: none` |',
  '| `data/dump-tables-without-dms` | `migration.dumpTables` only with `method: dms` (a dump copies every table) |',
  '| `data/dump-table-database` | a MySQL `migration.dumpTables` entry names a database the DMS task moves (`database.table`) |',
  '| `data/secret-name-reserved` | no secret takes a name dropship gives its own (`db-<database>-app`, `cache-<cache>-auth`, `dms-<database>-target`) |',
  '| `dns/caa-forbids-amazon` | the CAA records of every public hostname let ACM issue the ALB certificate |',
  "| `apps/invalid` | listener rule priorities are distinct and at most 50,000 (an explicit priority can run into another app's rules) |",
  "| `cutover/health-check-key-clash` | no two endpoints behind one hostname give the cutover's health checks one name (`<host>__<endpoint>`: a droplet and a load balancer of one name) |",
  '',
  'Warnings (valid, but worth a look): `nat-none`, `schedule-scaling`, `cutover-incomplete`,',
  '`lifecycle-expiration-keeps-versions` (a Space lifecycle rule that expires objects without',
  '`noncurrentVersionExpirationDays`: the versioned bucket keeps each expired object as a billed noncurrent version),',
  "`cutover-ttl-skews-weights` (a `cutover.ttl` other than the alias's fixed 60 s), `alb-no-catch-all` (a",
  'hostname that answers today whose apps have no `/*` path: other paths get the ALB’s 404),',
  '`cutover-without-public-app`, `unused-secret`, `unused-repository`, `unused-database`, `unused-cache`,',
  '`unmigrated-database`, `unused-secret-waiver`, `uses-without-tls-setting` (a `uses` env mapping without `sslmode`, or without `tls`/`scheme`: every store accepts TLS only; `false` says the image turns TLS on by itself), `uses-not-received` (a database or cache of the app that no',
  'container receives, e.g. a third-party image without `uses`), `data/extended-support` (a version past or within a',
  "year of the end of RDS standard support, as of the engine facts' date; the plan prices Extended Support),",
  '`data/replicas-need-aurora` (read-only nodes that RDS does not recreate), `data/single-node-cache` (a production',
  'cache that holds sessions or queues kept on one node by `nodes: 1`), `data/left-behind-databases` (a DMS task',
  "from a PostgreSQL cluster reads one database: the cluster's others stay on DigitalOcean), `volume-shared-owner` (an",
  "entry of a shared EFS file system whose container runs outside the first entry's group: it cannot read the files),",
  '`data/secret-name-suffix` (a name Secrets Manager would read as an ARN suffix), `staying-droplet-without-address`',
  '(a droplet that stays on DigitalOcean and that an app reaches has no public IPv4 in the inventory),',
  '`data-moved-ignored` (`cutover.dataMoved` in `move-first`, where it changes nothing).',
  '',
  '## Literal secrets',
  '',
  'Every string of the spec reaches a task definition, the Terraform or the plan verbatim, so `validate`',
  'refuses a credential written into any of them (`literal-secret`): environment values, `command`,',
  '`entryPoint`, health-check commands, image URIs, sidecars, descriptions, DNS records, tags and every other',
  'field, a field added later included (the check reads every string of the parsed spec, mapping keys and',
  'environment variable names too; string lists such as `command` are read as one command line). Credentials',
  'belong under `secrets:` and reach a container by ARN through its `secrets: { VARIABLE: <secret> }`.',
  '',
  'What counts as a secret:',
  '',
  '- by its shape, in any field (patterns after gitleaks, secretlint and detect-secrets, listed with their',
  '  sources in `schema/secrets/rules.ts`): private keys (PEM, OpenSSH, PGP, PuTTY, age), an AWS access key',
  '  id (alone or with its secret access key), JSON Web Tokens, tokens of GitHub, GitLab, Slack (and Slack and',
  '  Discord webhook URLs), Stripe (`sk_`/`rk_` live, test), Google API keys, npm, PyPI, Docker Hub, SendGrid,',
  '  Twilio, Shopify, OpenAI, Anthropic, Hugging Face, Linear, 1Password, Vault, Databricks, Grafana, Sentry,',
  '  Postman, New Relic, Doppler, DigitalOcean and Telegram; passwords in URLs (`scheme://user:password@`,',
  '  also inside a longer value or without a scheme before a host), in URL queries (`?password=`, `pwd=`,',
  '  `token=`, `api_key=`, `sig=`, ...), in JDBC and ADO.NET connection strings (`;password=`, `AccountKey=`),',
  '  `Authorization:` and `X-Api-Key:` headers, `curl -u user:password`, `mysql -pPASSWORD`, options such as',
  '  `--password=` or `--token VALUE`, and assignments to credential names in text (`DB_PASSWORD=...`,',
  '  `"api_token": "..."`). A reference is no secret: `$VAR`, `${VAR}`, `{{ ... }}`, `<password>`, and a shell',
  '  command substitution, `$(...)` or backquoted, that the value reads the secret with',
  '  (`--password=$(cat /run/secrets/db)`, `PGPASSWORD=$(printenv DB_PASS) psql`).',
  '- by its name, for environment variables: a last word PASSWORD, PASSWD, PASS, PWD, SECRET, TOKEN, KEY,',
  '  APIKEY, CREDENTIAL(S), PASSPHRASE or PRIVATEKEY (or a plural), a word ending in PASSWORD, TOKEN, SECRET,',
  '  ... (PGPASSWORD), or SECRET_KEY/PRIVATE_KEY anywhere, after trailing digits, versions, rotation and',
  '  environment words are set aside (PASSWORD1, AUTH_TOKEN_2, API_KEY_OLD, STRIPE_SECRET_PROD). Not',
  '  credentials: names whose last word is something else (AWS_ACCESS_KEY_ID, PASSWORD_MIN_LENGTH, TOKEN_TTL,',
  '  SECRET_NAME, DB_PASSWORD_FILE), public halves (*_PUBLIC_KEY, *_PUBLISHABLE_KEY, *_SITE_KEY), PWD alone, and',
  '  values that are ARNs.',
  '',
  'No generic high-entropy rule: commit SHAs, image digests, UUIDs, base64 data and public keys are as random',
  'as secrets, and every such rule tried flagged some of them.',
  '',
  'A variable that only looks like a secret (`SORT_KEY: created_at`, a public key that the browser gets) is',
  'waived, with a written reason, by `waivers: [{ variable: SORT_KEY, app: web, container: app, reason: ... }]`',
  '(`app` and `container` narrow it; without them it covers the variable in every container). The plan lists',
  'every waived variable with what made it look like a secret and the reason; DS017 (`dropship check`) leaves',
  'it alone; a waiver that matches nothing is the warning `unused-secret-waiver`. A waiver covers a name and',
  'the shapes a harmless value may take too (a JWT, a password in a URL or a query, an `Authorization:` header,',
  'an option or assignment in text, a connection string, a Twilio-like `SK` key); it never covers the shape of a',
  "real credential (key material, AWS key ids, tokens with a vendor prefix: `confidence: 'high'` in",
  '`schema/secrets/rules.ts`), which stays `literal-secret` with the hint to pass it by ARN. Other fields have no',
  'waiver: their rules match only the shapes of real credentials.',
  '',
  'No diagnostic shows a secret: the message names its kind and keeps only what names that kind and the',
  "length (`sk_live_**** (32 characters)`), and code frames, `--format json` and the plan's warnings mask",
  'every secret of the file, on the line of any diagnostic.',
];
