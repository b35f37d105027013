/**
 * The invalid corpus: small documents (BASE with one line changed, or whole texts) and the exact diagnostic
 * each must produce — code, spec path, line, column and message — plus the number of errors.
 */
import { loadSpecText } from '../../schema/load';
import type { Diagnostic } from '../../schema/diagnostics';
import { BASE, patch } from './base-spec';

interface Case {
  name: string;
  text: string;
  expect: Pick<Diagnostic, 'code' | 'path' | 'line' | 'column' | 'message'>;
  /** Errors in total (default 1). */
  errors?: number;
  /** The hint the expected diagnostic carries, where the case is about the hint. */
  hint?: string;
  /** The `expected:` line, where the case is about it. */
  expected?: string;
}

const CASES: Case[] = [
  {
    name: 'empty file',
    text: '',
    expect: { code: 'empty-file', path: '', line: 1, column: 1, message: 'the file has no content' },
  },
  {
    name: 'comments only',
    text: '# nothing here yet\n',
    expect: { code: 'empty-file', path: '', line: 1, column: 1, message: 'the file has no content' },
  },
  {
    name: 'top-level list',
    text: '- version: 1\n- project: shop\n',
    expect: {
      code: 'not-a-mapping',
      path: '',
      line: 1,
      column: 1,
      message: 'the document must be a mapping (key: value lines), got a list',
    },
  },
  {
    name: 'top-level scalar',
    text: 'hello world\n',
    expect: {
      code: 'not-a-mapping',
      path: '',
      line: 1,
      column: 1,
      message: 'the document must be a mapping (key: value lines), got a string',
    },
  },
  {
    name: 'unclosed flow sequence',
    text: patch('[us-east-1a, us-east-1b]', '[us-east-1a, us-east-1b'),
    expect: {
      code: 'yaml/bad-indent',
      path: 'aws.network',
      line: 7,
      column: 3,
      message: 'Flow sequence in block collection must be sufficiently indented and end with a ]',
    },
  },
  {
    name: 'tab indentation',
    text: patch('  region: us-east-1', '\tregion: us-east-1'),
    expect: {
      code: 'yaml/tab-as-indent',
      path: '',
      line: 5,
      column: 1,
      message: 'tabs cannot indent YAML; use spaces (Tabs are not allowed as indentation)',
    },
    errors: 2,
  },
  {
    name: 'bad indentation',
    text: patch('  environment: prod'.slice(2), ' environment: prod'),
    expect: {
      code: 'yaml/block-as-implicit-key',
      path: '',
      line: 2,
      column: 10,
      message:
        'a nested block cannot be used as a key (is a colon missing, or the indentation off?) (Nested mappings are not allowed in compact mappings)',
    },
  },
  {
    name: 'duplicate top-level key',
    text: patch('environment: prod\n', 'environment: prod\nproject: other\n'),
    expect: {
      code: 'yaml/duplicate-key',
      path: 'project',
      line: 4,
      column: 1,
      message: 'duplicate key `project` (first defined on line 2)',
    },
  },
  {
    name: 'duplicate nested key',
    text: patch('        port: 9000\n', '        port: 9000\n        port: 9001\n'),
    expect: {
      code: 'yaml/duplicate-key',
      path: 'apps[0].containers[1].port',
      line: 42,
      column: 9,
      message: 'duplicate key `port` (first defined on line 41)',
    },
  },
  {
    name: 'alias bomb',
    text: 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
    expect: {
      code: 'yaml/alias-limit',
      path: '',
      line: 2, // the first alias
      column: 8,
      message: 'the document expands more than 100 aliases (*name); refusing to expand it',
    },
  },
  {
    name: 'two documents',
    text: BASE + '---\nversion: 1\n',
    expect: {
      code: 'yaml/multiple-docs',
      path: '',
      line: 55,
      column: 1,
      message:
        'the file holds more than one YAML document (a second `---`); migration.yaml is one document (Source contains multiple documents; please use YAML.parseAllDocuments())',
    },
  },
  {
    name: 'version 2',
    text: patch('version: 1', 'version: 2'),
    expect: { code: 'invalid-value', path: 'version', line: 1, column: 10, message: 'must be 1, got 2' },
  },
  {
    name: 'quoted port',
    text: patch('port: 80\n', 'port: "80"\n'),
    expect: {
      code: 'invalid-type',
      path: 'apps[0].containers[0].port',
      line: 36,
      column: 15,
      message: 'expected a number, got the string "80"',
    },
    hint: 'remove the quotes: write 80, not "80"',
  },
  {
    name: 'port out of range',
    text: patch('port: 80\n', 'port: 70000\n'),
    expect: {
      code: 'too-big',
      path: 'apps[0].containers[0].port',
      line: 36,
      column: 15,
      message: '70000 is above the maximum 65535',
    },
  },
  {
    name: 'empty port',
    text: patch('port: 80\n', 'port:\n'),
    expect: {
      code: 'invalid-type',
      path: 'apps[0].containers[0].port',
      line: 36,
      column: 14,
      message: 'expected a number, got an empty value',
    },
  },
  {
    name: 'uppercase project',
    text: patch('project: shop', 'project: Shop'),
    expect: {
      code: 'invalid-format',
      path: 'project',
      line: 2,
      column: 10,
      message:
        '"Shop" is not a name of lowercase letters, digits and hyphens that starts with a letter and does not end with a hyphen',
    },
    hint: 'write it in lowercase: shop',
  },
  {
    name: 'missing region',
    text: patch('  region: us-east-1\n', ''),
    expect: {
      code: 'missing-key',
      path: 'aws.region',
      line: 5,
      column: 3,
      message: 'missing required key `region`',
    },
  },
  // China and GovCloud: other service principals, policy ARNs and endpoint names, so refused by name.
  ...['cn-north-1', 'us-gov-west-1'].map((region) => ({
    name: `a ${region} region (China and GovCloud are not supported)`,
    text: patch('  region: us-east-1\n', `  region: ${region}\n`),
    expect: {
      code: 'invalid-format',
      path: 'aws.region',
      line: 5,
      column: 11,
      message: `"${region}" is not an AWS region such as us-east-1 (China and GovCloud regions are not supported)`,
    },
  })),
  {
    name: 'one zone',
    text: patch('[us-east-1a, us-east-1b]', '[us-east-1a]'),
    expect: {
      code: 'too-small',
      path: 'aws.availabilityZones',
      line: 6,
      column: 22,
      message: 'needs at least 2 items, has 1',
    },
  },
  {
    name: 'cidr without prefix',
    text: patch('cidr: 10.0.0.0/16', 'cidr: 10.0.0.0'),
    expect: {
      code: 'invalid-format',
      path: 'aws.network.vpc.cidr',
      line: 9,
      column: 13,
      message: '"10.0.0.0" is not an IPv4 CIDR block (such as 10.0.0.0/16)',
    },
  },
  {
    name: 'nat typo',
    text: patch(
      '      privateSubnets: [10.0.10.0/24, 10.0.11.0/24]\n',
      '      privateSubnets: [10.0.10.0/24, 10.0.11.0/24]\n      nat: perAz\n',
    ),
    expect: {
      code: 'invalid-value',
      path: 'aws.network.vpc.nat',
      line: 12,
      column: 12,
      message: '"perAz" is not one of: single, per-az, none',
    },
    hint: 'did you mean `per-az`?',
  },
  {
    name: 'image of unknown shape',
    text: patch('image: { uri: "php:8.3-fpm" }', 'image: { repo: php }'),
    expect: {
      code: 'invalid-union',
      path: 'apps[0].containers[1].image',
      line: 40,
      column: 16,
      message:
        '`image` must be one of these shapes: { repository, tag?, copyFrom? } or { uri, pullThroughCache? }; got a mapping with keys repo',
    },
  },
  {
    name: 'image is a number',
    text: patch('image: { uri: "php:8.3-fpm" }', 'image: 5'),
    expect: {
      code: 'invalid-union',
      path: 'apps[0].containers[1].image',
      line: 40,
      column: 16,
      message:
        '`image` must be one of these shapes: { repository, tag?, copyFrom? } or { uri, pullThroughCache? }; got the number 5',
    },
  },
  {
    name: 'image tag typo',
    text: patch('tag: "1.0" }', 'tagg: "1.0" }'),
    expect: {
      code: 'unknown-key',
      path: 'apps[0].containers[0].image.tagg',
      line: 35,
      column: 40,
      message: 'unknown key `tagg`',
    },
    hint: 'did you mean `tag`?',
  },
  {
    name: 'network of unknown shape',
    text: patch('    vpc:\n      cidr', '    vpcc:\n      cidr'),
    expect: {
      code: 'invalid-union',
      path: 'aws.network',
      line: 8,
      column: 5,
      message: '`network` must be one of these shapes: { vpc } or { existing }; got a mapping with keys vpcc',
    },
  },
  {
    name: 'expose both public and internal',
    text: patch(
      '    expose:\n      public:',
      '    expose:\n      internal: { container: php, port: 9000 }\n      public:',
    ),
    expect: {
      code: 'invalid-union',
      path: 'apps[0].expose',
      line: 44,
      column: 7,
      message:
        '`expose` must be one of these shapes: { public } or { internal }; got a mapping with keys internal, public',
    },
  },
  {
    name: 'containers typo',
    text: patch('    containers:\n', '    contianers:\n'),
    expect: {
      code: 'unknown-key',
      path: 'apps[0].contianers',
      line: 33,
      column: 5,
      message: 'unknown key `contianers`',
    },
    hint: 'did you mean `containers`?',
  },
  {
    name: 'environment is a list',
    text: patch('environment: { APP_ENV: production }', 'environment: [APP_ENV=production]'),
    expect: {
      code: 'invalid-type',
      path: 'apps[0].containers[1].environment',
      line: 42,
      column: 22,
      message: 'expected a mapping, got a list',
    },
  },
  {
    name: 'health check interval',
    text: patch('  current: 0\n', '  current: 0\n  healthCheck: { interval: 20 }\n'),
    expect: {
      code: 'invalid-value',
      path: 'cutover.healthCheck.interval',
      line: 55,
      column: 28,
      message: '20 is not one of: 10, 30',
    },
  },
  {
    name: 'backend type typo',
    text: patch(
      '      privateSubnets: [10.0.10.0/24, 10.0.11.0/24]\n',
      '      privateSubnets: [10.0.10.0/24, 10.0.11.0/24]\n  backend: { type: s4 }\n',
    ),
    expect: {
      code: 'invalid-value',
      path: 'aws.backend.type',
      line: 12,
      column: 20,
      message: '"s4" is not one of: local, s3',
    },
  },
  {
    name: 'a tag value outside the AWS tag character set (a Terraform template, say)',
    text: patch('  region: us-east-1\n', '  region: us-east-1\n  tags: { Owner: "${USER}" }\n'),
    expect: {
      code: 'invalid-format',
      path: 'aws.tags.Owner',
      line: 6,
      column: 18,
      message:
        '"${USER}" is not valid: expected letters, digits, spaces and _ . : / = + - @ only (the AWS tag character set)',
    },
  },
  {
    name: 'unknown top-level key',
    text: patch('cutover:\n', 'cutovr:\n'),
    expect: { code: 'unknown-key', path: 'cutovr', line: 52, column: 1, message: 'unknown key `cutovr`' },
    hint: 'did you mean `cutover`?',
  },
  {
    name: 'duplicate droplet',
    text: patch(
      '    - { name: web-1, size: s-2vcpu-4gb, region: nyc3 }\n',
      '    - { name: web-1, size: s-2vcpu-4gb, region: nyc3 }\n    - { name: web-1, size: s-1vcpu-1gb, region: nyc3 }\n',
    ),
    expect: {
      code: 'duplicate-name',
      path: 'digitalocean.droplets[1].name',
      line: 15,
      column: 15,
      message: 'duplicate droplet name `web-1`',
    },
  },
  {
    name: 'duplicate container',
    text: patch('      - name: php\n', '      - name: nginx\n').replace('[{ container: php }]', '[]'),
    expect: {
      code: 'duplicate-name',
      path: 'apps[0].containers[1].name',
      line: 39,
      column: 15,
      message: 'duplicate container name `nginx`',
    },
    errors: 2,
  },
  {
    name: 'duplicate app',
    text: patch('databases:\n  - { name: main', 'databases:\n  - { name: main').replace(
      'apps:\n  - name: web\n',
      'apps:\n  - name: web\n    containers: [{ name: x, image: { uri: x:1 } }]\n  - name: web\n',
    ),
    expect: {
      code: 'duplicate-name',
      path: 'apps[1].name',
      line: 32,
      column: 11,
      message: 'duplicate app name `web`',
    },
  },
  {
    name: 'unknown droplet',
    text: patch('    droplets: [web-1]\n    loadBalancer', '    droplets: [web-3]\n    loadBalancer'),
    expect: {
      code: 'unresolved-reference',
      path: 'apps[0].droplets[0]',
      line: 31,
      column: 16,
      message: '`web-3` is not declared under digitalocean.droplets',
    },
    hint: 'did you mean `web-1`?',
  },
  {
    name: 'unknown load balancer',
    text: patch('loadBalancer: lb', 'loadBalancer: lb2'),
    expect: {
      code: 'unresolved-reference',
      path: 'apps[0].loadBalancer',
      line: 32,
      column: 19,
      message: '`lb2` is not declared under digitalocean.loadBalancers',
    },
  },
  {
    name: 'unknown database',
    text: patch('databases: [main]', 'databases: [mian]'),
    expect: {
      code: 'unresolved-reference',
      path: 'apps[0].uses.databases[0]',
      line: 45,
      column: 25,
      message: '`mian` is not declared under databases',
    },
  },
  {
    name: 'unknown cache',
    text: patch('caches: [sessions]', 'caches: [session]'),
    expect: {
      code: 'unresolved-reference',
      path: 'apps[0].uses.caches[0]',
      line: 45,
      column: 41,
      message: '`session` is not declared under caches',
    },
  },
  {
    name: 'unknown repository',
    text: patch('repository: shop/web', 'repository: shop/api'),
    expect: {
      code: 'unresolved-reference',
      path: 'apps[0].containers[0].image.repository',
      line: 35,
      column: 30,
      message: '`shop/api` is not declared under ecr.repositories',
    },
  },
  {
    name: 'unknown secret',
    text: patch('"stripe:secret_key"', '"strip:secret_key"'),
    expect: {
      code: 'unresolved-reference',
      path: 'apps[0].containers[0].secrets.STRIPE_KEY',
      line: 37,
      column: 32,
      message: '`strip` is not declared under secrets',
    },
  },
  {
    name: 'unknown secret key',
    text: patch('"stripe:secret_key"', '"stripe:secretkey"'),
    expect: {
      code: 'unknown-secret-key',
      path: 'apps[0].containers[0].secrets.STRIPE_KEY',
      line: 37,
      column: 32,
      message: 'secret `stripe` has no JSON key `secretkey`',
    },
    hint: 'did you mean `secret_key`?',
  },
  {
    name: 'expose unknown container',
    text: patch('container: nginx, port: 80', 'container: nginxx, port: 80'),
    expect: {
      code: 'unresolved-reference',
      path: 'apps[0].expose.public.container',
      line: 44,
      column: 59,
      message: '`nginxx` is not declared under the app’s containers',
    },
  },
  {
    name: 'expose wrong port',
    text: patch('container: nginx, port: 80', 'container: nginx, port: 8080'),
    expect: {
      code: 'target-port',
      path: 'apps[0].expose.public.port',
      line: 44,
      column: 72,
      message: 'container `nginx` listens on 80, not 8080',
    },
  },
  {
    name: 'expose container without port',
    text: patch('        port: 80\n', ''),
    expect: {
      code: 'target-without-port',
      path: 'apps[0].expose.public.container',
      line: 43,
      column: 59,
      message: 'container `nginx` has no port to receive traffic',
    },
  },
  {
    name: 'depends on itself',
    text: patch('[{ container: php }]', '[{ container: nginx }]'),
    expect: {
      code: 'self-dependency',
      path: 'apps[0].containers[0].dependsOn[0].container',
      line: 38,
      column: 34,
      message: 'container `nginx` depends on itself',
    },
  },
  {
    name: 'depends on missing',
    text: patch('[{ container: php }]', '[{ container: fpm }]'),
    expect: {
      code: 'unresolved-reference',
      path: 'apps[0].containers[0].dependsOn[0].container',
      line: 38,
      column: 34,
      message: '`fpm` is not declared under apps[0].containers',
    },
  },
  {
    name: 'dependency cycle',
    text: patch(
      '        environment: { APP_ENV: production }\n',
      '        environment: { APP_ENV: production }\n        dependsOn: [{ container: nginx }]\n',
    ),
    expect: {
      code: 'dependency-cycle',
      path: 'apps[0].containers[0].dependsOn',
      line: 38,
      column: 20,
      message: 'containers depend on each other in a cycle: nginx → php → nginx',
    },
  },
  {
    name: 'volume container missing',
    text: patch('container: php, mountPath', 'container: fpm, mountPath'),
    expect: {
      code: 'unresolved-reference',
      path: 'apps[0].volumes[0].container',
      line: 47,
      column: 50,
      message: '`fpm` is not declared under apps[0].containers',
    },
  },
  {
    name: 'volume from unknown',
    text: patch('from: uploads', 'from: upload'),
    expect: {
      code: 'unresolved-reference',
      path: 'apps[0].volumes[0].from',
      line: 47,
      column: 30,
      message: '`upload` is not declared under digitalocean.volumes',
    },
  },
  {
    name: 'database from redis',
    text: patch('{ name: main, from: do-mysql }', '{ name: main, from: do-redis }'),
    expect: {
      code: 'wrong-engine',
      path: 'databases[0].from',
      line: 49,
      column: 25,
      message: '`do-redis` is a redis database; RDS targets come from mysql or pg',
    },
  },
  {
    name: 'cache from mysql',
    text: patch('{ name: sessions, from: do-redis }', '{ name: sessions, from: do-mysql }'),
    expect: {
      code: 'wrong-engine',
      path: 'caches[0].from',
      line: 51,
      column: 29,
      message: '`do-mysql` is a mysql database; caches come from redis or valkey',
    },
  },
  {
    name: 'password secret unknown',
    text: patch('port: 25060 }', 'port: 25060, passwordSecret: mysql-pw }'),
    expect: {
      code: 'unresolved-reference',
      path: 'digitalocean.databases[0].passwordSecret',
      line: 18,
      column: 123,
      message: '`mysql-pw` is not declared under secrets',
    },
  },
  {
    name: 'route53ZoneId with DNS at DigitalOcean',
    text: patch(
      '{ name: example.com, dns: digitalocean }',
      '{ name: example.com, dns: digitalocean, route53ZoneId: Z0123456789ABC }',
    ),
    expect: {
      code: 'dns/zone-id-without-route53',
      path: 'digitalocean.domains[0].route53ZoneId',
      line: 21,
      column: 62,
      message:
        'route53ZoneId Z0123456789ABC is set but example.com is served by DigitalOcean DNS (dns: digitalocean): ' +
        'the cutover would weight records in a zone that answers no visitor',
    },
    expected: 'route53ZoneId only with dns: route53 (the zone that serves the domain today)',
    hint: 'remove route53ZoneId: dropship then creates the zone, copies the records and adds the delegation step',
  },
  {
    name: 'route53ZoneId with external DNS',
    text: patch(
      '{ name: example.com, dns: digitalocean }',
      '{ name: example.com, dns: external, route53ZoneId: Z0123456789ABC }',
    ),
    expect: {
      code: 'dns/zone-id-without-route53',
      path: 'digitalocean.domains[0].route53ZoneId',
      line: 21,
      column: 58,
      message:
        'route53ZoneId Z0123456789ABC is set but example.com is served by an external provider (dns: external): ' +
        'the cutover would weight records in a zone that answers no visitor',
    },
    hint: 'remove route53ZoneId (the switch is then done by hand at your provider), or delegate the domain to that zone first and set dns: route53',
  },
  {
    name: 'hostname outside domains',
    text: patch('hostnames: [shop.example.com]', 'hostnames: [shop.example.org]'),
    expect: {
      code: 'hostname-domain',
      path: 'apps[0].expose.public.hostnames[0]',
      line: 44,
      column: 29,
      message: 'hostname `shop.example.org` is not in any domain declared under digitalocean.domains',
    },
  },
  {
    name: 'zone outside region',
    text: patch('[us-east-1a, us-east-1b]', '[us-east-1a, us-west-2b]'),
    expect: {
      code: 'zone-region',
      path: 'aws.availabilityZones[1]',
      line: 6,
      column: 35,
      message: 'availability zone `us-west-2b` is not in region us-east-1',
    },
  },
  {
    name: 'subnet count',
    text: patch('[us-east-1a, us-east-1b]', '[us-east-1a, us-east-1b, us-east-1c]'),
    expect: {
      code: 'subnet-count',
      path: 'aws.network.vpc.publicSubnets',
      line: 10,
      column: 22,
      message:
        'publicSubnets has 2 entries but aws.availabilityZones has 3: give one per zone, in zone order',
    },
    errors: 2,
  },
  {
    name: 'subnet outside vpc',
    text: patch('10.0.1.0/24]', '10.1.1.0/24]'),
    expect: {
      code: 'subnet-outside-vpc',
      path: 'aws.network.vpc.publicSubnets[1]',
      line: 10,
      column: 36,
      message: 'subnet 10.1.1.0/24 is not inside the VPC CIDR 10.0.0.0/16',
    },
  },
  {
    name: 'subnets overlap',
    text: patch('10.0.11.0/24]', '10.0.10.128/25]'),
    expect: {
      code: 'subnet-overlap',
      path: 'aws.network.vpc.privateSubnets[1]',
      line: 11,
      column: 38,
      message: 'subnet 10.0.10.128/25 overlaps 10.0.10.0/24 (aws.network.vpc.privateSubnets[0])',
    },
  },
  {
    name: 'host bits',
    text: patch('cidr: 10.0.0.0/16', 'cidr: 10.0.0.1/16'),
    expect: {
      code: 'cidr-host-bits',
      path: 'aws.network.vpc.cidr',
      line: 9,
      column: 13,
      message: '10.0.0.1/16 has host bits set',
    },
    hint: 'did you mean 10.0.0.0/16?',
  },
  {
    name: 'fargate memory',
    text: patch('    loadBalancer: lb\n', '    loadBalancer: lb\n    size: { cpu: 1024, memory: 1024 }\n'),
    expect: {
      code: 'fargate-size',
      path: 'apps[0].size.memory',
      line: 33,
      column: 32,
      message: 'Fargate does not offer 1024 MiB with 1024 CPU units',
    },
    hint: 'the nearest valid size is cpu: 1024, memory: 2048',
    expected: 'with cpu 1024: 2048 to 8192 in steps of 1024',
  },
  {
    name: 'fargate cpu',
    text: patch('    loadBalancer: lb\n', '    loadBalancer: lb\n    size: { cpu: 300, memory: 1024 }\n'),
    expect: {
      code: 'fargate-size',
      path: 'apps[0].size.cpu',
      line: 33,
      column: 18,
      message: 'Fargate has no task CPU value 300',
    },
    hint: 'the nearest valid size is cpu: 512, memory: 1024',
  },
  {
    name: 'scaling min above max',
    text: patch('    loadBalancer: lb\n', '    loadBalancer: lb\n    scaling: { min: 5, max: 2 }\n'),
    expect: {
      code: 'scaling-range',
      path: 'apps[0].scaling.min',
      line: 33,
      column: 21,
      message: 'scaling.min (5) is greater than scaling.max (2)',
    },
  },
  {
    name: 'phases not ascending',
    text: patch('phases: [0, 50, 100]', 'phases: [0, 50, 10, 100]'),
    expect: {
      code: 'cutover-phases',
      path: 'cutover.phases[2]',
      line: 53,
      column: 19,
      message: 'phase 10 does not come after 50: phases must rise strictly',
    },
  },
  {
    name: 'current not a phase',
    text: patch('current: 0', 'current: 20'),
    expect: {
      code: 'cutover-current',
      path: 'cutover.current',
      line: 54,
      column: 12,
      message: 'current phase 20 is not one of the phases',
    },
    expected: 'one of: 0, 50, 100',
  },
  {
    name: 'schedule with expose',
    text: patch('    loadBalancer: lb\n', '    loadBalancer: lb\n    schedule: rate(1 hour)\n'),
    expect: {
      code: 'schedule-exposed',
      path: 'apps[0].expose',
      line: 45,
      column: 7,
      message: 'app `web` runs on a schedule and cannot also be exposed',
    },
  },
  {
    name: 'mysql 5.7',
    text: patch('{ name: main, from: do-mysql }', '{ name: main, from: do-mysql, version: "5.7" }'),
    expect: {
      code: 'engine-version',
      path: 'databases[0].version',
      line: 49,
      column: 44,
      message: 'RDS for mysql does not offer version 5.7',
    },
    expected: 'one of: 8.4, 8.0',
  },
  {
    name: 'postgres 12 from do',
    text: patch('engine: mysql, version: "8"', 'engine: pg, version: "12"'),
    expect: {
      code: 'engine-version',
      path: 'databases[0].from',
      line: 49,
      column: 25,
      message: '`do-mysql` runs pg 12, which RDS does not offer',
    },
  },
  {
    name: 'password in environment',
    text: patch('{ APP_ENV: production }', '{ APP_ENV: production, DB_PASSWORD: hunter2 }'),
    expect: {
      code: 'literal-secret',
      path: 'apps[0].containers[1].environment.DB_PASSWORD',
      line: 42,
      column: 58,
      message: 'DB_PASSWORD looks like a credential but is written as a literal value',
    },
  },
  {
    name: 'dsn with password',
    text: patch(
      '{ APP_ENV: production }',
      '{ APP_ENV: production, DATABASE_URL: "mysql://app:s3cret@db:3306/shop" }',
    ),
    expect: {
      code: 'literal-secret',
      path: 'apps[0].containers[1].environment.DATABASE_URL',
      line: 42,
      column: 59,
      message: 'DATABASE_URL holds a URL with a password in it',
    },
  },
  {
    name: 'env and secret both',
    text: patch(
      '        secrets: { STRIPE_KEY: "stripe:secret_key" }\n',
      '        secrets: { STRIPE_KEY: "stripe:secret_key" }\n        environment: { STRIPE_KEY: "" }\n',
    ),
    expect: {
      code: 'env-secret-conflict',
      path: 'apps[0].containers[0].environment.STRIPE_KEY',
      line: 38,
      column: 36,
      message: 'STRIPE_KEY is set both in environment and in secrets',
    },
  },
  {
    name: 'duplicate port',
    text: patch('        port: 9000\n', '        port: 80\n'),
    expect: {
      code: 'duplicate-port',
      path: 'apps[0].containers[1].port',
      line: 41,
      column: 15,
      message: 'port 80 is already used by container `nginx`',
    },
  },
  {
    name: 'no essential container',
    text: patch('        port: 9000\n', '        port: 9000\n        essential: false\n').replace(
      '        port: 80\n',
      '        port: 80\n        essential: false\n',
    ),
    expect: {
      code: 'no-essential-container',
      path: 'apps[0].containers',
      line: 34,
      column: 7,
      message: 'app `web` has no essential container',
    },
  },
  {
    name: 'quoted version',
    text: patch('version: 1', 'version: "1"'),
    expect: { code: 'invalid-value', path: 'version', line: 1, column: 10, message: 'must be 1, got "1"' },
    hint: 'remove the quotes: write 1',
  },
  {
    name: 'image as a plain string',
    text: patch('image: { uri: "php:8.3-fpm" }', 'image: php:8.3-fpm'),
    expect: {
      code: 'invalid-union',
      path: 'apps[0].containers[1].image',
      line: 40,
      column: 16,
      message:
        '`image` must be one of these shapes: { repository, tag?, copyFrom? } or { uri, pullThroughCache? }; got the string "php:8.3-fpm"',
    },
    hint: 'write image: { uri: "php:8.3-fpm" } for an external image, or { repository: <a name under ecr.repositories>, tag: "..." }',
  },
  {
    name: 'secrets as a list',
    text: patch(
      '        secrets: { STRIPE_KEY: "stripe:secret_key" }\n',
      '        secrets:\n          - STRIPE_KEY: "stripe:secret_key"\n',
    ),
    expect: {
      code: 'invalid-type',
      path: 'apps[0].containers[0].secrets',
      line: 38,
      column: 11,
      message: 'expected a mapping, got a list',
    },
    hint: 'write a mapping (one "key: value" per line), not a list of "- " items',
  },
  {
    name: 'crontab line as schedule',
    text: patch('    loadBalancer: lb\n', '    loadBalancer: lb\n    schedule: "30 2 * * 1-5"\n'),
    expect: {
      code: 'invalid-format',
      path: 'apps[0].schedule',
      line: 33,
      column: 15,
      message: '"30 2 * * 1-5" is not an EventBridge expression such as cron(0 3 * * ? *) or rate(1 hour)',
    },
    hint: 'EventBridge cron has six fields (day-of-week 1 = Sunday) and runs in UTC: write cron(30 2 ? * 2-6 *)',
  },
  {
    name: 'log retention CloudWatch does not offer',
    text: patch('    loadBalancer: lb\n', '    loadBalancer: lb\n    logRetentionDays: 45\n'),
    expect: {
      code: 'log-retention',
      path: 'apps[0].logRetentionDays',
      line: 33,
      column: 23,
      message: 'CloudWatch Logs cannot keep logs for 45 days',
    },
    hint: 'use 60',
  },
  {
    name: 'container health check timeout above the ECS limit',
    text: patch(
      '        port: 9000\n',
      '        port: 9000\n        healthCheck: { command: [CMD, "true"], timeout: 90 }\n',
    ),
    expect: {
      code: 'too-big',
      path: 'apps[0].containers[1].healthCheck.timeout',
      line: 42,
      column: 57,
      message: '90 is above the maximum 60',
    },
  },
  {
    name: 'read replicas without aurora',
    text: patch('{ name: main, from: do-mysql }', '{ name: main, from: do-mysql, readReplicas: 1 }'),
    expect: {
      code: 'replicas-need-aurora',
      path: 'databases[0].readReplicas',
      line: 49,
      column: 49,
      message: 'RDS read replicas need `aurora: true` here',
    },
  },
];

