/**
 * A small valid migration.yaml for the invalid corpus: each case patches one line of it, so every expected
 * line and column below can be checked against this text (line numbers in the comments on the right).
 */
export const BASE = `version: 1
project: shop
environment: prod
aws:
  region: us-east-1
  availabilityZones: [us-east-1a, us-east-1b]
  network:
    vpc:
      cidr: 10.0.0.0/16
      publicSubnets: [10.0.0.0/24, 10.0.1.0/24]
      privateSubnets: [10.0.10.0/24, 10.0.11.0/24]
digitalocean:
  droplets:
    - { name: web-1, size: s-2vcpu-4gb, region: nyc3 }
  volumes:
    - { name: uploads, sizeGb: 10, droplet: web-1 }
  databases:
    - { name: do-mysql, engine: mysql, version: "8", size: db-s-2vcpu-4gb, host: db.example, port: 25060 }
    - { name: do-redis, engine: redis, version: "7", size: db-s-1vcpu-2gb }
  domains:
    - { name: example.com, dns: digitalocean }
  loadBalancers:
    - { name: lb, droplets: [web-1] }
ecr:
  repositories:
    - name: shop/web
secrets:
  - { name: stripe, keys: [secret_key] }
apps:
  - name: web
    droplets: [web-1]
    loadBalancer: lb
    containers:
      - name: nginx
        image: { repository: shop/web, tag: "1.0" }
        port: 80
        secrets: { STRIPE_KEY: "stripe:secret_key" }
        dependsOn: [{ container: php }]
      - name: php
        image: { uri: "php:8.3-fpm" }
        port: 9000
        environment: { APP_ENV: production }
    expose:
      public: { hostnames: [shop.example.com], container: nginx, port: 80 }
    uses: { databases: [main], caches: [sessions] }
    volumes:
      - { name: files, from: uploads, container: php, mountPath: /data }
databases:
  - { name: main, from: do-mysql }
caches:
  - { name: sessions, from: do-redis }
cutover:
  phases: [0, 50, 100]
  current: 0
`;

/** BASE with `search` (which must occur exactly once) replaced. */
export function patch(search: string, replacement: string, text = BASE): string {
  const at = text.indexOf(search);
  if (at < 0 || text.indexOf(search, at + 1) >= 0) {
    throw new Error(`patch target must occur exactly once: ${JSON.stringify(search)}`);
  }
  return text.slice(0, at) + replacement + text.slice(at + search.length);
}
