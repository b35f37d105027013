/**
 * The cutover's health checks are named `health-<app>-<endpoint>`: two (app, endpoint) pairs that would share
 * a name are refused by the rules (schema/rules/cutover.ts checkHealthCheckNames), located at the later
 * endpoint, with the code the compiler used to throw.
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
  it('are a located error when the spec is loaded, not a duplicate construct id at synth', () => {
    const loaded = loadSpecText(clashingText(), 'clash.yaml');
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.diagnostics).toHaveLength(1);
    const [d] = loaded.diagnostics;
    expect(d).toMatchObject({
      severity: 'error',
      code: 'cutover/health-check-key-clash',
      file: 'clash.yaml',
      path: 'apps[1].droplets[0]',
    });
    expect(clashingText().split('\n')[d.line - 1]).toContain('droplets: [web-a-1]');
    expect(d.message).toContain('health-shop-web-a-1');
    expect(d.hint).toMatch(/rename/);
  });

  it('are no clash without a cutover, or where the domain is served outside Route 53', () => {
    const text = clashingText();
    expect(loadSpecText(text.replace(/cutover:[\s\S]*$/, ''), 'clash.yaml').ok).toBe(true);
    expect(loadSpecText(text.replace('dns: route53', 'dns: external'), 'clash.yaml').ok).toBe(true);
  });
});