function errorsOf(text: string): Diagnostic[] {
  const result = loadSpecText(text, 'case.yaml');
  return result.ok ? [] : result.diagnostics.filter((d) => d.severity === 'error');
}

describe('the base document', () => {
  it('is valid without warnings, so each case below fails for its own reason', () => {
    const result = loadSpecText(BASE, 'base.yaml');
    // Its php container runs a third-party image (uri), which receives no credentials unless it lists
    // them: the app's database and cache reach no container. Only that is said.
    expect((result.ok ? result.warnings : result.diagnostics).map((d) => `${d.code} ${d.path}`)).toEqual([
      'uses-not-received apps[0].uses.databases[0]',
      'uses-not-received apps[0].uses.caches[0]',
    ]);
  });
});

describe('invalid corpus', () => {
  it('has at least 40 cases with distinct names', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const errors = errorsOf(c.text);
    expect(errors).toHaveLength(c.errors ?? 1);
    expect(errors).toContainEqual(
      expect.objectContaining({
        ...c.expect,
        ...(c.hint ? { hint: c.hint } : {}),
        ...(c.expected ? { expected: c.expected } : {}),
        file: 'case.yaml',
      }),
    );
    for (const e of errors) {
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.column).toBeGreaterThanOrEqual(1);
    }
  });
});
