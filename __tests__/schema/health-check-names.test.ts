/**
 * The cutover's health checks are named `health-<host>__<endpoint>` (one per hostname and endpoint): what
 * clashed when they were per app (`<app>-<endpoint>`) no longer does; the rule stays for the one case left
 * (schema/rules/cutover.ts checkHealthCheckNames).
 */
import { loadSpecText } from '../../schema/load';

describe('cutover health check keys that two endpoints would share', () => {
  // App `shop-web` with droplet `a-1` and app `shop` with droplet `web-a-1`: both `shop-web-a-1`.
  const clashingText = (): string => {
    const app = (name: string, droplet: string, host: string) => `
  - name: ${name}
    droplets: [${droplet}]
    containers:
      - name: web
        image: { uri: 'nginx:1.27' }
        port: 80
    expose:
      public:
        hostnames: [${host}]
        container: web
        port: 80`;
    const droplet = (name: string, ip: string) => `
    - name: ${name}
      size: s-1vcpu-1gb
      region: ams3
      ipv4: { public: ${ip} }`;
    return `version: 1
project: demo
environment: staging
aws:
  region: eu-west-1
  availabilityZones: [eu-west-1a, eu-west-1b]
  network:
    vpc:
      cidr: 10.0.0.0/16
      publicSubnets: [10.0.0.0/24, 10.0.1.0/24]
      privateSubnets: [10.0.10.0/24, 10.0.11.0/24]
      nat: single
digitalocean:
  droplets:${droplet('a-1', '203.0.113.5')}${droplet('web-a-1', '203.0.113.6')}
  domains:
    - name: example.com
      dns: route53
apps:${app('shop-web', 'a-1', 'a.example.com')}${app('shop', 'web-a-1', 'b.example.com')}
cutover:
  phases: [0, 10, 100]
  current: 10
`;
  };
  it('are no clash now that checks are per hostname: the former per-app clash loads', () => {
    // Per app, `shop-web` + `a-1` and `shop` + `web-a-1` were both `shop-web-a-1`.
    expect(loadSpecText(clashingText(), 'clash.yaml').ok).toBe(true);
  });

  it('are no clash without a cutover, or where the domain is served outside Route 53', () => {
    const text = clashingText();
    expect(loadSpecText(text.replace(/cutover:[\s\S]*$/, ''), 'clash.yaml').ok).toBe(true);
    expect(loadSpecText(text.replace('dns: route53', 'dns: external'), 'clash.yaml').ok).toBe(true);
  });
});
