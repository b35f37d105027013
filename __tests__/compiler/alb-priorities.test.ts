import { assignBasePriorities, MAX_RULE_PRIORITY } from '../../schema/inventory/listener-rules';
import type { AppSpec } from '../../schema/spec';

/** Just enough of an app for the priority rules: a name, and a public exposure with paths or none. */
function app(name: string, paths?: string[]): AppSpec {
  const expose = paths
    ? { public: { hostnames: [`${name}.example.com`], paths, container: 'c', port: 80 } }
    : undefined;
  return { name, expose } as unknown as AppSpec;
}

describe('listener rule base priorities', () => {
  it('numbers public apps among themselves, so many workers before them cannot push past the maximum', () => {
    const apps = [
      ...Array.from({ length: 600 }, (_, i) => app(`worker-${i}`)),
      app('web', ['/*']),
      app('api', ['/api/*']),
    ];
    const bases = assignBasePriorities(apps);
    expect(bases.get('web')).toBe(30100); // first public app, catch-all after every specific path
    expect(bases.get('api')).toBe(200);
    expect(bases.has('worker-0')).toBe(false);
  });

  it('keeps 100 public catch-all apps (an ALB holds 100 target groups) under the ALB maximum', () => {
    const apps = Array.from({ length: 100 }, (_, i) => app(`web-${i}`, ['/*']));
    const bases = [...assignBasePriorities(apps).values()];
    expect(new Set(bases).size).toBe(100);
    expect(Math.max(...bases)).toBeLessThanOrEqual(MAX_RULE_PRIORITY);
  });
});
